// Lowering of Softmax (exp table, normalisation) and LayerNormalization (integer square
// root) to their integer parameters; docs/golden.md gives both methods.
#include <cmath>

#include "models/golden/lowering_context.h"

namespace npusim::golden {
namespace {

std::int64_t integer_param(const LoweringContext& context, const char* name, std::int64_t low, std::int64_t high) {
  auto found = context.operation.integer_params.find(name);
  if (found == context.operation.integer_params.end()) context.fail(std::string("integer_params.") + name + " is missing");
  if (found->second < low || found->second > high) {
    context.fail(std::string("integer_params.") + name + " " + std::to_string(found->second) + " outside " +
                 std::to_string(low) + ".." + std::to_string(high));
  }
  return found->second;
}

}  // namespace

void lower_softmax(const LoweringContext& context, LoweredOp& op) {
  const std::string& input = context.group.inputs.at(0);
  if (context.operation.inputs != std::vector<std::string>{input}) context.fail("inputs must be [\"" + input + "\"]");
  if (op.compute != quant::ComputeDomain::kInteger) return;
  const models::Node& node = context.node();
  const auto rank = static_cast<std::int64_t>(context.shape(input).size());
  std::int64_t axis = node.attr_int("axis", node.opset < 13 ? 1 : -1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) context.fail("axis out of range");
  // Before opset 13 Softmax normalises over the flattened tail from `axis`: the same as one
  // axis only when that axis is the last.
  if (node.opset < 13 && axis != rank - 1) context.fail("opset < 13 Softmax is supported with the last axis only");
  SoftmaxParams params;
  params.axis = static_cast<int>(axis);
  params.exp_bits = static_cast<int>(integer_param(context, "exp_bits", 1, 30));
  params.probability_bits = static_cast<int>(integer_param(context, "probability_bits", 1, 30));
  const quant::TensorQuantization& grid = context.tensor(input);
  const double scale = context.scale(input);
  const std::int64_t range = format_code_max(grid) - format_code_min(grid);
  for (std::int64_t d = 0; d <= range; ++d) {
    params.exp_table.push_back(
        static_cast<std::int64_t>(std::nearbyint(std::exp(-scale * static_cast<double>(d)) * std::ldexp(1.0, params.exp_bits))));
  }
  const quant::TensorQuantization& output = context.tensor(context.operation.outputs.at(0));
  params.log2_output = output.format.kind == quant::TensorFormatKind::kLog2;
  if (params.log2_output) {
    if (context.operation.requant) context.fail("a log2 output takes no requant (the log2 quantizer has a fixed scale)");
    if (params.probability_bits > 31) context.fail("probability_bits must be <= 31 for the log2 quantizer");
  } else {
    op.requant = context.requant_stage();
    if (op.requant->axis >= 0) context.fail("softmax requantizes per tensor");
  }
  op.params = std::move(params);
}

void lower_layer_norm(const LoweringContext& context, LoweredOp& op) {
  const models::Node& node = context.node();
  const std::string& input = context.group.inputs.at(0);
  const std::string& gamma_name = node.inputs.at(1);
  if (context.operation.inputs != std::vector<std::string>{input, gamma_name}) {
    context.fail("inputs must be [\"" + input + "\", \"" + gamma_name + "\"] (activation, scale)");
  }
  if (op.compute != quant::ComputeDomain::kInteger) return;
  const models::Shape& shape = context.shape(input);
  const auto rank = static_cast<std::int64_t>(shape.size());
  std::int64_t axis = node.attr_int("axis", -1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) context.fail("axis out of range");
  LayerNormParams params;
  params.group_size = 1;
  for (std::int64_t d = axis; d < rank; ++d) params.group_size *= shape[static_cast<std::size_t>(d)];
  params.input_zero_point = context.zero_point(input);
  const double input_scale = context.scale(input);
  const double epsilon = node.attr_float("epsilon", 1e-5f);
  const double n = static_cast<double>(params.group_size);
  params.epsilon_codes = static_cast<std::int64_t>(std::nearbyint(n * n * epsilon / (input_scale * input_scale)));
  params.normalized_bits = static_cast<int>(integer_param(context, "normalized_bits", 1, 20));
  const models::Tensor& gamma = context.constant(gamma_name);
  const quant::TensorQuantization& gamma_grid = context.tensor(gamma_name);
  if (gamma_grid.format.kind != quant::TensorFormatKind::kInteger || gamma_grid.axis) {
    context.fail("scale '" + gamma_name + "' needs a per-tensor integer grid");
  }
  const auto expand = [&](const models::Tensor& t, const std::string& what) {
    if (t.element_count() != params.group_size && t.element_count() != 1) {
      context.fail(what + " has " + std::to_string(t.element_count()) + " values for groups of " +
                   std::to_string(params.group_size));
    }
    std::vector<float> values(static_cast<std::size_t>(params.group_size));
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = t.data[t.element_count() == 1 ? 0 : i];
    return values;
  };
  const quant::QParams gamma_params = gamma_grid.qparams()[0];
  for (float g : expand(gamma, "scale '" + gamma_name + "'")) {
    params.gamma.push_back(quant::quantize_value(g, gamma_params, gamma_grid.quant_spec()) - gamma_params.zero_point);
  }
  const double beta_unit = std::ldexp(static_cast<double>(gamma_params.scale), -params.normalized_bits);
  std::vector<float> beta(static_cast<std::size_t>(params.group_size), 0.0f);
  if (node.has_input(2)) beta = expand(context.constant(node.inputs[2]), "bias '" + node.inputs[2] + "'");
  for (float b : beta) params.beta.push_back(static_cast<std::int64_t>(std::nearbyint(b / beta_unit)));
  op.requant = context.requant_stage();
  if (op.requant->axis >= 0) context.fail("layer normalisation requantizes per tensor");
  op.params = std::move(params);
}

}  // namespace npusim::golden
