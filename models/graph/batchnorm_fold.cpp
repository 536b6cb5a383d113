#include "models/graph/batchnorm_fold.h"

#include <cmath>
#include <map>
#include <set>

namespace npusim::models {
namespace {

const Tensor* float_constant(const Graph& graph, const Node& node, std::size_t index) {
  if (!node.has_input(index)) return nullptr;
  auto found = graph.constants.find(node.inputs[index]);
  return found != graph.constants.end() && found->second.is_float() ? &found->second : nullptr;
}

// A constant name not yet used in the graph, derived from `base`.
std::string fresh_name(const Graph& graph, const std::string& base) {
  std::string name = base;
  for (int i = 1; graph.values.count(name) || graph.constants.count(name); ++i) name = base + "_" + std::to_string(i);
  return name;
}

}  // namespace

int fold_batch_normalization(Graph& graph) {
  std::map<std::string, int> readers;
  for (const Node& node : graph.nodes) {
    for (const std::string& input : node.inputs) {
      if (!input.empty()) ++readers[input];
    }
  }
  const std::set<std::string> outputs(graph.output_names.begin(), graph.output_names.end());
  std::map<std::string, std::size_t> producer;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    for (const std::string& output : graph.nodes[n].outputs) producer[output] = n;
  }
  std::set<std::size_t> removed;
  int folded = 0;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& bn = graph.nodes[n];
    if (bn.op_type != "BatchNormalization" || bn.outputs.size() != 1) continue;
    auto source = producer.find(bn.inputs[0]);
    if (source == producer.end()) continue;
    Node& conv = graph.nodes[source->second];
    if (conv.op_type != "Conv" || readers[bn.inputs[0]] != 1 || outputs.count(bn.inputs[0])) continue;
    const Tensor* weights = float_constant(graph, conv, 1);
    const Tensor* bias = float_constant(graph, conv, 2);
    const Tensor *scale = float_constant(graph, bn, 1), *offset = float_constant(graph, bn, 2),
                 *mean = float_constant(graph, bn, 3), *variance = float_constant(graph, bn, 4);
    if (!weights || (conv.has_input(2) && !bias) || !scale || !offset || !mean || !variance) continue;
    const std::int64_t channels = weights->shape.at(0);
    if (scale->element_count() != channels || offset->element_count() != channels ||
        mean->element_count() != channels || variance->element_count() != channels) {
      continue;
    }
    const float epsilon = bn.attr_float("epsilon", 1e-5f);
    Tensor new_weights = *weights;
    Tensor new_bias = Tensor::zeros({channels});
    const std::int64_t per_channel = weights->element_count() / channels;
    for (std::int64_t m = 0; m < channels; ++m) {
      const float s = scale->data[m] / std::sqrt(variance->data[m] + epsilon);
      for (std::int64_t i = 0; i < per_channel; ++i) new_weights.data[m * per_channel + i] *= s;
      const float b = bias ? bias->data[m] : 0.0f;
      new_bias.data[m] = (b - mean->data[m]) * s + offset->data[m];
    }
    const std::string weight_name = fresh_name(graph, conv.inputs[1] + "_bn_folded");
    const std::string bias_name = fresh_name(graph, (conv.has_input(2) ? conv.inputs[2] : conv.name + "_bias") + "_bn_folded");
    graph.values[weight_name] = ValueInfo{DataType::kFloat32, new_weights.shape};
    graph.values[bias_name] = ValueInfo{DataType::kFloat32, new_bias.shape};
    graph.constants[weight_name] = std::move(new_weights);
    graph.constants[bias_name] = std::move(new_bias);
    conv.inputs.resize(3);
    conv.inputs[1] = weight_name;
    conv.inputs[2] = bias_name;
    graph.values.erase(conv.outputs[0]);
    conv.outputs[0] = bn.outputs[0];
    removed.insert(n);
    ++folded;
  }
  std::vector<Node> kept;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!removed.count(n)) kept.push_back(std::move(graph.nodes[n]));
  }
  graph.nodes = std::move(kept);
  return folded;
}

}  // namespace npusim::models
