// Shared state and helpers while lowering one plan operation (lower_plan.cpp calls the
// per-kind lowering functions with it). Every error names the plan, the operation and the
// graph node, so a user can find the line to fix.
#pragma once

#include <string>
#include <vector>

#include "models/executor/op_registry.h"
#include "models/golden/program.h"

namespace npusim::golden {

struct LoweringContext {
  const models::Graph& graph;
  const quant::QuantPlan& plan;
  const OpGroup& group;
  const quant::OperationQuantization& operation;
  std::string where;  // "plan.json: operations[3] 'conv1'"

  [[noreturn]] void fail(const std::string& what) const;
  const models::Node& node(std::size_t index_in_group = 0) const;
  // The plan entry of a tensor; throws naming the tensor when the plan has none.
  const quant::TensorQuantization& tensor(const std::string& name) const;
  const models::Tensor& constant(const std::string& name) const;
  const models::Shape& shape(const std::string& value) const;
  // The single zero point of a per-tensor integer grid (throws for per-channel or float).
  std::int32_t zero_point(const std::string& tensor_name) const;
  float scale(const std::string& tensor_name) const;
  // The operation's requantization as a stage; throws when the plan gives none.
  RequantStage requant_stage() const;
  // Checks that the stage's clamp lies inside `output`'s codes (and, split, the hi/lo codes).
  void check_stage_fits(const RequantStage& stage, const quant::TensorQuantization& output,
                        const quant::TensorQuantization* lo) const;
};

RequantStage make_requant_stage(const quant::OperationRequant& requant);

// The shape-inference view of a graph node: input types from the graph, constant inputs'
// values (what the float kernels' attribute and constant readers need).
models::OpContext graph_node_context(const models::Graph& graph, const models::Node& node);

// Per kind (lower_*.cpp). They fill op.params and check the plan's values against the graph.
void lower_conv(const LoweringContext& context, LoweredOp& op);
void lower_eltwise(const LoweringContext& context, LoweredOp& op);    // add, mul
void lower_concat(const LoweringContext& context, LoweredOp& op);
void lower_matmul(const LoweringContext& context, LoweredOp& op);
void lower_lut(const LoweringContext& context, LoweredOp& op);
void lower_resize_linear(const LoweringContext& context, LoweredOp& op);
void lower_avg_pool(const LoweringContext& context, LoweredOp& op);
void lower_softmax(const LoweringContext& context, LoweredOp& op);
void lower_layer_norm(const LoweringContext& context, LoweredOp& op);

}  // namespace npusim::golden
