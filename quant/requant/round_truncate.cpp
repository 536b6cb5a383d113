// truncate: toward zero, C's integer division (-7 / 2 == -3).
#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// Exact: shift the magnitude (floor of a non-negative value is its truncation), then restore
// the sign. |acc * M| < 2^94, so the negation cannot overflow __int128.
std::int64_t round_scaled_truncate(std::int64_t acc, std::int32_t multiplier, int shift) {
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  const __int128 magnitude = product < 0 ? -product : product;
  const __int128 truncated_magnitude = magnitude >> shift;
  return saturate_to_int64(product < 0 ? -truncated_magnitude : truncated_magnitude);
}

}  // namespace npusim::quant::rounding
