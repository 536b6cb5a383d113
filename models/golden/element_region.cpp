#include "models/golden/element_region.h"

#include <map>
#include <stdexcept>

#include "models/executor/node_runner.h"

namespace npusim::golden {

std::vector<float> evaluate_element_region(const models::Graph& graph, const OpGroup& group,
                                           const std::vector<float>& x) {
  std::map<std::string, models::Tensor> values;
  values[group.inputs.at(0)] =
      models::Tensor::from_floats({static_cast<std::int64_t>(x.size())}, x);
  for (std::size_t index : group.nodes) {
    const models::Node& node = graph.nodes[index];
    std::vector<const models::Tensor*> inputs;
    for (const std::string& name : node.inputs) {
      if (name.empty()) {
        inputs.push_back(nullptr);
        continue;
      }
      auto constant = graph.constants.find(name);
      if (constant != graph.constants.end()) {
        inputs.push_back(&constant->second);
        continue;
      }
      auto value = values.find(name);
      if (value == values.end()) throw std::runtime_error(node.describe() + ": input '" + name + "' is not in the region");
      inputs.push_back(&value->second);
    }
    std::vector<models::Tensor> outputs = models::run_node(node, inputs);
    for (std::size_t o = 0; o < outputs.size() && o < node.outputs.size(); ++o) {
      values[node.outputs[o]] = std::move(outputs[o]);
    }
  }
  const models::Tensor& result = values.at(group.outputs.at(0));
  if (result.data.size() != x.size()) {
    throw std::runtime_error("element-wise region '" + group.name + "' changed the element count (a broadcast " +
                             "constant is not a scalar)");
  }
  return result.data;
}

}  // namespace npusim::golden
