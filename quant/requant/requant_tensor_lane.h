// One lane of the tensor fast path in 64-bit integers: valid only for int32 accumulators,
// where |acc * M| < 2^62. Internal to quant/requant/ (the portable kernel uses it directly;
// the AVX-512 kernel is the same arithmetic, 8 lanes per instruction).
#pragma once

#include <cstdint>

#include "quant/requant/requant.h"

namespace npusim::quant::tensor_kernels::lane {

// R(product / 2^s) from the floor and the remainder: rem = product mod 2^s in [0, 2^s), and
// twice_rem vs 2^s says below/at/above the tie. Unsigned, so s = 63 (2^63) and s = 0 (rem 0,
// never >= 1) need no special case. Precondition |product| < 2^62, 0 <= s <= 63.
template <RoundingMode kMode>
inline std::int64_t round_scaled_exact(std::int64_t product, std::int64_t shift) {
  const std::int64_t floor_value = product >> shift;
  const std::uint64_t divisor = std::uint64_t{1} << shift;
  const std::uint64_t remainder = static_cast<std::uint64_t>(product) & (divisor - 1);
  const std::uint64_t twice_remainder = remainder << 1;
  if constexpr (kMode == RoundingMode::kHalfUp) {
    return floor_value + (twice_remainder >= divisor ? 1 : 0);
  } else if constexpr (kMode == RoundingMode::kHalfAway) {
    // Bitwise & and | instead of && and ||: no branches on data-dependent ties.
    return floor_value + ((twice_remainder > divisor) | ((twice_remainder == divisor) & (product >= 0)));
  } else if constexpr (kMode == RoundingMode::kHalfEven) {
    return floor_value + ((twice_remainder > divisor) | ((twice_remainder == divisor) & ((floor_value & 1) != 0)));
  } else if constexpr (kMode == RoundingMode::kFloor) {
    return floor_value;
  } else {  // kTruncate
    return floor_value + ((remainder != 0) & (product < 0));
  }
}

// tflite_double's precondition: acc << max(0, 31 - s) fits int32 (acc is int32 already) and s <= 62
// (the table was validated for the latter).
inline bool tflite_double_accepts(std::int64_t acc, std::int64_t shift) {
  const std::int64_t left_shift = shift < 31 ? 31 - shift : 0;
  const std::int64_t shifted = acc * (std::int64_t{1} << left_shift);
  return shifted >= INT32_MIN && shifted <= INT32_MAX;
}

// SRDHM as floor((a * M + 2^30) / 2^31) (equal to gemmlowp's nudge-and-truncate for every
// product; the saturating case needs M = INT32_MIN, excluded by M >= 0), then
// RoundingDivideByPOT by r with ties away from zero. Precondition: tflite_double_accepts.
inline std::int64_t round_scaled_tflite_double(std::int64_t acc, std::int64_t multiplier, std::int64_t shift) {
  const std::int64_t left_shift = shift < 31 ? 31 - shift : 0;
  const std::int64_t right_shift = shift > 31 ? shift - 31 : 0;
  // acc * 2^l, not acc << l: shifting a negative acc left is UB in C++17 (same bits).
  const std::int64_t high = (acc * (std::int64_t{1} << left_shift) * multiplier + (std::int64_t{1} << 30)) >> 31;
  const std::int64_t mask = (std::int64_t{1} << right_shift) - 1;
  const std::int64_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> right_shift) + ((high & mask) > threshold ? 1 : 0);
}

// rint(float(acc) * scale) in binary32, ties to even, without a libm call: below 2^23 adding
// and subtracting 2^23 (with the value's sign) rounds to an integer in the current (nearest-even)
// mode; at or above 2^23 every float is already an integer. |result| <= 2^62 fits int64.
inline std::int64_t round_scaled_fp32(std::int64_t acc, float scale) {
  const float scaled = static_cast<float>(acc) * scale;
  constexpr float kTwoTo23 = 8388608.0f;
  float rounded = scaled;
  if (scaled < kTwoTo23 && scaled > -kTwoTo23) {
    // Without -ffast-math the compiler may not fold (x + b) - b, so both roundings happen.
    const float bias = scaled < 0 ? -kTwoTo23 : kTwoTo23;
    rounded = (scaled + bias) - bias;
  }
  return static_cast<std::int64_t>(rounded);
}

// clamp(value, lower, upper) with upper winning when lower > upper (ReLU with zp > qmax).
inline std::int32_t clamp_to_output(std::int64_t value, std::int64_t lower, std::int64_t upper) {
  if (value < lower) value = lower;
  if (value > upper) value = upper;
  return static_cast<std::int32_t>(value);
}

}  // namespace npusim::quant::tensor_kernels::lane
