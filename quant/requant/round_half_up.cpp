// half_up: floor(x + 1/2), ties toward +inf (TFLite / CMSIS-NN single rounding, the
// firmware idiom (acc * M + (1 << (s - 1))) >> s).
#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// Exact: acc * M + 2^(s-1) stays below 2^95 in __int128; >> on a signed __int128 is
// GCC's arithmetic shift, i.e. floor division by 2^s. s == 0 means no rounding at all.
std::int64_t round_scaled_half_up(std::int64_t acc, std::int32_t multiplier, int shift) {
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  if (shift == 0) return saturate_to_int64(product);
  const __int128 half = static_cast<__int128>(1) << (shift - 1);
  return saturate_to_int64((product + half) >> shift);
}

}  // namespace npusim::quant::rounding
