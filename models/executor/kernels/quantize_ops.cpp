// QuantizeLinear and DequantizeLinear (opsets 10 to 18: per-tensor, and per-axis from 13),
// so QDQ models run in the float executor. Quantized values are carried as int64; the
// importer records the zero point's ONNX element type, which fixes the saturation range.
#include <cmath>

#include "models/executor/kernels/kernel_util.h"

namespace npusim::models {
namespace {

struct QuantRange {
  double low, high;
};

// ONNX TensorProto element type -> representable integer range.
QuantRange range_of(std::int64_t element_type, const Node& node) {
  switch (element_type) {
    case 2: return {0, 255};              // UINT8
    case 3: return {-128, 127};           // INT8
    case 4: return {0, 65535};            // UINT16
    case 5: return {-32768, 32767};       // INT16
    case 6: return {-2147483648.0, 2147483647.0};  // INT32
    default:
      throw std::runtime_error(node.describe() + ": unsupported quantized element type " + std::to_string(element_type));
  }
}

// Per-tensor (scale has one value) or per-axis (one value per slice along `axis`).
struct ScaleLayout {
  std::int64_t channels = 1, inner = 1;
};

ScaleLayout scale_layout(const OpContext& c) {
  ScaleLayout layout;
  const std::int64_t scale_count = checked_element_count(c.shape(1), c.node.describe());
  if (scale_count == 1) return layout;
  const Shape& x = c.shape(0);
  const auto axis = static_cast<std::size_t>(
      kernels::normalize_axis(c.node.attr_int("axis", 1), static_cast<std::int64_t>(x.size()), c.node));
  if (x[axis] != scale_count) {
    throw std::runtime_error(c.node.describe() + ": " + std::to_string(scale_count) + " scales for axis of size " +
                             std::to_string(x[axis]));
  }
  layout.channels = scale_count;
  for (std::size_t d = axis + 1; d < x.size(); ++d) layout.inner *= x[d];
  return layout;
}

std::vector<ValueInfo> infer_quantize(const OpContext& c) {
  kernels::require_float(c, 0);
  scale_layout(c);
  range_of(c.node.attr_int("npusim_output_element_type", 2), c.node);
  return {ValueInfo{DataType::kInt64, c.shape(0)}};
}

// q = clamp(round_half_even(x / scale) + zero_point, qmin, qmax), the quotient in float32
// as ONNX Runtime computes it; clamping happens in double, so huge inputs saturate.
void compute_quantize(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& x = c.value(0);
  const std::vector<float>& scale = c.value(1).data;
  const ScaleLayout layout = scale_layout(c);
  const QuantRange range = range_of(c.node.attr_int("npusim_output_element_type", 2), c.node);
  for (std::int64_t i = 0; i < x.element_count(); ++i) {
    const auto channel = static_cast<std::size_t>((i / layout.inner) % layout.channels);
    const double zero_point = c.has_input(2) ? static_cast<double>(c.value(2).int_data[channel % c.value(2).int_data.size()]) : 0.0;
    const float quotient = x.data[static_cast<std::size_t>(i)] / scale[channel % scale.size()];
    const double q = std::nearbyint(static_cast<double>(quotient)) + zero_point;  // default FE_TONEAREST: ties to even
    out[0].int_data[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(std::min(std::max(q, range.low), range.high));
  }
}

std::vector<ValueInfo> infer_dequantize(const OpContext& c) {
  if (c.dtype(0) == DataType::kFloat32) throw std::runtime_error(c.node.describe() + ": input must be integer");
  scale_layout(c);
  return {ValueInfo{DataType::kFloat32, c.shape(0)}};
}

// y = (q - zero_point) * scale, in float32.
void compute_dequantize(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& q = c.value(0);
  const std::vector<float>& scale = c.value(1).data;
  const ScaleLayout layout = scale_layout(c);
  for (std::int64_t i = 0; i < q.element_count(); ++i) {
    const auto channel = static_cast<std::size_t>((i / layout.inner) % layout.channels);
    const std::int64_t zero_point = c.has_input(2) ? c.value(2).int_data[channel % c.value(2).int_data.size()] : 0;
    out[0].data[static_cast<std::size_t>(i)] =
        static_cast<float>(q.int_data[static_cast<std::size_t>(i)] - zero_point) * scale[channel % scale.size()];
  }
}

}  // namespace

const std::vector<OpDefinition>& quantize_ops() {
  static const std::vector<OpDefinition> ops = {
      {"QuantizeLinear", infer_quantize, compute_quantize},
      {"DequantizeLinear", infer_dequantize, compute_dequantize},
  };
  return ops;
}

}  // namespace npusim::models
