#include "models/golden/lower_plan.h"

#include <map>
#include <stdexcept>

#include "models/golden/graph_fingerprint.h"
#include "models/graph/batchnorm_fold.h"
#include "models/golden/lowering_context.h"

namespace npusim::golden {
namespace {

bool same_grid(const quant::TensorQuantization& a, const quant::TensorQuantization& b) {
  return a.format == b.format && a.scales == b.scales && a.zero_points == b.zero_points && a.axis == b.axis &&
         a.log2_bits == b.log2_bits && a.overflow == b.overflow;
}

void lower_kind(const LoweringContext& context, LoweredOp& op, const std::vector<TensorSlot>& slots) {
  switch (op.kind) {
    case OpKind::kConv:
    case OpKind::kGemm: return lower_conv(context, op);
    case OpKind::kAdd:
    case OpKind::kMul: return lower_eltwise(context, op);
    case OpKind::kConcat: return lower_concat(context, op);
    case OpKind::kMatMul: return lower_matmul(context, op);
    case OpKind::kLut: return lower_lut(context, op);
    case OpKind::kResizeLinear: return lower_resize_linear(context, op);
    case OpKind::kAvgPool: return lower_avg_pool(context, op);
    case OpKind::kSoftmax: return lower_softmax(context, op);
    case OpKind::kLayerNorm: return lower_layer_norm(context, op);
    case OpKind::kMove:
    case OpKind::kMaxPool:
    case OpKind::kResizeNearest: {
      const std::string& input = context.group.inputs.at(0);
      if (context.operation.inputs != std::vector<std::string>{input}) context.fail("inputs must be [\"" + input + "\"]");
      if (context.operation.requant) context.fail("moves codes and takes no requant");
      if (op.compute != quant::ComputeDomain::kInteger) return;
      const quant::TensorQuantization& in = context.tensor(input);
      for (int slot : op.outputs) {
        if (!same_grid(slots[slot].quant, in)) {
          context.fail("output '" + slots[slot].name + "' must keep the grid of input '" + input +
                       "' (this operation only moves codes)");
        }
      }
      return;
    }
  }
}

}  // namespace

int GoldenProgram::slot(const std::string& name) const {
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

GoldenProgram lower_plan(models::Graph graph, const quant::QuantPlan& plan, const std::string& plan_name) {
  GoldenProgram program;
  program.graph = std::move(graph);
  const models::Graph& g = program.graph;
  const std::string model_name = g.source_path.empty() ? "the model" : g.source_path;
  const std::string fingerprint = graph_fingerprint(g);
  if (!plan.model) {
    throw std::runtime_error(plan_name + ": model: missing (a plan names the fingerprint of its model; calibrate writes it)");
  }
  if (plan.model->fingerprint != fingerprint) {
    throw std::runtime_error(plan_name + ": model.fingerprint: the plan was calibrated for another model (" +
                             (plan.model->file.empty() ? std::string() : "'" + plan.model->file + "', ") +
                             plan.model->fingerprint + "); " + model_name + " is " + fingerprint);
  }
  // Calibration folded BatchNormalization the same way (the fingerprint is the imported graph's).
  models::fold_batch_normalization(program.graph);
  const std::vector<OpGroup> groups = group_operations(g);
  std::map<std::string, int> slot_of;
  const auto add_slot = [&](const std::string& plan_tensor, const std::string& value, const std::string& where) {
    const quant::TensorQuantization* quant = plan.find_tensor(plan_tensor);
    if (quant == nullptr) throw std::runtime_error(where + ": the plan has no tensor '" + plan_tensor + "'");
    if (slot_of.count(plan_tensor)) throw std::runtime_error(where + ": tensor '" + plan_tensor + "' is produced twice");
    program.tensors.push_back(TensorSlot{plan_tensor, g.value_info(value).shape, *quant});
    slot_of[plan_tensor] = static_cast<int>(program.tensors.size()) - 1;
    return slot_of[plan_tensor];
  };
  for (const std::string& input : g.input_names) {
    program.input_slots.push_back(add_slot(input, input, plan_name + ": model input '" + input + "'"));
  }
  // Which plan operation runs each of the model's operations.
  std::map<const OpGroup*, std::size_t> operation_of;
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    const std::string where = plan_name + ": operations[" + std::to_string(i) + "] '" + plan.operations[i].name + "'";
    const OpGroup& group = match_group(g, groups, plan.operations[i].nodes, where);
    if (!operation_of.emplace(&group, i).second) {
      throw std::runtime_error(where + ": runs the same nodes as operations[" + std::to_string(operation_of[&group]) + "]");
    }
  }
  std::map<std::string, ProgramOutput> graph_outputs;
  for (const OpGroup& group : groups) {
    auto planned = operation_of.find(&group);
    if (planned == operation_of.end()) {
      throw std::runtime_error(plan_name + ": the model's " + std::string(op_kind_name(group.kind)) + " operation at " +
                               g.nodes[group.nodes[0]].describe() + " has no plan operation (every operation must be planned)");
    }
    const quant::OperationQuantization& operation = plan.operations[planned->second];
    const std::string where =
        plan_name + ": operations[" + std::to_string(planned->second) + "] '" + operation.name + "'";
    if (!operation.kind.empty() && operation.kind != op_kind_name(group.kind)) {
      throw std::runtime_error(where + ".kind: '" + operation.kind + "', but the nodes form a " +
                               std::string(op_kind_name(group.kind)) + " operation");
    }
    LoweredOp op;
    op.kind = group.kind;
    op.name = operation.name;
    op.compute = operation.compute;
    op.accumulation = operation.accumulation;
    op.nodes = group.nodes;
    for (const std::string& input : group.inputs) {
      if (g.is_constant(input)) continue;  // constant operands are encoded into the parameters
      auto found = slot_of.find(input);
      if (found == slot_of.end()) throw std::runtime_error(where + ": input '" + input + "' has no plan tensor before it");
      op.inputs.push_back(found->second);
      op.input_values.push_back(input);
    }
    op.output_values = group.outputs;
    const bool dual = operation.requant && operation.requant->lo_bits > 0;
    if (dual) {
      if (group.outputs.size() != 1) throw std::runtime_error(where + ": a dual-output operation has one graph value");
      op.outputs.push_back(add_slot(operation.outputs.at(0), group.outputs[0], where + ".outputs[0]"));
      op.outputs.push_back(add_slot(operation.outputs.at(1), group.outputs[0], where + ".outputs[1]"));
    } else {
      if (operation.outputs != group.outputs) {
        std::string expected;
        for (const std::string& name : group.outputs) expected += (expected.empty() ? "\"" : ", \"") + name + "\"";
        throw std::runtime_error(where + ".outputs: must be [" + expected + "] (the values the nodes produce)");
      }
      for (std::size_t o = 0; o < group.outputs.size(); ++o) {
        op.outputs.push_back(add_slot(group.outputs[o], group.outputs[o], where + ".outputs[" + std::to_string(o) + "]"));
      }
    }
    const LoweringContext context{g, plan, group, operation, where};
    lower_kind(context, op, program.tensors);
    if (op.compute == quant::ComputeDomain::kInteger && op.requant) {
      context.check_stage_fits(*op.requant, program.tensors[op.outputs[0]].quant,
                               dual ? &program.tensors[op.outputs[1]].quant : nullptr);
    }
    for (std::size_t o = 0; o < group.outputs.size(); ++o) {
      ProgramOutput out{group.outputs[o], op.outputs[dual ? 0 : o], dual ? op.outputs[1] : -1,
                        dual ? operation.requant->lo_bits : 0};
      graph_outputs[group.outputs[o]] = out;
    }
    program.ops.push_back(std::move(op));
  }
  for (const std::string& name : g.output_names) {
    auto found = graph_outputs.find(name);
    if (found == graph_outputs.end()) {
      throw std::runtime_error(plan_name + ": model output '" + name + "' is not produced by an operation");
    }
    program.outputs.push_back(found->second);
  }
  return program;
}

}  // namespace npusim::golden
