// Pooled statistics of depth values (the table in SEEDS.md section 2): count, min, max,
// mean, standard deviation and percentiles.
#pragma once

#include <cstdint>
#include <vector>

#include "models/data/depth_encoding.h"

namespace npusim::data {

struct DepthStatistics {
  std::uint64_t count = 0;  // valid pixels (depth > 0)
  double min_m = 0, max_m = 0, mean_m = 0, std_m = 0;
  double p05_m = 0, p25_m = 0, median_m = 0, p75_m = 0, p90_m = 0, p95_m = 0, p99_m = 0, p999_m = 0;
};

// Percentile with numpy's default ("linear") rule: position = q/100 * (n - 1) in the sorted
// values, interpolated between the two neighbours. `sorted` must be ascending, non-empty;
// q in [0, 100].
double percentile_linear(const std::vector<float>& sorted, double q);

// Statistics of the valid (> 0) values; sorts a copy. All zero when nothing is valid.
// The mean and std accumulate in double (population std, ddof = 0 like numpy's default).
DepthStatistics compute_depth_statistics(std::vector<float> depths_m);

// The same statistics over 16-bit depth codes in constant memory (a count per code), for
// datasets too large to keep every pixel: exact, because the values are the decoded codes.
// Code 0 (invalid) is counted apart.
class DepthCodeHistogram {
 public:
  DepthCodeHistogram();
  void add(std::uint16_t code) { ++counts_[code]; }
  std::uint64_t invalid() const { return counts_[0]; }
  // Values are decode_depth_code(code, unit): the same floats a decoded depth map holds.
  DepthStatistics statistics(DepthPngUnit unit) const;

 private:
  std::vector<std::uint64_t> counts_;
};

}  // namespace npusim::data
