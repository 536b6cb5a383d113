// Scalar affine quantizer: spec limits, scale/zero-point choice, quantize/dequantize.
// The math is derived in docs/quantizers.md; tests in tests/quant/affine_quantizer_test.cpp.
#include "quant/quantizer/affine_quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "quant/quantizer/affine_quantizer_kernel.h"
#include "quant/quantizer/float_rounding.h"

namespace npusim::quant {
namespace {

std::string describe_float(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+inf" : "-inf";
  std::ostringstream text;
  text.precision(std::numeric_limits<float>::max_digits10);
  text << value;
  return text.str();
}

void require_finite(float value, const char* what) {
  if (!std::isfinite(value)) {
    throw std::invalid_argument(std::string(what) + " is " + describe_float(value) + " (must be finite)");
  }
}

// Saturating conversion of an integral double to the code range. Clamping in double
// first means huge quotients (x / scale up to 3.4e38 / 1.2e-38) never overflow int32.
std::int32_t clamp_to_codes(double integral_value, std::int32_t qmin, std::int32_t qmax) {
  const double clamped = std::min(std::max(integral_value, static_cast<double>(qmin)), static_cast<double>(qmax));
  return static_cast<std::int32_t>(clamped);
}

}  // namespace

std::int32_t QuantSpec::qmin() const {
  validate_quant_spec(*this);
  const std::int32_t lowest = is_signed ? -(std::int32_t{1} << (bits - 1)) : 0;
  return narrow_range ? lowest + 1 : lowest;
}

std::int32_t QuantSpec::qmax() const {
  validate_quant_spec(*this);
  return is_signed ? (std::int32_t{1} << (bits - 1)) - 1 : (std::int32_t{1} << bits) - 1;
}

void validate_quant_spec(const QuantSpec& spec) {
  if (spec.bits < 2 || spec.bits > 16) {
    throw std::invalid_argument("quantizer bits = " + std::to_string(spec.bits) + " (must be 2..16)");
  }
}

std::int32_t symmetric_zero_point(const QuantSpec& spec) {
  validate_quant_spec(spec);
  return spec.is_signed ? 0 : (std::int32_t{1} << (spec.bits - 1));
}

void validate_qparams(const QParams& params, const QuantSpec& spec) {
  if (!(std::isfinite(params.scale) && params.scale > 0.0f)) {
    throw std::invalid_argument("scale = " + describe_float(params.scale) + " (must be > 0 and finite)");
  }
  const std::int32_t qmin = spec.qmin();
  const std::int32_t qmax = spec.qmax();
  if (params.zero_point < qmin || params.zero_point > qmax) {
    throw std::invalid_argument("zero_point = " + std::to_string(params.zero_point) + " (must be in [" +
                                std::to_string(qmin) + ", " + std::to_string(qmax) + "])");
  }
  if (spec.scheme == QuantScheme::kSymmetric && params.zero_point != symmetric_zero_point(spec)) {
    throw std::invalid_argument("zero_point = " + std::to_string(params.zero_point) +
                                " (a symmetric quantizer needs exactly " +
                                std::to_string(symmetric_zero_point(spec)) + ")");
  }
}

QParams choose_qparams(float range_min, float range_max, const QuantSpec& spec) {
  validate_quant_spec(spec);
  require_finite(range_min, "range_min");
  require_finite(range_max, "range_max");
  if (range_min > range_max) {
    throw std::invalid_argument("range_min (" + describe_float(range_min) + ") > range_max (" +
                                describe_float(range_max) + ")");
  }
  const std::int32_t qmin = spec.qmin();
  const std::int32_t qmax = spec.qmax();
  // Widen to include 0 so that real 0 (padding, ReLU output) is always on the grid.
  const double low = std::min(static_cast<double>(range_min), 0.0);
  const double high = std::max(static_cast<double>(range_max), 0.0);
  // The smallest normal float: a smaller scale would make 1/scale overflow to inf.
  const float kMinScale = std::numeric_limits<float>::min();

  QParams params;
  if (spec.scheme == QuantScheme::kSymmetric) {
    params.zero_point = symmetric_zero_point(spec);
    const double max_abs = std::max(-low, high);
    if (max_abs == 0.0) {
      params.scale = 1.0f;  // all-zero range: any scale represents it; 1.0 is the defined choice
      return params;
    }
    // max_abs lands exactly on code qmax; the grid is symmetric around the zero point.
    params.scale = std::max(static_cast<float>(max_abs / static_cast<double>(qmax - params.zero_point)), kMinScale);
    return params;
  }

  if (high == low) {  // only [0, 0] after widening
    params.scale = 1.0f;
    params.zero_point = std::min(std::max(std::int32_t{0}, qmin), qmax);
    return params;
  }
  params.scale = std::max(static_cast<float>((high - low) / static_cast<double>(qmax - qmin)), kMinScale);
  // Nudge: the real zero point qmin - low/scale is rounded (half to even, as PyTorch) to an
  // integer code, so real 0 quantizes exactly; the grid shifts by at most scale/2.
  const double zero_point_real = static_cast<double>(qmin) - low / static_cast<double>(params.scale);
  params.zero_point = clamp_to_codes(round_half_even(zero_point_real), qmin, qmax);
  return params;
}

std::vector<QParams> choose_qparams_per_channel(const std::vector<float>& range_mins,
                                                const std::vector<float>& range_maxs,
                                                const QuantSpec& spec) {
  if (range_mins.size() != range_maxs.size()) {
    throw std::invalid_argument("per-channel ranges: " + std::to_string(range_mins.size()) + " minima but " +
                                std::to_string(range_maxs.size()) + " maxima");
  }
  std::vector<QParams> params;
  params.reserve(range_mins.size());
  for (std::size_t channel = 0; channel < range_mins.size(); ++channel) {
    try {
      params.push_back(choose_qparams(range_mins[channel], range_maxs[channel], spec));
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("channel " + std::to_string(channel) + ": " + error.what());
    }
  }
  return params;
}

std::int32_t quantize_value(float x, const QParams& params, const QuantSpec& spec) {
  validate_qparams(params, spec);
  require_finite(x, "quantizer input");
  return detail::quantize_prevalidated(x, params.scale, params.zero_point, spec.qmin(), spec.qmax(),
                                       spec.rounding);
}

float dequantize_value(std::int32_t q, const QParams& params) {
  return detail::dequantize_prevalidated(q, params.scale, params.zero_point);
}

float fake_quantize(float x, const QParams& params, const QuantSpec& spec) {
  return dequantize_value(quantize_value(x, params, spec), params);
}

}  // namespace npusim::quant
