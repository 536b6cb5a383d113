// BatchNormalization (inference), InstanceNormalization, LayerNormalization (opset 17,
// with the optional Mean and InvStdDev outputs), Softmax and LogSoftmax (opset < 13: the
// input is flattened to 2-D at `axis`, default 1; opset >= 13: along `axis`, default -1).
#include <algorithm>
#include <cmath>

#include "models/executor/kernels/kernel_util.h"

namespace npusim::models {
namespace {

std::vector<ValueInfo> infer_batch_norm(const OpContext& c) {
  kernels::require_float(c, 0);
  if (c.node.attr_int("training_mode", 0) != 0) {
    throw std::runtime_error(c.node.describe() + ": training_mode=1 is not supported (inference only)");
  }
  const Shape& x = c.shape(0);
  if (x.size() < 2) throw std::runtime_error(c.node.describe() + ": input needs a channel dimension");
  for (std::size_t i = 1; i <= 4; ++i) {
    if (c.shape(i) != Shape{x[1]}) {
      throw std::runtime_error(c.node.describe() + ": parameter " + std::to_string(i) + " shape " +
                               shape_to_string(c.shape(i)) + " should be [" + std::to_string(x[1]) + "]");
    }
  }
  return {ValueInfo{DataType::kFloat32, x}};
}

// y = (x - mean) / sqrt(var + epsilon) * scale + bias, folded per channel into y = x * a + b.
void compute_batch_norm(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& x = c.value(0);
  const float epsilon = c.node.attr_float("epsilon", 1e-5f);
  const std::vector<float>& scale = c.value(1).data;
  const std::vector<float>& bias = c.value(2).data;
  const std::vector<float>& mean = c.value(3).data;
  const std::vector<float>& variance = c.value(4).data;
  const std::int64_t channels = x.shape[1];
  std::int64_t inner = 1;
  for (std::size_t d = 2; d < x.shape.size(); ++d) inner *= x.shape[d];
  const std::int64_t batch = x.shape[0];
  for (std::int64_t ch = 0; ch < channels; ++ch) {
    const auto i = static_cast<std::size_t>(ch);
    const float multiplier = scale[i] / std::sqrt(variance[i] + epsilon);
    const float offset = bias[i] - mean[i] * multiplier;
    for (std::int64_t n = 0; n < batch; ++n) {
      const std::size_t base = static_cast<std::size_t>((n * channels + ch) * inner);
      for (std::int64_t k = 0; k < inner; ++k) out[0].data[base + k] = x.data[base + k] * multiplier + offset;
    }
  }
}

std::vector<ValueInfo> infer_instance_norm(const OpContext& c) {
  kernels::require_float(c, 0);
  return {ValueInfo{DataType::kFloat32, c.shape(0)}};
}

void compute_instance_norm(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& x = c.value(0);
  const float epsilon = c.node.attr_float("epsilon", 1e-5f);
  const std::int64_t channels = x.shape[1];
  const std::int64_t planes = x.shape[0] * channels;
  const std::int64_t inner = planes == 0 ? 0 : x.element_count() / planes;
  for (std::int64_t p = 0; p < planes; ++p) {
    const float* in = x.data.data() + p * inner;
    double sum = 0.0, square = 0.0;
    for (std::int64_t k = 0; k < inner; ++k) sum += in[k];
    const double mean = sum / static_cast<double>(inner);
    for (std::int64_t k = 0; k < inner; ++k) square += (in[k] - mean) * (in[k] - mean);
    const double inv_std = 1.0 / std::sqrt(square / static_cast<double>(inner) + epsilon);
    const auto ch = static_cast<std::size_t>(p % channels);
    for (std::int64_t k = 0; k < inner; ++k) {
      out[0].data[static_cast<std::size_t>(p * inner + k)] =
          static_cast<float>((in[k] - mean) * inv_std * c.value(1).data[ch] + c.value(2).data[ch]);
    }
  }
}

// LayerNormalization normalises over axes [axis, rank); Scale and B broadcast over them.
std::vector<ValueInfo> infer_layer_norm(const OpContext& c) {
  kernels::require_float(c, 0);
  const Shape& x = c.shape(0);
  const auto rank = static_cast<std::int64_t>(x.size());
  const std::int64_t axis = kernels::normalize_axis(c.node.attr_int("axis", -1), rank, c.node);
  Shape reduced = x;
  for (std::int64_t d = axis; d < rank; ++d) reduced[static_cast<std::size_t>(d)] = 1;
  return {ValueInfo{DataType::kFloat32, x}, ValueInfo{DataType::kFloat32, reduced},
          ValueInfo{DataType::kFloat32, reduced}};
}

void compute_layer_norm(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& x = c.value(0);
  const auto rank = static_cast<std::int64_t>(x.shape.size());
  const std::int64_t axis = kernels::normalize_axis(c.node.attr_int("axis", -1), rank, c.node);
  const float epsilon = c.node.attr_float("epsilon", 1e-5f);
  std::int64_t outer = 1, inner = 1;
  for (std::int64_t d = 0; d < rank; ++d) (d < axis ? outer : inner) *= x.shape[static_cast<std::size_t>(d)];
  const Shape inner_shape(x.shape.begin() + axis, x.shape.end());
  // Scale and B are broadcast against the normalised block: expand them once.
  auto expand = [&](std::size_t index, float fallback) {
    std::vector<float> values(static_cast<std::size_t>(inner), fallback);
    if (!c.has_input(index)) return values;
    const Tensor& parameter = c.value(index);
    const std::vector<std::vector<std::int64_t>> strides = {kernels::broadcast_strides(parameter.shape, inner_shape)};
    kernels::for_each_broadcast(inner_shape, strides, [&](std::int64_t i, const std::vector<std::int64_t>& offsets) {
      values[static_cast<std::size_t>(i)] = parameter.data[static_cast<std::size_t>(offsets[0])];
    });
    return values;
  };
  const std::vector<float> scale = expand(1, 1.0f);
  const std::vector<float> bias = expand(2, 0.0f);
  for (std::int64_t o = 0; o < outer; ++o) {
    const float* in = x.data.data() + o * inner;
    double sum = 0.0, square = 0.0;
    for (std::int64_t k = 0; k < inner; ++k) sum += in[k];
    const double mean = sum / static_cast<double>(inner);
    for (std::int64_t k = 0; k < inner; ++k) square += (in[k] - mean) * (in[k] - mean);
    const double inv_std = 1.0 / std::sqrt(square / static_cast<double>(inner) + epsilon);
    for (std::int64_t k = 0; k < inner; ++k) {
      out[0].data[static_cast<std::size_t>(o * inner + k)] =
          static_cast<float>((in[k] - mean) * inv_std * scale[static_cast<std::size_t>(k)] + bias[static_cast<std::size_t>(k)]);
    }
    if (out.size() > 1 && !out[1].data.empty()) out[1].data[static_cast<std::size_t>(o)] = static_cast<float>(mean);
    if (out.size() > 2 && !out[2].data.empty()) out[2].data[static_cast<std::size_t>(o)] = static_cast<float>(inv_std);
  }
}

std::vector<ValueInfo> infer_softmax(const OpContext& c) {
  kernels::require_float(c, 0);
  return {ValueInfo{DataType::kFloat32, c.shape(0)}};
}

// Softmax over groups of `length` elements spaced `stride` apart; the maximum is subtracted
// first so exp never overflows (softmax is shift invariant).
template <bool log_output>
void compute_softmax(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& x = c.value(0);
  const auto rank = static_cast<std::int64_t>(x.shape.size());
  std::int64_t outer = 1, length = 1, stride = 1;
  if (c.node.opset < 13) {
    const std::int64_t axis = kernels::normalize_axis(c.node.attr_int("axis", 1), rank, c.node);
    for (std::int64_t d = 0; d < rank; ++d) (d < axis ? outer : length) *= x.shape[static_cast<std::size_t>(d)];
  } else {
    const std::int64_t axis = kernels::normalize_axis(c.node.attr_int("axis", -1), rank, c.node);
    for (std::int64_t d = 0; d < axis; ++d) outer *= x.shape[static_cast<std::size_t>(d)];
    length = x.shape[static_cast<std::size_t>(axis)];
    for (std::int64_t d = axis + 1; d < rank; ++d) stride *= x.shape[static_cast<std::size_t>(d)];
  }
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t s = 0; s < stride; ++s) {
      const std::int64_t base = o * length * stride + s;
      float maximum = -INFINITY;
      for (std::int64_t k = 0; k < length; ++k) maximum = std::max(maximum, x.data[static_cast<std::size_t>(base + k * stride)]);
      double sum = 0.0;
      for (std::int64_t k = 0; k < length; ++k) sum += std::exp(static_cast<double>(x.data[static_cast<std::size_t>(base + k * stride)]) - maximum);
      for (std::int64_t k = 0; k < length; ++k) {
        const double shifted = static_cast<double>(x.data[static_cast<std::size_t>(base + k * stride)]) - maximum;
        out[0].data[static_cast<std::size_t>(base + k * stride)] =
            static_cast<float>(log_output ? shifted - std::log(sum) : std::exp(shifted) / sum);
      }
    }
  }
}

}  // namespace

const std::vector<OpDefinition>& normalization_ops() {
  static const std::vector<OpDefinition> ops = {
      {"BatchNormalization", infer_batch_norm, compute_batch_norm},
      {"InstanceNormalization", infer_instance_norm, compute_instance_norm},
      {"LayerNormalization", infer_layer_norm, compute_layer_norm},
      {"Softmax", infer_softmax, compute_softmax<false>},
      {"LogSoftmax", infer_softmax, compute_softmax<true>},
  };
  return ops;
}

}  // namespace npusim::models
