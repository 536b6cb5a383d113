// Whole-tensor quantize / dequantize / fake-quantize, per-tensor or per-channel along any
// axis of a C-order tensor. The tensor is walked as [outer, channel, inner] where inner is
// the product of the dimensions after the axis, so each channel's params are loaded once
// per contiguous run.
#include <cmath>
#include <stdexcept>
#include <string>

#include "quant/quantizer/affine_quantizer.h"
#include "quant/quantizer/affine_quantizer_kernel.h"

namespace npusim::quant {
namespace {

struct ChannelWalk {
  std::int64_t outer = 1;
  std::int64_t channels = 1;
  std::int64_t inner = 1;
};

ChannelWalk plan_walk(std::size_t element_count, const TensorQuantLayout& layout, std::size_t param_count) {
  std::int64_t product = 1;
  for (std::size_t dim = 0; dim < layout.shape.size(); ++dim) {
    if (layout.shape[dim] < 0) {
      throw std::invalid_argument("shape[" + std::to_string(dim) + "] = " + std::to_string(layout.shape[dim]) +
                                  " (must be >= 0)");
    }
    product *= layout.shape[dim];
  }
  if (static_cast<std::size_t>(product) != element_count) {
    throw std::invalid_argument("tensor has " + std::to_string(element_count) + " elements but its shape holds " +
                                std::to_string(product));
  }
  ChannelWalk walk;
  if (!layout.axis) {
    walk.outer = product;
    if (param_count != 1) {
      throw std::invalid_argument("per-tensor quantization needs 1 QParams, got " + std::to_string(param_count));
    }
    return walk;
  }
  const int rank = static_cast<int>(layout.shape.size());
  int axis = *layout.axis;
  if (axis < -rank || axis >= rank) {
    throw std::invalid_argument("axis = " + std::to_string(axis) + " (tensor rank is " + std::to_string(rank) +
                                ")");
  }
  if (axis < 0) axis += rank;
  walk.outer = 1;
  for (int dim = 0; dim < axis; ++dim) walk.outer *= layout.shape[dim];
  walk.channels = layout.shape[axis];
  walk.inner = 1;
  for (int dim = axis + 1; dim < rank; ++dim) walk.inner *= layout.shape[dim];
  if (static_cast<std::int64_t>(param_count) != walk.channels) {
    throw std::invalid_argument("per-channel quantization along axis " + std::to_string(axis) + " needs " +
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
  const ChannelWalk walk = plan_walk(values.size(), layout, params.size());
  validate_quant_spec(spec);
  validate_all(params, layout, spec);
  const std::int32_t qmin = spec.qmin();
  const std::int32_t qmax = spec.qmax();
  std::vector<std::int32_t> codes(values.size());
  std::int64_t index = 0;
  for (std::int64_t outer = 0; outer < walk.outer; ++outer) {
    for (std::int64_t channel = 0; channel < walk.channels; ++channel) {
      const float scale = params[channel].scale;
      const std::int32_t zero_point = params[channel].zero_point;
      for (std::int64_t inner = 0; inner < walk.inner; ++inner, ++index) {
        reject_non_finite(values[index], index);
        codes[index] = detail::quantize_prevalidated(values[index], scale, zero_point, qmin, qmax, spec.rounding);
      }
    }
  }
  return codes;
}

std::vector<float> dequantize_tensor(const std::vector<std::int32_t>& codes, const TensorQuantLayout& layout,
                                     const std::vector<QParams>& params) {
  const ChannelWalk walk = plan_walk(codes.size(), layout, params.size());
  for (std::size_t channel = 0; channel < params.size(); ++channel) {
    const float scale = params[channel].scale;
    if (!(std::isfinite(scale) && scale > 0.0f)) {
      throw std::invalid_argument(channel_prefix(layout, static_cast<std::int64_t>(channel)) +
                                  "scale must be > 0 and finite");
    }
  }
  std::vector<float> values(codes.size());
  std::int64_t index = 0;
  for (std::int64_t outer = 0; outer < walk.outer; ++outer) {
    for (std::int64_t channel = 0; channel < walk.channels; ++channel) {
      const float scale = params[channel].scale;
      const std::int32_t zero_point = params[channel].zero_point;
      for (std::int64_t inner = 0; inner < walk.inner; ++inner, ++index) {
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
