// One fused pass over a contiguous run of floats: minimum, maximum and whether any value is
// NaN or +-Inf. Every observer needs the batch range first (histograms grow to it, EMA and
// min/max combine it), so this is the one scan each batch pays for.
#pragma once

#include <cstddef>
#include <string>

namespace npusim::quant {

struct BatchScan {
  float min = 0.0f;
  float max = 0.0f;
  bool all_finite = true;  // false when any value is NaN or +-Inf (min/max are then meaningless)
};

// Precondition: count > 0. NaN never wins a comparison, so NaN is detected separately by
// summing x * 0 (0 for finite x, NaN for NaN and +-Inf) in the same pass.
BatchScan scan_batch(const float* values, std::size_t count);

// Describes the non-finite values for an error message: how many, and the first one with its
// flat index ("3 non-finite values (first: NaN at flat index 17)"). Slow path, errors only.
std::string describe_non_finite(const float* values, std::size_t count);

}  // namespace npusim::quant
