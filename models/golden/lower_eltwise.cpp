// Lowering of the operations with several operands: Add/Sub, Mul, Concat, MatMul.
#include "models/golden/lowering_context.h"

namespace npusim::golden {
namespace {

// Operands that are constants of the model are encoded on their plan grids once, here.
std::vector<ConstantOperand> encode_constant_operands(const LoweringContext& context) {
  std::vector<ConstantOperand> constants;
  for (std::size_t i = 0; i < context.group.inputs.size(); ++i) {
    const std::string& name = context.group.inputs[i];
    if (!context.graph.is_constant(name)) continue;
    const quant::TensorQuantization& grid = context.tensor(name);
    constants.push_back({i, encode_tensor(context.constant(name), grid, "constant '" + name + "'")});
  }
  return constants;
}

void check_operand_names(const LoweringContext& context) {
  if (context.operation.inputs != context.group.inputs) {
    std::string expected;
    for (const std::string& name : context.group.inputs) expected += (expected.empty() ? "\"" : ", \"") + name + "\"";
    context.fail("inputs must be [" + expected + "] (the operands in graph order)");
  }
}

std::vector<std::int32_t> operand_zero_points(const LoweringContext& context) {
  std::vector<std::int32_t> zero_points;
  for (const std::string& name : context.group.inputs) zero_points.push_back(context.zero_point(name));
  return zero_points;
}

}  // namespace

void lower_eltwise(const LoweringContext& context, LoweredOp& op) {
  check_operand_names(context);
  if (op.compute != quant::ComputeDomain::kInteger) return;
  const models::Node& node = context.node();
  if (context.group.inputs.size() != 2) context.fail("expected two operands");
  EltwiseParams params;
  params.input_zero_points = operand_zero_points(context);
  params.constants = encode_constant_operands(context);
  if (context.group.kind == OpKind::kAdd) {
    params.input_multipliers = context.operation.input_multipliers;
    if (params.input_multipliers.size() != 2) {
      context.fail("an integer " + node.op_type + " needs input_multipliers, one per operand (got " +
                   std::to_string(params.input_multipliers.size()) + ")");
    }
  } else if (!context.operation.input_multipliers.empty()) {
    context.fail("input_multipliers are only used by add");
  }
  op.requant = context.requant_stage();
  if (op.requant->axis >= 0) context.fail("element-wise operations requantize per tensor");
  op.params = std::move(params);
}

void lower_concat(const LoweringContext& context, LoweredOp& op) {
  check_operand_names(context);
  if (op.compute != quant::ComputeDomain::kInteger) return;
  ConcatParams params;
  params.input_zero_points = operand_zero_points(context);
  params.constants = encode_constant_operands(context);
  if (context.operation.requant) context.fail("concat requantizes each input: use input_requants, not requant");
  if (context.operation.input_requants.size() != context.group.inputs.size()) {
    context.fail("needs input_requants, one per operand (" + std::to_string(context.group.inputs.size()) + "), got " +
                 std::to_string(context.operation.input_requants.size()));
  }
  const quant::TensorQuantization& output = context.tensor(context.operation.outputs.at(0));
  for (const quant::OperationRequant& requant : context.operation.input_requants) {
    RequantStage stage = make_requant_stage(requant);
    if (stage.axis >= 0) context.fail("concat input requantizations are per tensor");
    context.check_stage_fits(stage, output, nullptr);
    params.inputs.push_back(std::move(stage));
  }
  op.params = std::move(params);
}

void lower_matmul(const LoweringContext& context, LoweredOp& op) {
  check_operand_names(context);
  if (op.compute != quant::ComputeDomain::kInteger) return;
  for (const std::string& name : context.group.inputs) {
    if (context.graph.is_constant(name)) context.fail("a constant left operand of MatMul is not supported");
  }
  MatMulParams params;
  params.a_zero_point = context.zero_point(context.group.inputs.at(0));
  params.b_zero_point = context.zero_point(context.group.inputs.at(1));
  op.requant = context.requant_stage();
  if (op.requant->axis >= 0) context.fail("matmul of two tensors requantizes per tensor");
  op.params = params;
}

}  // namespace npusim::golden
