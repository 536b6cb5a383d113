// An independent reference for requantization, for tests only. It is written from the
// definitions in docs/numerics.md with a deliberately different formulation from the golden
// code in quant/requant/: every mode is "floor-divide by 2^s with a remainder, then compare
// twice the remainder with the divisor", and tflite_double is two such exact roundings
// (half up over 2^31, then half away from zero over 2^r) instead of gemmlowp's nudges and masks.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "quant/requant/requant.h"

namespace npusim::testing {

// n = q * d + r with 0 <= r < d (d > 0): floor division, built on C's truncating division.
struct FloorDivision {
  __int128 quotient;
  __int128 remainder;
};
inline FloorDivision floor_divide(__int128 numerator, __int128 divisor) {
  __int128 quotient = numerator / divisor;
  __int128 remainder = numerator % divisor;
  if (remainder < 0) {
    quotient -= 1;
    remainder += divisor;
  }
  return {quotient, remainder};
}

// round(n / d) under one of the five single-rounding rules, from the remainder comparison.
inline __int128 reference_divide(__int128 numerator, __int128 divisor, quant::RoundingMode mode) {
  using quant::RoundingMode;
  const FloorDivision division = floor_divide(numerator, divisor);
  const __int128 twice_remainder = 2 * division.remainder;
  const bool above_half = twice_remainder > divisor;
  const bool at_half = twice_remainder == divisor;
  const __int128 floor_value = division.quotient;
  switch (mode) {
    case RoundingMode::kHalfUp: return floor_value + ((above_half || at_half) ? 1 : 0);
    case RoundingMode::kHalfAway: return floor_value + ((above_half || (at_half && numerator > 0)) ? 1 : 0);
    case RoundingMode::kHalfEven: return floor_value + ((above_half || (at_half && (floor_value % 2 != 0))) ? 1 : 0);
    case RoundingMode::kFloor: return floor_value;
    case RoundingMode::kTruncate: return floor_value + ((division.remainder != 0 && numerator < 0) ? 1 : 0);
    default: break;
  }
  return 0;
}

// Whether tflite_double's preconditions hold (acc and acc << l fit int32, s <= 62).
inline bool reference_tflite_double_accepts(std::int64_t acc, int shift) {
  if (shift > 62 || acc < INT32_MIN || acc > INT32_MAX) return false;
  const int left_shift = shift < 31 ? 31 - shift : 0;
  const __int128 shifted = static_cast<__int128>(acc) * (static_cast<__int128>(1) << left_shift);
  return shifted >= INT32_MIN && shifted <= INT32_MAX;
}

inline __int128 reference_round_scaled(std::int64_t acc, std::int32_t multiplier, int shift,
                                       quant::RoundingMode mode) {
  using quant::RoundingMode;
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  if (mode == RoundingMode::kTfliteDouble) {
    const int left_shift = shift < 31 ? 31 - shift : 0;
    const int right_shift = shift > 31 ? shift - 31 : 0;
    // product * 2^l, not product << l: shifting a negative value left is UB in C++17.
    const __int128 high = reference_divide(product * (static_cast<__int128>(1) << left_shift),
                                           static_cast<__int128>(1) << 31, RoundingMode::kHalfUp);
    return reference_divide(high, static_cast<__int128>(1) << right_shift, RoundingMode::kHalfAway);
  }
  if (mode == RoundingMode::kFp32) {
    // binary32 all the way: float(M) * 2^-s is exact scaling of a correctly rounded float,
    // the product of two floats is exact in double and then rounded once to float.
    const float scale = std::ldexp(static_cast<float>(multiplier), -shift);
    const float product_f = static_cast<float>(static_cast<double>(static_cast<float>(acc)) * scale);
    const double rounded = std::rint(static_cast<double>(product_f));
    if (rounded >= 0x1p100) return static_cast<__int128>(1) << 100;
    if (rounded <= -0x1p100) return -(static_cast<__int128>(1) << 100);
    return static_cast<__int128>(rounded);
  }
  return reference_divide(product, static_cast<__int128>(1) << shift, mode);
}

// The whole contract: fused activation, zero point, clamp. Returns nullopt when tflite_double's
// preconditions reject the case or its parameter set.
inline std::optional<std::int32_t> reference_requantize(std::int64_t acc, const quant::RequantParams& params,
                                                        quant::RoundingMode mode) {
  using quant::FusedActivation;
  const bool negative_side = params.activation == FusedActivation::kLeakyRelu && acc < 0;
  const std::int32_t multiplier = negative_side ? params.negative_multiplier : params.multiplier;
  const int shift = negative_side ? params.negative_shift : params.shift;
  if (mode == quant::RoundingMode::kTfliteDouble) {
    // The parameter set is rejected as a whole when either shift exceeds 62; the case when
    // its own (acc, s) breaks the precondition.
    if (params.shift > 62 || (params.activation == FusedActivation::kLeakyRelu && params.negative_shift > 62)) {
      return std::nullopt;
    }
    if (!reference_tflite_double_accepts(acc, shift)) return std::nullopt;
  }
  const __int128 value = reference_round_scaled(acc, multiplier, shift, mode) + params.zero_point;
  __int128 lower = params.qmin;
  if (params.activation == FusedActivation::kRelu && params.zero_point > lower) lower = params.zero_point;
  if (value > params.qmax || lower > params.qmax) return params.qmax;
  if (value < lower) return static_cast<std::int32_t>(lower);
  return static_cast<std::int32_t>(value);
}

}  // namespace npusim::testing
