// floor: toward -inf, the plain arithmetic shift right (VTA, `acc * M >> s` in firmware).
#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// Exact: >> on a signed __int128 is GCC's arithmetic shift, i.e. floor division by 2^s
// (-3 >> 1 == -2). The product |acc * M| < 2^94 cannot overflow.
std::int64_t round_scaled_floor(std::int64_t acc, std::int32_t multiplier, int shift) {
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  return saturate_to_int64(product >> shift);
}

}  // namespace npusim::quant::rounding
