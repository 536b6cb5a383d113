#include "quant/observers/streaming_histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "quant/io/memory_budget.h"

namespace npusim::quant {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 30;  // uint32 sub-counters cannot overflow within a chunk
constexpr int kSubHistograms = 4;  // interleaved copies: repeated bins do not serialise on one counter

template <bool kMagnitude>
void bin_chunk(const float* values, std::size_t count, float lower, float inverse_width, int bins,
               std::vector<std::uint32_t>& sub) {
  const float last = static_cast<float>(bins - 1);
  std::uint32_t* s0 = sub.data();
  std::uint32_t* s1 = s0 + bins;
  std::uint32_t* s2 = s1 + bins;
  std::uint32_t* s3 = s2 + bins;
  auto index_of = [&](float x) {
    if (kMagnitude) x = std::fabs(x);
    float t = (x - lower) * inverse_width;
    t = t < 0.0f ? 0.0f : t;
    t = t > last ? last : t;
    return static_cast<int>(t);
  };
  std::size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    ++s0[index_of(values[i])];
    ++s1[index_of(values[i + 1])];
    ++s2[index_of(values[i + 2])];
    ++s3[index_of(values[i + 3])];
  }
  for (; i < count; ++i) ++s0[index_of(values[i])];
}

}  // namespace

StreamingHistogram::StreamingHistogram(int bins, Mode mode) : mode_(mode) {
  if (bins < 1) throw std::invalid_argument("histogram bins = " + std::to_string(bins) + " (must be >= 1)");
  io::reserve_elements(static_cast<std::uint64_t>(bins), sizeof(counts_[0]),
                       "a histogram of " + std::to_string(bins) + " bins", "histogram");
  counts_.assign(static_cast<std::size_t>(bins), 0);
}

void StreamingHistogram::cover(double lo, double hi) {
  const double n = static_cast<double>(counts_.size());
  if (total_ == 0) {
    lower_ = lo;
    width_ = (hi - lo) / n;
    if (!(width_ > 0.0)) width_ = std::max(std::fabs(lo), 1.0) * std::ldexp(1.0, -20) / n;
    return;
  }
  if (lo >= lower_ && hi <= upper_edge()) return;
  // j old bins added below, k old bins merged per new bin; both whole numbers (kept in double
  // so an enormous growth factor cannot overflow an integer).
  const double j = lo < lower_ ? std::ceil((lower_ - lo) / width_) : 0.0;
  const double new_lower = lower_ - j * width_;
  const double k = std::max({1.0, std::ceil((hi - new_lower) / (n * width_)), std::ceil((j + n) / n)});
  std::vector<std::uint64_t> merged(counts_.size(), 0);
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    const double target = std::floor((j + static_cast<double>(i)) / k);
    merged[static_cast<std::size_t>(std::min(target, n - 1.0))] += counts_[i];
  }
  counts_.swap(merged);
  lower_ = new_lower;
  width_ *= k;
  ++regrow_count_;
}

void StreamingHistogram::add(const float* values, std::size_t count, float batch_min, float batch_max) {
  if (count == 0) return;
  if (mode_ == Mode::kMagnitude) {
    const double magnitude_max = std::max(std::fabs(static_cast<double>(batch_min)), std::fabs(static_cast<double>(batch_max)));
    cover(0.0, magnitude_max);
  } else {
    cover(batch_min, batch_max);
  }
  const int bins = static_cast<int>(counts_.size());
  const float lower = static_cast<float>(lower_);
  const float inverse_width = static_cast<float>(1.0 / width_);
  std::vector<std::uint32_t> sub(static_cast<std::size_t>(bins) * kSubHistograms);
  for (std::size_t start = 0; start < count; start += kChunk) {
    const std::size_t length = std::min(kChunk, count - start);
    std::fill(sub.begin(), sub.end(), 0u);
    if (mode_ == Mode::kMagnitude) {
      bin_chunk<true>(values + start, length, lower, inverse_width, bins, sub);
    } else {
      bin_chunk<false>(values + start, length, lower, inverse_width, bins, sub);
    }
    for (int b = 0; b < bins; ++b) {
      for (int s = 0; s < kSubHistograms; ++s) counts_[static_cast<std::size_t>(b)] += sub[static_cast<std::size_t>(s * bins + b)];
    }
  }
  total_ += count;
}

}  // namespace npusim::quant
