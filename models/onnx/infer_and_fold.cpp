// Shape inference and constant folding, node by node in file order (ONNX requires graph
// nodes to be topologically sorted; an input used before it is produced is an error).
#include <stdexcept>

#include "models/executor/op_registry.h"
#include "models/onnx/node_validation.h"
#include "models/onnx/onnx_import.h"

namespace npusim::models {

void infer_and_fold(Graph& graph) {
  std::vector<Node> runtime_nodes;
  for (Node& node : graph.nodes) {
    const OpDefinition* definition = find_op(node.op_type);
    if (definition == nullptr) {
      throw std::runtime_error("unsupported operator '" + node.op_type + "' (node '" + node.name +
                               "'); supported: " + supported_op_list());
    }
    OpContext context{node, {}, {}};
    bool all_inputs_constant = true;
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      if (node.inputs[i].empty()) {
        context.input_types.push_back(nullptr);
        context.input_values.push_back(nullptr);
        continue;
      }
      auto info = graph.values.find(node.inputs[i]);
      if (info == graph.values.end()) {
        throw std::runtime_error(node.describe() + ": input '" + node.inputs[i] +
                                 "' is neither a graph input, an initializer nor an earlier node's output");
      }
      context.input_types.push_back(&info->second);
      auto constant = graph.constants.find(node.inputs[i]);
      context.input_values.push_back(constant == graph.constants.end() ? nullptr : &constant->second);
      all_inputs_constant = all_inputs_constant && constant != graph.constants.end();
    }
    validate_node(context);
    std::vector<ValueInfo> output_types = definition->infer(context);
    // Every supported operator's first output is required; the kernels write outputs[0].
    if (node.outputs.empty()) throw std::runtime_error(node.describe() + ": has no outputs");
    if (output_types.size() < node.outputs.size()) {
      throw std::runtime_error(node.describe() + ": has " + std::to_string(node.outputs.size()) +
                               " outputs, the operator produces " + std::to_string(output_types.size()));
    }
    for (std::size_t o = 0; o < node.outputs.size(); ++o) {
      // ONNX graphs are single-assignment; a second definition would give one name two shapes
      // (fuzzing: the executor then wrote a buffer sized for the other one).
      if (!node.outputs[o].empty() && graph.values.count(node.outputs[o])) {
        throw std::runtime_error(node.describe() + ": output '" + node.outputs[o] +
                                 "' is already defined (an input, initializer or earlier node output)");
      }
      checked_element_count(output_types[o].shape, node.describe() + " output '" + node.outputs[o] + "'");
      if (node.outputs[o].empty()) continue;
      // ONNX graphs are in single static assignment form: every value has one producer.
      if (graph.values.count(node.outputs[o])) {
        throw std::runtime_error(node.describe() + ": output '" + node.outputs[o] +
                                 "' is already produced by a graph input, an initializer or an earlier node");
      }
      graph.values[node.outputs[o]] = output_types[o];
    }
    if (all_inputs_constant || definition->shape_only) {
      std::vector<Tensor> outputs;
      for (std::size_t o = 0; o < node.outputs.size(); ++o) {
        outputs.push_back(Tensor::allocate(output_types[o].shape, output_types[o].dtype,
                                           node.describe() + " output '" + node.outputs[o] + "'"));
      }
      KernelState state;
      try {
        definition->compute(context, outputs, state);
      } catch (const std::runtime_error& error) {  // name the node unless the kernel did
        const std::string message = error.what();
        if (message.find(node.describe()) != std::string::npos) throw;
        throw std::runtime_error(node.describe() + ": " + message);
      }
      for (std::size_t o = 0; o < node.outputs.size(); ++o) {
        if (!node.outputs[o].empty()) graph.constants[node.outputs[o]] = std::move(outputs[o]);
      }
      graph.folded_op_types.push_back(node.op_type);
      continue;
    }
    runtime_nodes.push_back(std::move(node));
  }
  graph.nodes = std::move(runtime_nodes);
  for (const std::string& output : graph.output_names) {
    if (!graph.values.count(output)) {
      throw std::runtime_error("graph output '" + output + "' is produced by no node");
    }
  }
}

}  // namespace npusim::models
