// The inner quantize step shared by the scalar and the whole-tensor entry points, with no
// validation: callers validate the spec and params once and the input value per element.
// Internal to quant/quantizer/ (not part of the public interface).
#pragma once

#include <algorithm>
#include <cstdint>

#include "quant/quantizer/float_rounding.h"

namespace npusim::quant::detail {

// |quotient| is clamped to this before rounding: far beyond any code (|q - zp| < 2^17), and
// small enough that the int64 conversion and the fraction below are exact.
inline constexpr double kQuotientBound = 1099511627776.0;  // 2^40

// R(value) for |value| <= 2^40, the same result as round_to_integral (float_rounding.h)
// but without libm calls: t = trunc(value) via the exact int64 conversion, fraction =
// value - t (exact, in (-1, 1)), then one adjustment per mode. Independent of the FPU
// rounding mode. Tested against round_to_integral in tests/quant/affine_quantizer_test.cpp.
inline std::int64_t round_bounded(double value, RoundingMode mode) {
  const std::int64_t truncated = static_cast<std::int64_t>(value);
  const double fraction = value - static_cast<double>(truncated);
  // Comparisons combined with & and | (not && / ||) so the compiler emits no branches:
  // on real data the direction of each rounding is unpredictable.
  const std::int64_t odd = truncated & 1;
  std::int64_t up = 0;
  std::int64_t down = 0;
  switch (mode) {
    case RoundingMode::kTruncate:
      break;
    case RoundingMode::kFloor:
      down = fraction < 0.0;
      break;
    case RoundingMode::kHalfUp:  // ties toward +inf
      up = fraction >= 0.5;
      down = fraction < -0.5;
      break;
    case RoundingMode::kHalfAway:
    case RoundingMode::kTfliteDouble:  // = half_away for a real quotient
      up = fraction >= 0.5;
      down = fraction <= -0.5;
      break;
    case RoundingMode::kHalfEven:
    case RoundingMode::kFp32:  // = half_even on the binary32 quotient
      up = static_cast<std::int64_t>(fraction > 0.5) | (static_cast<std::int64_t>(fraction == 0.5) & odd);
      down = static_cast<std::int64_t>(fraction < -0.5) | (static_cast<std::int64_t>(fraction == -0.5) & odd);
      break;
  }
  return truncated + up - down;
}

// q = clamp(R(x / scale) + zero_point, qmin, qmax) for finite x and valid params.
// Exact modes divide in double: R(double quotient) == R(real quotient) whenever the result
// is not clamped (proof in docs/quantizers.md, "The quotient is exact where it matters").
// kFp32 divides in binary32 (ONNX Runtime).
inline std::int32_t quantize_prevalidated(float x, float scale, std::int32_t zero_point, std::int32_t qmin,
                                          std::int32_t qmax, RoundingMode rounding) {
  const double quotient = (rounding == RoundingMode::kFp32)
                              ? static_cast<double>(x / scale)
                              : static_cast<double>(x) / static_cast<double>(scale);
  const double bounded = std::min(std::max(quotient, -kQuotientBound), kQuotientBound);
  const std::int64_t shifted = round_bounded(bounded, rounding) + zero_point;
  return static_cast<std::int32_t>(std::min<std::int64_t>(std::max<std::int64_t>(shifted, qmin), qmax));
}

// (q - zero_point) * scale: the double product is exact (18 x 24 significant bits), so the
// conversion to float is the only rounding, identical to a binary32 multiply.
inline float dequantize_prevalidated(std::int32_t q, float scale, std::int32_t zero_point) {
  const double steps = static_cast<double>(q) - static_cast<double>(zero_point);
  return static_cast<float>(steps * static_cast<double>(scale));
}

}  // namespace npusim::quant::detail
