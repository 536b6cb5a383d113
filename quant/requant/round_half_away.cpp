// half_away: ties away from zero (NVDLA, C round()): round the magnitude half up, then
// restore the sign, so -2.5 -> -3 and 2.5 -> 3.
#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// Exact: |acc * M| < 2^94, so negating and adding 2^(s-1) cannot overflow __int128.
std::int64_t round_scaled_half_away(std::int64_t acc, std::int32_t multiplier, int shift) {
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  if (shift == 0) return saturate_to_int64(product);
  const __int128 half = static_cast<__int128>(1) << (shift - 1);
  const __int128 magnitude = product < 0 ? -product : product;
  const __int128 rounded_magnitude = (magnitude + half) >> shift;
  return saturate_to_int64(product < 0 ? -rounded_magnitude : rounded_magnitude);
}

}  // namespace npusim::quant::rounding
