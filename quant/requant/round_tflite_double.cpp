// tflite_double: TFLite/TFLM's default MultiplyByQuantizedMultiplier (gemmlowp "double
// rounding"): RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(acc << l, M), r) with
// l = max(0, 31 - s), r = max(0, s - 31). Two roundings, each with its own tie rule:
// the high multiply breaks ties toward +inf (-562.5 -> -562), the divide by 2^r breaks them
// away from zero, and rounding twice can move a value that was not a tie at all.
#include <stdexcept>
#include <string>

#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// round(a * b / 2^31), ties toward +inf; saturates the one overflow (INT32_MIN * INT32_MIN
// would give +2^31) to INT32_MAX. Written as gemmlowp defines it: the nudge then C's
// truncating division, whose pair of asymmetries together round every tie upward.
std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const std::int64_t product = static_cast<std::int64_t>(a) * b;
  const std::int64_t nudge = product >= 0 ? (std::int64_t{1} << 30) : (1 - (std::int64_t{1} << 30));
  return static_cast<std::int32_t>((product + nudge) / (std::int64_t{1} << 31));
}

// round(x / 2^exponent), ties away from zero: the floor (x >> exponent) moves up when the
// remainder exceeds half the divisor (for x < 0, when it exceeds half + 1 - 1/2, i.e. strictly
// more than a tie). Precondition 0 <= exponent <= 31; no overflow (result magnitude <= |x|).
std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent) {
  if (exponent < 0 || exponent > 31) {
    throw std::invalid_argument("rounding_divide_by_pot: exponent " + std::to_string(exponent) +
                                " outside 0..31");
  }
  const std::int32_t mask = static_cast<std::int32_t>((std::int64_t{1} << exponent) - 1);
  const std::int32_t remainder = x & mask;
  const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// Preconditions (TFLite's own, kept rather than silently widened): acc fits int32,
// acc << l fits int32 (l = 31 - s when s < 31), s <= 62 so that r <= 31. Violations throw
// std::invalid_argument; M < 2^31 means the saturating case cannot occur here.
std::int64_t round_scaled_tflite_double(std::int64_t acc, std::int32_t multiplier, int shift) {
  if (shift > 62) {
    throw std::invalid_argument("tflite_double: shift " + std::to_string(shift) +
                                " exceeds 62 (RoundingDivideByPOT exponent s - 31 must be <= 31)");
  }
  if (acc < INT32_MIN || acc > INT32_MAX) {
    throw std::invalid_argument("tflite_double: acc " + std::to_string(acc) + " does not fit int32");
  }
  const int left_shift = shift < 31 ? 31 - shift : 0;
  const int right_shift = shift > 31 ? shift - 31 : 0;
  const std::int64_t shifted = acc * (std::int64_t{1} << left_shift);
  if (shifted < INT32_MIN || shifted > INT32_MAX) {
    throw std::invalid_argument("tflite_double: acc << " + std::to_string(left_shift) + " = " +
                                std::to_string(shifted) + " does not fit int32 (acc " + std::to_string(acc) +
                                ", shift " + std::to_string(shift) + ")");
  }
  const std::int32_t high = saturating_rounding_doubling_high_mul(static_cast<std::int32_t>(shifted), multiplier);
  return rounding_divide_by_pot(high, right_shift);
}

}  // namespace npusim::quant::rounding
