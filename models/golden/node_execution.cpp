#include "models/golden/node_execution.h"

#include <functional>
#include <map>
#include <stdexcept>

#include "models/executor/node_runner.h"
#include "models/golden/conv_kernels.h"

namespace npusim::golden {
namespace {

using models::Tensor;

// Substitutes a constant input of a node (the Pad value in codes, constants rounded to the
// compute format); returning `original` keeps it.
using ConstantHook = std::function<Tensor(const models::Node& node, std::size_t input, const Tensor& original)>;

// Runs op.nodes[first..] in order from `values` (the run-time inputs, by graph value name) and
// returns the op's output values in order.
std::vector<Tensor> run_nodes(const GoldenProgram& program, const LoweredOp& op, std::map<std::string, Tensor> values,
                              std::size_t first, const ConstantHook& hook) {
  const models::Graph& graph = program.graph;
  for (std::size_t position = first; position < op.nodes.size(); ++position) {
    const models::Node& node = graph.nodes[op.nodes[position]];
    std::vector<Tensor> substitutes;
    substitutes.reserve(node.inputs.size());
    std::vector<const Tensor*> inputs;
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      const std::string& name = node.inputs[i];
      if (name.empty()) {
        inputs.push_back(nullptr);
      } else if (auto value = values.find(name); value != values.end()) {
        inputs.push_back(&value->second);
      } else if (auto constant = graph.constants.find(name); constant != graph.constants.end()) {
        substitutes.push_back(hook ? hook(node, i, constant->second) : constant->second);
        inputs.push_back(&substitutes.back());
      } else {
        throw std::runtime_error(node.describe() + ": input '" + name + "' is not available");
      }
    }
    std::vector<Tensor> outputs = models::run_node(node, inputs);
    for (std::size_t o = 0; o < outputs.size() && o < node.outputs.size(); ++o) {
      if (!node.outputs[o].empty()) values[node.outputs[o]] = std::move(outputs[o]);
    }
  }
  std::vector<Tensor> results;
  for (const std::string& name : op.output_values) results.push_back(std::move(values.at(name)));
  return results;
}

GoldenTensor output_tensor(const GoldenProgram& program, int slot) {
  GoldenTensor tensor;
  tensor.shape = program.tensors[slot].shape;
  tensor.quant = program.tensors[slot].quant;
  return tensor;
}

quant::TensorQuantization compute_format(quant::ComputeDomain domain) {
  return quant::make_float_tensor_quantization("compute", std::string(quant::compute_domain_name(domain)));
}

}  // namespace

std::vector<GoldenTensor> run_code_move(const GoldenProgram& program, const LoweredOp& op,
                                        const std::vector<const GoldenTensor*>& inputs) {
  std::map<std::string, Tensor> values;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    values[op.input_values.at(i)] =
        Tensor::from_floats(inputs[i]->shape, std::vector<float>(inputs[i]->codes.begin(), inputs[i]->codes.end()));
  }
  // Constant padding inserts the pad value's code (0.0 by default: the zero point), given to
  // the kernel as an explicit value (input 2 from opset 11, the attribute before).
  const models::Node& first = program.graph.nodes[op.nodes[0]];
  if (first.op_type == "Pad" && first.attr_string("mode", "constant") == "constant") {
    const GoldenTensor& input = *inputs.at(0);
    float value = first.opset < 11 ? first.attr_float("value", 0.0f) : 0.0f;
    if (first.opset >= 11 && first.has_input(2)) value = program.graph.constants.at(first.inputs[2]).data.at(0);
    const float code = static_cast<float>(quant::quantize_value(value, input.quant.qparams()[0], input.quant.quant_spec()));
    models::Node pad = first;
    std::vector<const Tensor*> operands{&values.at(op.input_values[0])};
    const Tensor code_tensor = Tensor::from_floats({}, {code});
    if (first.opset < 11) {
      pad.attributes["value"].kind = models::Attribute::Kind::kFloat;
      pad.attributes["value"].f = code;
    } else {
      pad.inputs.resize(std::max<std::size_t>(pad.inputs.size(), 3));
      operands.push_back(&program.graph.constants.at(first.inputs[1]));
      operands.push_back(&code_tensor);
      if (first.has_input(3)) operands.push_back(&program.graph.constants.at(first.inputs[3]));
    }
    std::vector<Tensor> padded = models::run_node(pad, operands);
    GoldenTensor out = output_tensor(program, op.outputs[0]);
    out.codes.assign(padded[0].data.begin(), padded[0].data.end());
    return {out};
  }
  std::vector<Tensor> results = run_nodes(program, op, std::move(values), 0, {});
  std::vector<GoldenTensor> outputs;
  for (std::size_t o = 0; o < results.size(); ++o) {
    GoldenTensor out = output_tensor(program, op.outputs[o]);
    out.codes.assign(results[o].data.begin(), results[o].data.end());  // exact: integers below 2^24
    outputs.push_back(std::move(out));
  }
  return outputs;
}

namespace {

// From the op's values (inputs, and the conv accumulator when first > 0) to its outputs.
std::vector<GoldenTensor> run_float_nodes(const GoldenProgram& program, const LoweredOp& op,
                                          std::map<std::string, Tensor> values, std::size_t first) {
  const quant::TensorQuantization format = compute_format(op.compute);
  const ConstantHook round_constants = [&](const models::Node& node, std::size_t, const Tensor& original) {
    if (!original.is_float() || node.op_type == "Resize" || node.op_type == "Upsample") return original;
    Tensor rounded = original;
    for (float& value : rounded.data) value = round_to_float_format(value, format);
    return rounded;
  };
  std::vector<Tensor> results = run_nodes(program, op, std::move(values), first, round_constants);
  std::vector<GoldenTensor> outputs;
  for (std::size_t o = 0; o < results.size(); ++o) {
    const TensorSlot& slot = program.tensors[op.outputs[o]];
    outputs.push_back(encode_tensor(results[o], slot.quant, "output '" + slot.name + "' of '" + op.name + "'"));
  }
  return outputs;
}

}  // namespace

std::vector<GoldenTensor> run_float_operation(const GoldenProgram& program, const LoweredOp& op,
                                              const std::vector<const GoldenTensor*>& inputs) {
  const quant::TensorQuantization format = compute_format(op.compute);
  std::map<std::string, Tensor> values;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Tensor decoded = decode_tensor(*inputs[i]);
    for (float& value : decoded.data) value = round_to_float_format(value, format);
    values[op.input_values[i]] = std::move(decoded);
  }
  if (const auto* conv = std::get_if<ConvParams>(&op.params)) {
    Tensor accumulated;
    accumulated.shape = program.graph.value_info(program.graph.nodes[op.nodes[0]].outputs[0]).shape;
    conv_float_ordered(*conv, values.at(op.input_values[0]).data, op.accumulation, accumulated.data);
    return finish_float_accumulation(program, op, std::move(accumulated));
  }
  return run_float_nodes(program, op, std::move(values), 0);
}

std::vector<GoldenTensor> finish_float_accumulation(const GoldenProgram& program, const LoweredOp& op,
                                                   models::Tensor accumulated) {
  std::map<std::string, Tensor> values;
  values[program.graph.nodes[op.nodes[0]].outputs[0]] = std::move(accumulated);
  return run_float_nodes(program, op, std::move(values), 1);  // the fused activation runs on the accumulator
}

}  // namespace npusim::golden
