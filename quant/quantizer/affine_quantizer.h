// Uniform affine (asymmetric) and symmetric quantization of real values to integer codes.
//   q = clamp(R(x / scale) + zero_point, qmin, qmax),   x' = (q - zero_point) * scale
// R is the quantizer's rounding mode, chosen from the same enum as requantization.
// See docs/numerics.md ("Quantizer") for the derivation of scale and zero point from a
// range, zero-point nudging and narrow range.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "quant/requant/requant.h"

namespace npusim::quant {

enum class QuantScheme { kSymmetric, kAsymmetric };

struct QuantSpec {
  int bits = 8;                  // 2..16 (INT4, INT8, UINT8, INT16 ...)
  bool is_signed = true;         // INT8 -128..127 vs UINT8 0..255
  QuantScheme scheme = QuantScheme::kAsymmetric;
  bool narrow_range = false;     // signed symmetric -127..127 (drops the most negative code)
  RoundingMode rounding = RoundingMode::kHalfEven;  // how x / scale is rounded to an integer

  std::int32_t qmin() const;
  std::int32_t qmax() const;
};

struct QParams {
  float scale = 1.0f;            // > 0, finite
  std::int32_t zero_point = 0;   // in [qmin, qmax]; exactly 0 for signed symmetric
};

// Scale and zero point covering [range_min, range_max]. The range is first widened to
// include 0, then the zero point is nudged to an integer so that real 0 is exactly
// representable. Throws std::invalid_argument (naming the range) for NaN/Inf bounds or
// min > max. A zero-width range [c, c] yields a defined non-zero scale (documented).
QParams choose_qparams(float range_min, float range_max, const QuantSpec& spec);

std::int32_t quantize_value(float x, const QParams& params, const QuantSpec& spec);
float dequantize_value(std::int32_t q, const QParams& params);
// dequantize(quantize(x)): the value the hardware would see.
float fake_quantize(float x, const QParams& params, const QuantSpec& spec);

}  // namespace npusim::quant
