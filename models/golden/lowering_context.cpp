#include "models/golden/lowering_context.h"

#include <stdexcept>

namespace npusim::golden {

void LoweringContext::fail(const std::string& what) const {
  throw std::runtime_error(where + " (" + node().describe() + "): " + what);
}

const models::Node& LoweringContext::node(std::size_t index_in_group) const {
  return graph.nodes[group.nodes.at(index_in_group)];
}

const quant::TensorQuantization& LoweringContext::tensor(const std::string& name) const {
  const quant::TensorQuantization* found = plan.find_tensor(name);
  if (found == nullptr) fail("the plan has no tensor '" + name + "'");
  return *found;
}

const models::Tensor& LoweringContext::constant(const std::string& name) const {
  auto found = graph.constants.find(name);
  if (found == graph.constants.end()) fail("'" + name + "' is not a constant of the model");
  if (!found->second.is_float()) fail("constant '" + name + "' is not float");
  return found->second;
}

const models::Shape& LoweringContext::shape(const std::string& value) const { return graph.value_info(value).shape; }

std::int32_t LoweringContext::zero_point(const std::string& tensor_name) const {
  const quant::TensorQuantization& quant = tensor(tensor_name);
  if (quant.format.kind != quant::TensorFormatKind::kInteger) {
    fail("tensor '" + tensor_name + "' is " + quant.format.name() + ", an integer operation needs an integer grid");
  }
  if (quant.axis) fail("tensor '" + tensor_name + "' has per-channel parameters; activations need one grid");
  return quant.zero_points[0];
}

float LoweringContext::scale(const std::string& tensor_name) const {
  zero_point(tensor_name);  // same checks
  return tensor(tensor_name).scales[0];
}

models::OpContext graph_node_context(const models::Graph& graph, const models::Node& node) {
  models::OpContext context{node, {}, {}};
  for (const std::string& name : node.inputs) {
    if (name.empty()) {
      context.input_types.push_back(nullptr);
      context.input_values.push_back(nullptr);
      continue;
    }
    context.input_types.push_back(&graph.value_info(name));
    auto constant = graph.constants.find(name);
    context.input_values.push_back(constant == graph.constants.end() ? nullptr : &constant->second);
  }
  return context;
}

RequantStage make_requant_stage(const quant::OperationRequant& requant) {
  RequantStage stage;
  stage.mode = requant.rounding;
  for (std::size_t c = 0; c < requant.channel_count(); ++c) stage.channels.push_back(requant.channel_params(c));
  stage.axis = requant.axis ? *requant.axis : -1;
  return stage;
}

RequantStage LoweringContext::requant_stage() const {
  if (!operation.requant) fail("an integer " + std::string(op_kind_name(group.kind)) + " operation needs 'requant'");
  return make_requant_stage(*operation.requant);
}

void LoweringContext::check_stage_fits(const RequantStage& stage, const quant::TensorQuantization& output,
                                       const quant::TensorQuantization* lo) const {
  const quant::RequantParams& first = stage.channels.at(0);
  if (output.format.kind != quant::TensorFormatKind::kInteger) {
    fail("output '" + output.name + "' is " + output.format.name() + "; a requantization writes integer codes");
  }
  const std::int32_t low = format_code_min(output), high = format_code_max(output);
  if (lo == nullptr) {
    if (first.qmin < low || first.qmax > high) {
      fail("requant clamp [" + std::to_string(first.qmin) + ", " + std::to_string(first.qmax) +
           "] exceeds the codes of '" + output.name + "' (" + output.format.name() + ": [" + std::to_string(low) +
           ", " + std::to_string(high) + "])");
    }
    if (!output.axis && first.zero_point != output.zero_points[0]) {
      fail("requant zero_point " + std::to_string(first.zero_point) + " differs from the zero point " +
           std::to_string(output.zero_points[0]) + " of '" + output.name + "'");
    }
    return;
  }
  const int bits = first.lo_bits;
  const std::int32_t hi_low = first.qmin >> bits, hi_high = first.qmax >> bits;
  if (hi_low < low || hi_high > high) {
    fail("dual output: hi codes [" + std::to_string(hi_low) + ", " + std::to_string(hi_high) + "] exceed '" +
         output.name + "' (" + output.format.name() + ")");
  }
  if (first.zero_point != 0 || output.axis || lo->axis || output.zero_points[0] != 0 || lo->zero_points[0] != 0 ||
      output.scales[0] != lo->scales[0] * static_cast<float>(1 << bits)) {
    fail("dual output: the wide result needs zero point 0, and hi '" + output.name + "' the scale of lo '" +
         lo->name + "' times 2^" + std::to_string(bits) + " (both zero point 0), so that real = hi + lo");
  }
  if (format_code_min(*lo) > 0 || format_code_max(*lo) < (1 << bits) - 1) {
    fail("dual output: lo codes [0, " + std::to_string((1 << bits) - 1) + "] exceed '" + lo->name + "' (" +
         lo->format.name() + ")");
  }
}

}  // namespace npusim::golden
