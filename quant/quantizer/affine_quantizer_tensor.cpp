// Whole-tensor quantize / dequantize / fake-quantize, per-tensor or per-channel along any
// axis of a C-order tensor. The tensor is walked as [outer, channel, inner] where inner is
// the product of the dimensions after the axis, so each channel's params are loaded once
// per contiguous run.
#include <cmath>
#include <stdexcept>
#include <string>

#include "quant/layout/channel_layout.h"
#include "quant/quantizer/affine_quantizer.h"
#include "quant/quantizer/affine_quantizer_kernel.h"

namespace npusim::quant {
namespace {

// The shared [outer, channel, inner] walk (quant/layout/channel_layout.h), checked against
// the element and parameter counts this quantizer is given.
ChannelLayout plan_walk(std::size_t element_count, const TensorQuantLayout& layout, std::size_t param_count) {
  const ChannelLayout walk = make_channel_layout(layout.shape, layout.axis);
  if (walk.elements() != element_count) {
    throw std::invalid_argument("tensor has " + std::to_string(element_count) + " elements but its shape " +
                                shape_to_string(layout.shape) + " holds " + std::to_string(walk.elements()));
  }
  if (!layout.axis && param_count != 1) {
    throw std::invalid_argument("per-tensor quantization needs 1 QParams, got " + std::to_string(param_count));
  }
  if (layout.axis && param_count != walk.channels) {
    throw std::invalid_argument("per-channel quantization along axis " + std::to_string(*layout.axis) + " needs " +
                                std::to_string(walk.channels) + " QParams, got " + std::to_string(param_count));
  }
  return walk;
}

std::string channel_prefix(const TensorQuantLayout& layout, std::int64_t channel) {
  return layout.axis ? "channel " + std::to_string(channel) + ": " : std::string();
}

void validate_all(const std::vector<QParams>& params, const TensorQuantLayout& layout, const QuantSpec& spec) {
  for (std::size_t channel = 0; channel < params.size(); ++channel) {
    try {
      validate_qparams(params[channel], spec);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(channel_prefix(layout, static_cast<std::int64_t>(channel)) + error.what());
    }
  }
}

void reject_non_finite(float value, std::int64_t index) {
  if (!std::isfinite(value)) {
    throw std::invalid_argument("quantizer input element " + std::to_string(index) + " is " +
                                (std::isnan(value) ? std::string("NaN") : (value > 0 ? "+inf" : "-inf")) +
                                " (must be finite)");
  }
}

}  // namespace

std::vector<std::int32_t> quantize_tensor(const std::vector<float>& values, const TensorQuantLayout& layout,
                                          const std::vector<QParams>& params, const QuantSpec& spec) {
  const ChannelLayout walk = plan_walk(values.size(), layout, params.size());
  validate_quant_spec(spec);
  validate_all(params, layout, spec);
  const std::int32_t qmin = spec.qmin();
  const std::int32_t qmax = spec.qmax();
  std::vector<std::int32_t> codes(values.size());
  std::int64_t index = 0;
  for (std::size_t outer = 0; outer < walk.outer; ++outer) {
    for (std::size_t channel = 0; channel < walk.channels; ++channel) {
      const float scale = params[channel].scale;
      const std::int32_t zero_point = params[channel].zero_point;
      for (std::size_t inner = 0; inner < walk.inner; ++inner, ++index) {
        reject_non_finite(values[index], index);
        codes[index] = detail::quantize_prevalidated(values[index], scale, zero_point, qmin, qmax, spec.rounding);
      }
    }
  }
  return codes;
}

std::vector<float> dequantize_tensor(const std::vector<std::int32_t>& codes, const TensorQuantLayout& layout,
                                     const std::vector<QParams>& params) {
  const ChannelLayout walk = plan_walk(codes.size(), layout, params.size());
  for (std::size_t channel = 0; channel < params.size(); ++channel) {
    const float scale = params[channel].scale;
    if (!(std::isfinite(scale) && scale > 0.0f)) {
      throw std::invalid_argument(channel_prefix(layout, static_cast<std::int64_t>(channel)) +
                                  "scale must be > 0 and finite");
    }
  }
  std::vector<float> values(codes.size());
  std::int64_t index = 0;
  for (std::size_t outer = 0; outer < walk.outer; ++outer) {
    for (std::size_t channel = 0; channel < walk.channels; ++channel) {
      const float scale = params[channel].scale;
      const std::int32_t zero_point = params[channel].zero_point;
      for (std::size_t inner = 0; inner < walk.inner; ++inner, ++index) {
        values[index] = detail::dequantize_prevalidated(codes[index], scale, zero_point);
      }
    }
  }
  return values;
}

std::vector<float> fake_quantize_tensor(const std::vector<float>& values, const TensorQuantLayout& layout,
                                        const std::vector<QParams>& params, const QuantSpec& spec) {
  return dequantize_tensor(quantize_tensor(values, layout, params, spec), layout, params);
}

}  // namespace npusim::quant
