// Lowering of Conv, ConvTranspose, Gemm and MatMul-with-constant (kinds conv and gemm).
#include <cmath>
#include <limits>

#include "models/golden/lowering_context.h"
#include "quant/quantizer/affine_quantizer.h"

namespace npusim::golden {
namespace {

using models::Shape;
using models::shape_to_string;

// Gemm's B (or MatMul's constant right operand) as [M][K] with alpha applied.
std::vector<float> gemm_weights(const models::Node& node, const models::Tensor& b) {
  const bool gemm = node.op_type == "Gemm";
  const bool trans_b = gemm && node.attr_int("transB", 0) != 0;
  const std::int64_t k = trans_b ? b.shape[1] : b.shape[0];
  const std::int64_t m = trans_b ? b.shape[0] : b.shape[1];
  const float alpha = gemm ? node.attr_float("alpha", 1.0f) : 1.0f;
  std::vector<float> weights(static_cast<std::size_t>(m * k));
  for (std::int64_t out = 0; out < m; ++out) {
    for (std::int64_t in = 0; in < k; ++in) {
      const float w = trans_b ? b.data[static_cast<std::size_t>(out * k + in)] : b.data[static_cast<std::size_t>(in * m + out)];
      weights[static_cast<std::size_t>(out * k + in)] = alpha * w;
    }
  }
  return weights;
}

// Gemm / MatMul as a 1x1 convolution over rows. Returns the weights as [M][K] floats.
std::vector<float> gemm_geometry(const LoweringContext& context, ConvParams& params, std::vector<float>* bias) {
  const models::Node& node = context.node();
  const Shape& a = context.shape(node.inputs[0]);
  const models::Tensor& b = context.constant(node.inputs[1]);
  const bool gemm = node.op_type == "Gemm";
  if (gemm && node.attr_int("transA", 0) != 0) context.fail("transA = 1 is not supported on the integer path");
  if (b.shape.size() != 2) context.fail("the constant right operand must be 2-D, got " + shape_to_string(b.shape));
  const bool trans_b = gemm && node.attr_int("transB", 0) != 0;
  const std::int64_t k = trans_b ? b.shape[1] : b.shape[0];
  const std::int64_t m = trans_b ? b.shape[0] : b.shape[1];
  if (a.empty() || a.back() != k) context.fail("operand shapes " + shape_to_string(a) + " and " + shape_to_string(b.shape) + " do not multiply");
  std::int64_t rows = 1;
  for (std::size_t d = 0; d + 1 < a.size(); ++d) rows *= a[d];
  auto& g = params.geometry;
  g.batch = rows;
  g.in_channels = k;
  g.out_channels = m;
  g.in_height = g.in_width = g.out_height = g.out_width = 1;
  params.rows_as_batch = true;
  bias->assign(static_cast<std::size_t>(m), 0.0f);
  if (gemm && node.has_input(2)) {
    const models::Tensor& c = context.constant(node.inputs[2]);
    const float beta = node.attr_float("beta", 1.0f);
    // Only a bias that is the same for every row folds into the accumulator.
    if (c.element_count() == m) {
      for (std::int64_t out = 0; out < m; ++out) (*bias)[out] = beta * c.data[static_cast<std::size_t>(out)];
    } else if (c.element_count() == 1) {
      for (std::int64_t out = 0; out < m; ++out) (*bias)[out] = beta * c.data[0];
    } else {
      context.fail("Gemm C of shape " + shape_to_string(c.shape) + " is not a per-output bias");
    }
  }
  return gemm_weights(node, b);
}

// The weight grid in the canonical layout: per output channel (conv, gemm [M][K]) or, for
// ConvTranspose ([C][M/g][kH][kW]), per index of axis 1. Returns (scale, zero point) per
// output channel M.
std::vector<quant::QParams> weight_params_per_output(const LoweringContext& context, const ConvParams& params,
                                                     const quant::TensorQuantization& w, int expected_axis) {
  const std::int64_t m = params.geometry.out_channels;
  const std::vector<quant::QParams> grid = w.qparams();
  if (!w.axis) return std::vector<quant::QParams>(static_cast<std::size_t>(m), grid.at(0));
  if (*w.axis != expected_axis) {
    context.fail("weights '" + w.name + "' are per channel along axis " + std::to_string(*w.axis) +
                 "; the output channels of this operation are axis " + std::to_string(expected_axis));
  }
  const auto& g = params.geometry;
  if (g.transposed && g.groups != 1) context.fail("per-channel ConvTranspose weights need group = 1");
  if (static_cast<std::int64_t>(grid.size()) != m) {
    context.fail("weights '" + w.name + "' have " + std::to_string(grid.size()) + " channel scales for " +
                 std::to_string(m) + " output channels");
  }
  return grid;
}

}  // namespace

void lower_conv(const LoweringContext& context, LoweredOp& op) {
  const models::Node& node = context.node();
  const std::string& input = context.group.inputs.at(0);
  const std::string& weight_name = context.group.constants.at(0);
  ConvParams params;
  std::vector<float> weights, bias;
  int weight_axis = 0;
  if (node.op_type == "Conv" || node.op_type == "ConvTranspose") {
    const models::Tensor& w = context.constant(weight_name);
    params.geometry = models::kernels::resolve_conv_geometry(node, context.shape(input), w.shape);
    weights = w.data;
    bias.assign(static_cast<std::size_t>(params.geometry.out_channels), 0.0f);
    if (node.has_input(2)) bias = context.constant(node.inputs[2]).data;
    weight_axis = params.geometry.transposed ? 1 : 0;
  } else {
    if (node.op_type == "Gemm" && node.attr_float("alpha", 1.0f) != 1.0f) {
      context.fail("alpha != 1 is not supported on the integer path (fold it into the weights)");
    }
    weights = gemm_geometry(context, params, &bias);
    const bool trans_b = node.op_type == "Gemm" && node.attr_int("transB", 0) != 0;
    weight_axis = trans_b ? 0 : 1;  // the plan names the axis of the tensor as stored in the model
  }
  const quant::TensorQuantization& w_quant = context.tensor(weight_name);
  if (context.operation.inputs.size() != 2 || context.operation.inputs[0] != input ||
      context.operation.inputs[1] != weight_name) {
    context.fail("inputs must be [\"" + input + "\", \"" + weight_name + "\"] (activation, weights)");
  }
  if (op.compute != quant::ComputeDomain::kInteger) {
    // Float operation: weights as the plan stores them (a float format, or integer codes for
    // weight-only quantization), then in the compute format.
    const models::Tensor decoded =
        decode_tensor(encode_tensor(context.constant(weight_name), w_quant, "weights '" + weight_name + "'"));
    std::vector<float> canonical = params.rows_as_batch ? gemm_weights(node, decoded) : decoded.data;
    quant::TensorQuantization compute_format = quant::make_float_tensor_quantization(
        "compute", std::string(quant::compute_domain_name(op.compute)));
    for (float& value : canonical) value = round_to_float_format(value, compute_format);
    for (float& value : bias) value = round_to_float_format(value, compute_format);
    params.float_weights = std::move(canonical);
    params.float_bias = std::move(bias);
    op.params = std::move(params);
    return;
  }
  if (w_quant.format.kind != quant::TensorFormatKind::kInteger) {
    context.fail("weights '" + weight_name + "' are " + w_quant.format.name() + "; integer compute needs integer weights");
  }
  params.input_zero_point = context.zero_point(input);
  params.input_code_min = format_code_min(context.tensor(input));
  params.input_code_max = format_code_max(context.tensor(input));
  params.input_bound = std::max(std::abs(format_code_min(context.tensor(input)) - params.input_zero_point),
                                std::abs(format_code_max(context.tensor(input)) - params.input_zero_point));
  const double input_scale = context.scale(input);
  const std::vector<quant::QParams> per_output = weight_params_per_output(context, params, w_quant, weight_axis);
  // Codes in the canonical layout: quantize each weight with its output channel's grid.
  const quant::QuantSpec spec = w_quant.quant_spec();
  const auto& g = params.geometry;
  const std::int64_t per_out = static_cast<std::int64_t>(weights.size()) / g.out_channels;
  params.weights.resize(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i])) context.fail("weight " + std::to_string(i) + " of '" + weight_name + "' is not finite");
  }
  if (!g.transposed) {
    // Output channel m owns the contiguous block [m * per_out, (m + 1) * per_out).
    for (std::int64_t m = 0; m < g.out_channels; ++m) {
      const quant::QParams& q = per_output[static_cast<std::size_t>(m)];
      const std::vector<float> block(weights.begin() + m * per_out, weights.begin() + (m + 1) * per_out);
      const std::vector<std::int32_t> codes = quant::quantize_tensor(block, {{per_out}, std::nullopt}, {q}, spec);
      for (std::int64_t i = 0; i < per_out; ++i) params.weights[static_cast<std::size_t>(m * per_out + i)] = codes[i] - q.zero_point;
    }
  } else {
    for (std::size_t i = 0; i < weights.size(); ++i) {
      // [C][M/g][kH][kW]: the output channel is the index along axis 1.
      const std::int64_t taps = g.kernel_height * g.kernel_width;
      const std::int64_t out_channel = (static_cast<std::int64_t>(i) / taps) % (g.out_channels / g.groups);
      const quant::QParams& q = per_output[static_cast<std::size_t>(out_channel)];
      params.weights[i] = quant::quantize_value(weights[i], q, spec) - q.zero_point;
    }
  }
  for (std::int32_t code : params.weights) params.weight_bound = std::max(params.weight_bound, code < 0 ? -code : code);
  // Integer bias: round(b / (s_x * s_w)) half to even, in the accumulator's units.
  params.bias.resize(static_cast<std::size_t>(g.out_channels));
  for (std::int64_t m = 0; m < g.out_channels; ++m) {
    const double unit = input_scale * static_cast<double>(per_output[static_cast<std::size_t>(m)].scale);
    const double value = std::nearbyint(static_cast<double>(bias[static_cast<std::size_t>(m)]) / unit);
    if (!(std::fabs(value) < 9.2e18)) context.fail("bias of output channel " + std::to_string(m) + " overflows int64");
    params.bias[static_cast<std::size_t>(m)] = static_cast<std::int64_t>(value);
  }
  RequantStage stage = context.requant_stage();
  const int channel_axis = params.rows_as_batch ? static_cast<int>(context.shape(context.group.outputs.at(0)).size()) - 1 : 1;
  if (stage.axis >= 0 && (stage.axis != channel_axis || static_cast<std::int64_t>(stage.channels.size()) != g.out_channels)) {
    context.fail("per-channel requant must have axis " + std::to_string(channel_axis) + " and " +
                 std::to_string(g.out_channels) + " channels");
  }
  op.requant = stage;
  op.params = std::move(params);
}

}  // namespace npusim::golden
