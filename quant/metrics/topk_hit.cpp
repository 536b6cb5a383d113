#include "quant/metrics/topk_hit.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <stdexcept>
#include <string>

#include "quant/layout/channel_layout.h"

namespace npusim::quant {

std::vector<std::size_t> topk_indices(const std::vector<float>& values, int k) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto ranks_before = [&](std::size_t a, std::size_t b) {
    return values[a] > values[b] || (values[a] == values[b] && a < b);
  };
  std::partial_sort(order.begin(), order.begin() + k, order.end(), ranks_before);
  order.resize(static_cast<std::size_t>(k));
  return order;
}

double topk_hit_rate(const float* ref, const float* test, const std::vector<std::int64_t>& shape, int axis, int k) {
  const ChannelLayout layout = make_channel_layout(shape, axis);  // channels = the slice length
  if (k < 1 || static_cast<std::size_t>(k) > layout.channels) {
    throw std::invalid_argument("top-k: k = " + std::to_string(k) + " but the slices along axis " +
                                std::to_string(axis) + " of shape " + shape_to_string(shape) + " have " +
                                std::to_string(layout.channels) + " entries");
  }
  const std::size_t slices = layout.outer * layout.inner;
  if (slices == 0) return 1.0;  // nothing to rank: vacuously the same
  std::vector<float> ref_slice(layout.channels), test_slice(layout.channels);
  double hits = 0.0;
  for (std::size_t o = 0; o < layout.outer; ++o) {
    for (std::size_t i = 0; i < layout.inner; ++i) {
      for (std::size_t c = 0; c < layout.channels; ++c) {
        const std::size_t flat = (o * layout.channels + c) * layout.inner + i;
        ref_slice[c] = ref[flat];
        test_slice[c] = test[flat];
      }
      std::vector<std::size_t> top_ref = topk_indices(ref_slice, k);
      std::vector<std::size_t> top_test = topk_indices(test_slice, k);
      std::sort(top_ref.begin(), top_ref.end());
      std::sort(top_test.begin(), top_test.end());
      std::vector<std::size_t> common;
      std::set_intersection(top_ref.begin(), top_ref.end(), top_test.begin(), top_test.end(),
                            std::back_inserter(common));
      hits += static_cast<double>(common.size()) / k;
    }
  }
  return hits / static_cast<double>(slices);
}

}  // namespace npusim::quant
