// Exact percentiles of an unsorted array without sorting it (numpy's default 'linear'
// method): with n values and rank r = p / 100 * (n - 1),
//   percentile(p) = v[floor r] + (r - floor r) * (v[floor r + 1] - v[floor r])
// where v is the ascending order (v is never materialised).
//
// Method (sample bracketing, as in Floyd-Rivest selection): a strided sample of at most
// 16384 values is sorted; for each wanted order statistic a bracket [a, b] of sample values
// around its expected position (+- 4 standard deviations + 2) is taken; one pass counts the
// values below a and copies the values inside [a, b]; nth_element on that small copy gives
// the exact order statistic. If a bracket misses (the count check fails, e.g. adversarial
// data), that statistic is recomputed with nth_element on a copy of all values. The result
// is always exact; only the speed depends on the data.
#pragma once

#include <cstddef>
#include <utility>

#include "quant/observers/batch_scan.h"

namespace npusim::quant {

// Precondition: count > 0, values finite, 0 <= p_low <= p_high <= 100.
// Returns {percentile(p_low), percentile(p_high)} in one pass over the values.
std::pair<float, float> exact_percentiles(const float* values, std::size_t count, double p_low, double p_high);

// The same, with the batch scan (min, max, non-finite check of batch_scan.h) folded into the
// bracket pass, so an observer reads the values once instead of twice. Precondition:
// count > 0. When scan.all_finite is false, low and high are not computed (left 0).
struct ScannedPercentiles {
  BatchScan scan;
  float low = 0.0f;
  float high = 0.0f;
};
ScannedPercentiles scan_and_percentiles(const float* values, std::size_t count, double p_low, double p_high);

}  // namespace npusim::quant
