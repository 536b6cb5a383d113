// Uniform affine (asymmetric) and symmetric quantization of real values to integer codes.
//   q = clamp(R(x / scale) + zero_point, qmin, qmax),   x' = (q - zero_point) * scale
// R is the quantizer's rounding mode, chosen from the same enum as requantization
// (quant/quantizer/float_rounding.h says what each mode means for a real quotient).
// See docs/quantizers.md for the derivation of scale and zero point from a range,
// zero-point nudging, narrow range, per-channel layout and the comparison with PyTorch and
// ONNX QuantizeLinear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quant/requant/requant.h"

namespace npusim::quant {

enum class QuantScheme { kSymmetric, kAsymmetric };

struct QuantSpec {
  int bits = 8;                  // 2..16 (INT4, INT8, UINT8, INT16 ...)
  bool is_signed = true;         // INT8 -128..127 vs UINT8 0..255
  QuantScheme scheme = QuantScheme::kAsymmetric;
  bool narrow_range = false;     // drops the lowest code: INT8 -127..127, UINT8 1..255
  RoundingMode rounding = RoundingMode::kHalfEven;  // how x / scale is rounded to an integer

  std::int32_t qmin() const;
  std::int32_t qmax() const;
};

struct QParams {
  float scale = 1.0f;            // > 0, finite
  std::int32_t zero_point = 0;   // in [qmin, qmax]; exactly 0 for signed symmetric
};

// Throws std::invalid_argument naming the field when bits is outside 2..16.
void validate_quant_spec(const QuantSpec& spec);
// Throws std::invalid_argument when scale is not finite and > 0 or the zero point lies
// outside [qmin, qmax] (or is not 0 / 2^(bits-1) for symmetric signed / unsigned).
void validate_qparams(const QParams& params, const QuantSpec& spec);

// The zero point a symmetric spec uses: 0 for signed, 2^(bits-1) (128 for UINT8) for
// unsigned (the signed grid in offset binary).
std::int32_t symmetric_zero_point(const QuantSpec& spec);

// Scale and zero point covering [range_min, range_max]. The range is first widened to
// include 0, then the zero point is nudged to an integer so that real 0 is exactly
// representable. Throws std::invalid_argument (naming the range) for NaN/Inf bounds or
// min > max. The range [0, 0] (all-zero tensor) yields scale 1.0 (documented); a scale
// that would fall below the smallest normal float is raised to it (FLT_MIN), so 1/scale is
// always finite.
QParams choose_qparams(float range_min, float range_max, const QuantSpec& spec);
// One QParams per channel; errors name the channel ("channel 3: ...").
std::vector<QParams> choose_qparams_per_channel(const std::vector<float>& range_mins,
                                                const std::vector<float>& range_maxs,
                                                const QuantSpec& spec);

// q = clamp(R(x / scale) + zero_point, qmin, qmax). x / scale is evaluated so that R sees
// the exact quotient (kFp32: the binary32 quotient, as ONNX Runtime does). Throws
// std::invalid_argument for NaN or +-Inf x (naming it) and for invalid params.
std::int32_t quantize_value(float x, const QParams& params, const QuantSpec& spec);
// (q - zero_point) * scale, rounded once to binary32 (the product is exact in double).
float dequantize_value(std::int32_t q, const QParams& params);
// dequantize(quantize(x)): the value the hardware would see.
float fake_quantize(float x, const QParams& params, const QuantSpec& spec);

// Whole tensors in C order. `axis` empty = per-tensor (params has one entry); otherwise
// per-channel along axis (negative counts from the back, as in numpy) with one QParams per
// index of that dimension. Errors name the element index or the channel.
struct TensorQuantLayout {
  std::vector<std::int64_t> shape;
  std::optional<int> axis;  // empty: per-tensor
};

std::vector<std::int32_t> quantize_tensor(const std::vector<float>& values, const TensorQuantLayout& layout,
                                          const std::vector<QParams>& params, const QuantSpec& spec);
std::vector<float> dequantize_tensor(const std::vector<std::int32_t>& codes, const TensorQuantLayout& layout,
                                     const std::vector<QParams>& params);
std::vector<float> fake_quantize_tensor(const std::vector<float>& values, const TensorQuantLayout& layout,
                                        const std::vector<QParams>& params, const QuantSpec& spec);

}  // namespace npusim::quant
