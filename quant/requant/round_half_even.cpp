// half_even: ties to the even neighbour (ONNX QuantizeLinear, numpy.round, the IEEE default),
// so 2.5 -> 2, 3.5 -> 4, -2.5 -> -2, -3.5 -> -4.
#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// Exact: floor by arithmetic shift, then the remainder (0 <= rem < 2^s) decides: above half
// rounds up, exactly half rounds up only when the floor is odd. No overflow in __int128.
std::int64_t round_scaled_half_even(std::int64_t acc, std::int32_t multiplier, int shift) {
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  if (shift == 0) return saturate_to_int64(product);
  const __int128 floor_quotient = product >> shift;
  // floor * 2^s by multiplication: a left shift of a negative value is UB in C++17.
  const __int128 remainder = product - floor_quotient * (static_cast<__int128>(1) << shift);
  const __int128 half = static_cast<__int128>(1) << (shift - 1);
  const bool round_up = remainder > half || (remainder == half && (floor_quotient & 1) != 0);
  return saturate_to_int64(floor_quotient + (round_up ? 1 : 0));
}

}  // namespace npusim::quant::rounding
