#include "quant/metrics/metrics_report.h"

#include <algorithm>
#include <stdexcept>

#include "quant/metrics/error_metrics.h"
#include "quant/metrics/topk_hit.h"
#include "quant/observers/batch_scan.h"
#include "quant/layout/channel_layout.h"

namespace npusim::quant {
namespace {

void require_finite(const std::vector<float>& values, const char* which) {
  const BatchScan scan = scan_batch(values.data(), values.size());
  if (!scan.all_finite) {
    throw std::invalid_argument(std::string(which) + " tensor: " + describe_non_finite(values.data(), values.size()) +
                                "; metrics need finite values");
  }
}

MetricValues values_for(const float* ref, const float* test, std::size_t n, const std::vector<std::int64_t>& shape,
                        int topk_axis, const QParams& grid, const MetricsOptions& options) {
  MetricValues m;
  m.sqnr_db = sqnr_db(ref, test, n);
  m.cosine = cosine_similarity(ref, test, n);
  m.kl = histogram_kl_divergence(ref, n, test, n, options.kl);
  static_cast<CodeUsage&>(m) = code_usage(ref, n, grid, options.spec);
  m.topk_hit = topk_hit_rate(ref, test, shape, topk_axis, options.topk);
  m.max_abs_error = max_abs_error(ref, test, n);
  m.mse = mean_squared_error(ref, test, n);
  return m;
}

QParams grid_from_values(const float* values, std::size_t n, const QuantSpec& spec) {
  const auto [lo, hi] = std::minmax_element(values, values + n);
  return choose_qparams(*lo, *hi, spec);
}

}  // namespace

MetricsReport compute_metrics(const std::vector<float>& ref, const std::vector<float>& test,
                              const std::vector<std::int64_t>& shape, const MetricsOptions& options) {
  const ChannelLayout whole = make_channel_layout(shape, std::nullopt);
  if (ref.size() != whole.elements() || test.size() != whole.elements()) {
    throw std::invalid_argument("ref has " + std::to_string(ref.size()) + " values and test " +
                                std::to_string(test.size()) + " but the shape " + shape_to_string(shape) +
                                " holds " + std::to_string(whole.elements()));
  }
  if (ref.empty()) throw std::invalid_argument("ref and test are empty (shape " + shape_to_string(shape) + ")");
  require_finite(ref, "ref");
  require_finite(test, "test");

  MetricsReport report;
  report.grid_from_reference = options.grid.empty();
  const QParams tensor_grid = options.grid.empty() ? grid_from_values(ref.data(), ref.size(), options.spec) : options.grid[0];
  if (!options.channel_axis && options.grid.size() > 1) {
    throw std::invalid_argument(std::to_string(options.grid.size()) + " grid entries (scales) given for a per-tensor report");
  }
  report.tensor = values_for(ref.data(), test.data(), ref.size(), shape, options.topk_axis, tensor_grid, options);
  if (!options.channel_axis) return report;

  const ChannelLayout layout = make_channel_layout(shape, options.channel_axis);
  if (options.grid.size() > 1 && options.grid.size() != layout.channels) {
    throw std::invalid_argument(std::to_string(options.grid.size()) + " grid entries (scales) for " +
                                std::to_string(layout.channels) + " channels along axis " +
                                std::to_string(*options.channel_axis));
  }
  if (options.grid.size() > 1) {
    // A per-channel grid has no single per-tensor grid: the tensor row uses channel 0's only
    // for its code metrics, which would mislead; use the reference's own range instead.
    report.tensor = values_for(ref.data(), test.data(), ref.size(), shape, options.topk_axis,
                               grid_from_values(ref.data(), ref.size(), options.spec), options);
  }
  const auto ref_channels = gather_channels(ref.data(), layout);
  const auto test_channels = gather_channels(test.data(), layout);
  for (std::size_t c = 0; c < layout.channels; ++c) {
    const std::vector<float>& r = ref_channels[c];
    const std::vector<float>& t = test_channels[c];
    if (r.empty()) throw std::invalid_argument("channel " + std::to_string(c) + " is empty");
    QParams grid;
    if (options.grid.empty()) {
      grid = grid_from_values(r.data(), r.size(), options.spec);
    } else {
      grid = options.grid.size() == 1 ? options.grid[0] : options.grid[c];
    }
    report.channels.push_back(values_for(r.data(), t.data(), r.size(), {static_cast<std::int64_t>(r.size())}, 0,
                                         grid, options));
  }
  return report;
}

}  // namespace npusim::quant
