// The inner quantize step shared by the scalar and the whole-tensor entry points, with no
// validation: callers validate the spec and params once and the input value per element.
// Internal to quant/quantizer/ (not part of the public interface).
#pragma once

#include <algorithm>
#include <cstdint>

#include "quant/quantizer/float_rounding.h"

namespace npusim::quant::detail {

// q = clamp(R(x / scale) + zero_point, qmin, qmax) for finite x and valid params.
// Exact modes divide in double: R(double quotient) == R(real quotient) whenever the result
// is not clamped (docs/quantizers.md, "Exactness"). kFp32 divides in binary32 (ONNX Runtime).
// Clamping happens in double, so a huge quotient never overflows int32.
inline std::int32_t quantize_prevalidated(float x, float scale, std::int32_t zero_point, std::int32_t qmin,
                                          std::int32_t qmax, RoundingMode rounding) {
  const double quotient = (rounding == RoundingMode::kFp32)
                              ? static_cast<double>(x / scale)
                              : static_cast<double>(x) / static_cast<double>(scale);
  const double shifted = round_to_integral(quotient, rounding) + static_cast<double>(zero_point);
  const double clamped = std::min(std::max(shifted, static_cast<double>(qmin)), static_cast<double>(qmax));
  return static_cast<std::int32_t>(clamped);
}

// (q - zero_point) * scale: the double product is exact (18 x 24 significant bits), so the
// conversion to float is the only rounding, identical to a binary32 multiply.
inline float dequantize_prevalidated(std::int32_t q, float scale, std::int32_t zero_point) {
  const double steps = static_cast<double>(q) - static_cast<double>(zero_point);
  return static_cast<float>(steps * static_cast<double>(scale));
}

}  // namespace npusim::quant::detail
