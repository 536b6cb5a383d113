#include "models/executor/float_executor.h"

#include <map>
#include <set>
#include <stdexcept>

#include "models/executor/op_registry.h"

namespace npusim::models {

FloatExecutor::FloatExecutor(const Graph& graph) : graph_(graph), node_states_(graph.nodes.size()) {
  // A value is freed right after the last node that reads it, unless it is a graph output:
  // this keeps peak memory at the live set (what `npusim info` reports as activation memory).
  std::map<std::string, std::size_t> last_use;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    for (const std::string& input : graph.nodes[n].inputs) {
      if (!input.empty() && !graph.is_constant(input)) last_use[input] = n;
    }
  }
  const std::set<std::string> outputs(graph.output_names.begin(), graph.output_names.end());
  values_freed_after_node_.resize(graph.nodes.size());
  for (const auto& [name, node_index] : last_use) {
    if (!outputs.count(name)) values_freed_after_node_[node_index].push_back(name);
  }
}

FloatExecutor::~FloatExecutor() = default;

std::vector<Tensor> FloatExecutor::run(const std::vector<Tensor>& inputs, const TensorObserver& observer,
                                       const TensorTransform& transform) {
  if (inputs.size() != graph_.input_names.size()) {
    throw std::runtime_error(graph_.source_path + ": the model takes " + std::to_string(graph_.input_names.size()) +
                             " input(s), " + std::to_string(inputs.size()) + " given");
  }
  std::map<std::string, Tensor> live;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& name = graph_.input_names[i];
    const ValueInfo& expected = graph_.value_info(name);
    if (inputs[i].shape != expected.shape) {
      throw std::runtime_error(graph_.source_path + ": input '" + name + "' has shape " +
                               shape_to_string(inputs[i].shape) + ", the model was imported for " +
                               shape_to_string(expected.shape));
    }
    if (inputs[i].dtype != expected.dtype) {
      throw std::runtime_error(graph_.source_path + ": input '" + name + "' is " + data_type_name(inputs[i].dtype) +
                               ", the model expects " + data_type_name(expected.dtype));
    }
    const std::size_t payload = inputs[i].is_float() ? inputs[i].data.size() : inputs[i].int_data.size();
    if (static_cast<std::int64_t>(payload) != inputs[i].element_count()) {
      throw std::runtime_error(graph_.source_path + ": input '" + name + "' holds " + std::to_string(payload) +
                               " values for shape " + shape_to_string(inputs[i].shape));
    }
    live[name] = inputs[i];
    if (transform) transform(name, live[name]);
    if (observer) observer(name, live[name]);
  }

  for (std::size_t n = 0; n < graph_.nodes.size(); ++n) {
    const Node& node = graph_.nodes[n];
    const OpDefinition* definition = find_op(node.op_type);
    OpContext context{node, {}, {}};
    for (const std::string& input : node.inputs) {
      if (input.empty()) {
        context.input_types.push_back(nullptr);
        context.input_values.push_back(nullptr);
        continue;
      }
      context.input_types.push_back(&graph_.value_info(input));
      auto constant = graph_.constants.find(input);
      if (constant != graph_.constants.end()) {
        context.input_values.push_back(&constant->second);
      } else {
        auto value = live.find(input);
        if (value == live.end()) {
          throw std::runtime_error(node.describe() + ": input '" + input + "' was not computed");
        }
        context.input_values.push_back(&value->second);
      }
    }
    std::vector<Tensor> outputs;
    for (const std::string& output : node.outputs) {
      const ValueInfo& info = output.empty() ? ValueInfo{} : graph_.value_info(output);
      outputs.push_back(Tensor::allocate(info.shape, info.dtype,
                                         graph_.source_path + ": " + node.describe() + " output '" + output + "'"));
    }
    try {
      definition->compute(context, outputs, node_states_[n]);
    } catch (const std::exception& error) {
      throw std::runtime_error(graph_.source_path + ": " + node.describe() + ": " + error.what());
    }
    for (std::size_t o = 0; o < node.outputs.size(); ++o) {
      if (node.outputs[o].empty()) continue;
      if (transform) transform(node.outputs[o], outputs[o]);
      if (observer) observer(node.outputs[o], outputs[o]);
      live[node.outputs[o]] = std::move(outputs[o]);
    }
    for (const std::string& dead : values_freed_after_node_[n]) live.erase(dead);
  }

  std::vector<Tensor> results;
  for (const std::string& name : graph_.output_names) {
    auto constant = graph_.constants.find(name);
    if (constant != graph_.constants.end()) {
      results.push_back(constant->second);
      continue;
    }
    auto value = live.find(name);
    if (value == live.end()) throw std::runtime_error(graph_.source_path + ": output '" + name + "' was not computed");
    results.push_back(value->second);
  }
  return results;
}

std::vector<Tensor> run(const Graph& graph, const std::vector<Tensor>& inputs, const TensorObserver& observer) {
  FloatExecutor executor(graph);
  return executor.run(inputs, observer);
}

}  // namespace npusim::models
