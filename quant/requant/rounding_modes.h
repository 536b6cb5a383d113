// One function per rounding mode: R(acc * M / 2^s), the step of requantization before the
// zero point and the clamp. Each lives in its own file named for the mode (round_<mode>.cpp),
// XNNPACK style, so a reader can check one rule at a time against docs/numerics.md.
//
// Shared preconditions (checked by the dispatcher round_scaled in requant.cpp, not here):
// 0 <= multiplier < 2^31 and 0 <= shift <= 63. The exact modes accept any int64 acc:
// |acc * M| < 2^94 fits the __int128 intermediate, and a result beyond int64 saturates
// (which can never change the clamped int32 output).
#pragma once

#include <cstdint>

namespace npusim::quant::rounding {

std::int64_t round_scaled_half_up(std::int64_t acc, std::int32_t multiplier, int shift);
std::int64_t round_scaled_half_away(std::int64_t acc, std::int32_t multiplier, int shift);
std::int64_t round_scaled_half_even(std::int64_t acc, std::int32_t multiplier, int shift);
std::int64_t round_scaled_floor(std::int64_t acc, std::int32_t multiplier, int shift);
std::int64_t round_scaled_truncate(std::int64_t acc, std::int32_t multiplier, int shift);
// Throws std::invalid_argument when the gemmlowp preconditions fail (see round_tflite_double.cpp).
std::int64_t round_scaled_tflite_double(std::int64_t acc, std::int32_t multiplier, int shift);
std::int64_t round_scaled_fp32(std::int64_t acc, std::int32_t multiplier, int shift);

// gemmlowp's two fixed-point primitives, exposed so tests can pin them down one by one.
//
// SaturatingRoundingDoublingHighMul: round(a * b / 2^31) with ties toward +inf (the nudge
// 2^30 or 1 - 2^30 followed by C's truncating division lands on +inf for both signs); the only
// overflow, a == b == INT32_MIN (result 2^31), saturates to INT32_MAX. Equivalent to ARM VQRDMULH.
std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b);
// RoundingDivideByPOT: round(x / 2^exponent) with ties away from zero (the threshold is
// mask/2, plus 1 for negative x). Precondition 0 <= exponent <= 31. Equivalent to ARM VRSHL
// with a negative shift only for x >= 0; negative ties differ (VRSHL rounds them toward +inf).
std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent);

// Clamps an exact 128-bit intermediate into int64. Saturation is harmless for requantization:
// any |y| >= 2^63 is far outside every int32 clamp range, before and after adding the zero point.
inline std::int64_t saturate_to_int64(__int128 value) {
  if (value > static_cast<__int128>(INT64_MAX)) return INT64_MAX;
  if (value < static_cast<__int128>(INT64_MIN)) return INT64_MIN;
  return static_cast<std::int64_t>(value);
}

}  // namespace npusim::quant::rounding
