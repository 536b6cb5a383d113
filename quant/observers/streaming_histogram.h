// A fixed-bin-count histogram that accumulates batches and grows when a batch widens the
// range. Growth is exact re-binning: the new bin width is an integer multiple k of the old
// one and the new lower edge lies a whole number j of old bins below the old one, so every
// old bin falls entirely inside new bin floor((j + i) / k) and no count is split or
// interpolated. The price: after growth the histogram covers up to k times more than the data
// needs (at most about twice the data range when k > 1).
//
// Mode kSigned bins x over [lower, lower + bins * width); mode kMagnitude bins |x| with the
// lower edge pinned at 0 (the TensorRT entropy histogram). Bin index = floor((x - lower) /
// width) evaluated in binary32 and clamped to [0, bins - 1], so the maximum lands in the
// last bin. A first batch with zero width (constant values) gets the width
// max(|x|, 1) * 2^-20 / bins, small enough that any later real spread re-bins it away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace npusim::quant {

class StreamingHistogram {
 public:
  enum class Mode { kSigned, kMagnitude };
  // bins >= 1 (throws std::invalid_argument otherwise).
  StreamingHistogram(int bins, Mode mode);

  // values must lie in [batch_min, batch_max] (the batch's exact min and max).
  void add(const float* values, std::size_t count, float batch_min, float batch_max);

  bool empty() const { return total_ == 0; }
  int bins() const { return static_cast<int>(counts_.size()); }
  double lower_edge() const { return lower_; }
  double bin_width() const { return width_; }
  double upper_edge() const { return lower_ + width_ * static_cast<double>(counts_.size()); }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  std::uint64_t total() const { return total_; }
  int regrow_count() const { return regrow_count_; }

 private:
  void cover(double lo, double hi);

  Mode mode_;
  std::vector<std::uint64_t> counts_;
  double lower_ = 0.0;
  double width_ = 0.0;
  std::uint64_t total_ = 0;
  int regrow_count_ = 0;
};

}  // namespace npusim::quant
