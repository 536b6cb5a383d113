#include "models/golden/op_groups.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace npusim::golden {
namespace {

using models::Graph;
using models::Node;

const std::vector<std::pair<OpKind, const char*>>& kind_names() {
  static const std::vector<std::pair<OpKind, const char*>> names = {
      {OpKind::kConv, "conv"},          {OpKind::kGemm, "gemm"},
      {OpKind::kMatMul, "matmul"},      {OpKind::kAdd, "add"},
      {OpKind::kMul, "mul"},            {OpKind::kConcat, "concat"},
      {OpKind::kLut, "lut"},            {OpKind::kResizeNearest, "resize_nearest"},
      {OpKind::kResizeLinear, "resize_linear"}, {OpKind::kMaxPool, "max_pool"},
      {OpKind::kAvgPool, "avg_pool"},   {OpKind::kMove, "move"},
      {OpKind::kSoftmax, "softmax"},    {OpKind::kLayerNorm, "layer_norm"},
  };
  return names;
}

// Element-wise operators a lookup table can take over when every operand is the region's
// one input, a value the region computed, or a scalar constant.
const std::set<std::string>& lut_op_types() {
  static const std::set<std::string> types = {
      "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Sqrt", "Exp", "Log", "Reciprocal", "Softplus", "Elu",
      "HardSigmoid", "HardSwish", "Neg", "Abs", "Floor", "Ceil", "Clip", "Add", "Sub", "Mul", "Div", "Pow",
      "Max", "Min"};
  return types;
}

// Operators that only move codes: the output holds input elements (or the zero point, for
// padding), so it keeps the input's grid.
const std::set<std::string>& move_op_types() {
  static const std::set<std::string> types = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose",
                                              "Identity", "Dropout", "Slice", "Split", "Pad",
                                              "Gather", "Expand", "Tile"};
  return types;
}

// Activations the requantization unit applies (numerics.md section 5; Clip narrows the clamp).
bool is_fusable_activation(const Graph& graph, const Node& node) {
  if (node.op_type == "Relu" || node.op_type == "LeakyRelu") return true;
  if (node.op_type != "Clip") return false;
  for (std::size_t i = 1; i < node.inputs.size(); ++i) {
    if (!node.inputs[i].empty() && !graph.is_constant(node.inputs[i])) return false;
  }
  return true;
}

bool is_scalar_constant(const Graph& graph, const std::string& value) {
  auto found = graph.constants.find(value);
  return found != graph.constants.end() && found->second.is_float() && found->second.element_count() == 1;
}

class Grouper {
 public:
  explicit Grouper(const Graph& graph) : graph_(graph), assigned_(graph.nodes.size(), false) {
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
      for (const std::string& input : graph.nodes[n].inputs) {
        if (!input.empty() && !graph.is_constant(input)) consumers_[input].push_back(n);
      }
    }
    outputs_.insert(graph.output_names.begin(), graph.output_names.end());
  }

  std::vector<OpGroup> run() {
    std::vector<OpGroup> groups;
    for (std::size_t n = 0; n < graph_.nodes.size(); ++n) {
      if (!assigned_[n]) groups.push_back(make_group(n));
    }
    return groups;
  }

 private:
  const Node& node(std::size_t index) const { return graph_.nodes[index]; }

  // The one node reading `value`, when nothing else (and no graph output) needs it.
  std::optional<std::size_t> sole_consumer(const std::string& value) const {
    if (outputs_.count(value)) return std::nullopt;
    auto found = consumers_.find(value);
    if (found == consumers_.end() || found->second.size() != 1) return std::nullopt;
    if (assigned_[found->second[0]]) return std::nullopt;
    return found->second[0];
  }

  // Appends the activation after `last` when the requantization can apply it.
  void fuse_activation(std::vector<std::size_t>& nodes) {
    const Node& last = node(nodes.back());
    if (last.outputs.size() != 1) return;
    const auto next = sole_consumer(last.outputs[0]);
    if (next && is_fusable_activation(graph_, node(*next)) && node(*next).inputs[0] == last.outputs[0]) {
      nodes.push_back(*next);
    }
  }

  OpGroup make_group(std::size_t n) {
    const Node& anchor = node(n);
    const std::string& type = anchor.op_type;
    OpGroup group;
    group.name = anchor.name;
    group.nodes = {n};
    const auto runtime = [&](std::size_t index) {
      return anchor.has_input(index) && !graph_.is_constant(anchor.inputs[index]);
    };
    if (type == "Conv" || type == "ConvTranspose") {
      require(runtime(0) && anchor.has_input(1) && !runtime(1) && (!anchor.has_input(2) || !runtime(2)), anchor,
              "needs constant weights and bias");
      group.kind = OpKind::kConv;
      fuse_activation(group.nodes);
    } else if (type == "Gemm" || (type == "MatMul" && anchor.has_input(1) && !runtime(1))) {
      require(runtime(0) && !runtime(1) && (!anchor.has_input(2) || !runtime(2)), anchor,
              "needs a constant right operand and bias");
      group.kind = OpKind::kGemm;
      fuse_activation(group.nodes);
    } else if (type == "MatMul") {
      group.kind = OpKind::kMatMul;
    } else if ((type == "Add" || type == "Sub" || type == "Mul") && !is_lut_node(anchor)) {
      group.kind = type == "Mul" ? OpKind::kMul : OpKind::kAdd;
      if (group.kind == OpKind::kAdd) fuse_activation(group.nodes);
    } else if (type == "Concat") {
      group.kind = OpKind::kConcat;
    } else if (type == "Resize" || type == "Upsample") {
      const std::string mode = anchor.attr_string("mode", "nearest");
      require(mode == "nearest" || mode == "linear", anchor, "mode '" + mode + "' (nearest and linear only)");
      group.kind = mode == "nearest" ? OpKind::kResizeNearest : OpKind::kResizeLinear;
    } else if (type == "MaxPool" || type == "GlobalMaxPool") {
      group.kind = OpKind::kMaxPool;
    } else if (type == "AveragePool" || type == "GlobalAveragePool") {
      group.kind = OpKind::kAvgPool;
    } else if (type == "Softmax") {
      group.kind = OpKind::kSoftmax;
    } else if (type == "LayerNormalization") {
      require(anchor.outputs.size() == 1 || (anchor.outputs.size() > 1 && anchor.outputs[1].empty()), anchor,
              "Mean/InvStdDev outputs");
      group.kind = OpKind::kLayerNorm;
    } else if (move_op_types().count(type)) {
      group.kind = OpKind::kMove;
    } else if (lut_op_types().count(type) && lut_input(anchor)) {
      group.kind = OpKind::kLut;
      group.nodes = grow_lut_region(n, *lut_input(anchor));
    } else {
      throw std::runtime_error(graph_.source_path + ": " + anchor.describe() +
                               " has no integer implementation on the NPU (integer operations: Conv, ConvTranspose, "
                               "Gemm, MatMul, Add, Sub, Mul, Concat, Resize, MaxPool, AveragePool, Softmax, "
                               "LayerNormalization, data movement, and element-wise functions of one tensor)");
    }
    for (std::size_t member : group.nodes) assigned_[member] = true;
    describe_values(group);
    return group;
  }

  void require(bool condition, const Node& anchor, const std::string& what) const {
    if (!condition) {
      throw std::runtime_error(graph_.source_path + ": " + anchor.describe() + ": " + what +
                               " (not supported on the integer path)");
    }
  }

  // The run-time input of an element-wise node whose other operands are scalar constants
  // (or the same input again); nullopt otherwise.
  std::optional<std::string> lut_input(const Node& n) const {
    std::optional<std::string> input;
    for (std::size_t i = 0; i < n.inputs.size(); ++i) {
      const std::string& value = n.inputs[i];
      if (value.empty()) continue;
      if (graph_.is_constant(value)) {
        if (!is_scalar_constant(graph_, value)) return std::nullopt;
        continue;
      }
      if (input && *input != value) return std::nullopt;
      input = value;
    }
    return input;
  }

  bool is_lut_node(const Node& n) const {
    return lut_op_types().count(n.op_type) && lut_input(n).has_value();
  }

  // Grows an element-wise region from `start` over nodes whose operands are `x`, region
  // values or scalar constants. The region must hand exactly one value to the rest of the
  // graph; when it would hand out more, the start node alone is the table.
  std::vector<std::size_t> grow_lut_region(std::size_t start, const std::string& x) {
    std::vector<std::size_t> region = {start};
    std::set<std::string> region_values(node(start).outputs.begin(), node(start).outputs.end());
    bool grown = true;
    while (grown) {
      grown = false;
      for (std::size_t r = 0; r < region.size() && !grown; ++r) {
        for (const std::string& value : node(region[r]).outputs) {
          auto found = consumers_.find(value);
          if (found == consumers_.end()) continue;
          for (std::size_t consumer : found->second) {
            if (assigned_[consumer] || std::count(region.begin(), region.end(), consumer)) continue;
            if (!operands_in_region(node(consumer), x, region_values)) continue;
            region.push_back(consumer);
            region_values.insert(node(consumer).outputs.begin(), node(consumer).outputs.end());
            grown = true;
            break;
          }
          if (grown) break;
        }
      }
    }
    std::sort(region.begin(), region.end());  // graph order is a valid evaluation order
    std::size_t escaping = 0;
    for (std::size_t member : region) {
      for (const std::string& value : node(member).outputs) {
        if (outputs_.count(value)) ++escaping;
        auto found = consumers_.find(value);
        if (found == consumers_.end()) continue;
        for (std::size_t consumer : found->second) {
          if (!std::count(region.begin(), region.end(), consumer)) {
            ++escaping;
            break;
          }
        }
      }
    }
    if (escaping != 1) return {start};
    return region;
  }

  bool operands_in_region(const Node& n, const std::string& x, const std::set<std::string>& region_values) const {
    if (!lut_op_types().count(n.op_type) || n.outputs.size() != 1) return false;
    for (const std::string& value : n.inputs) {
      if (value.empty()) continue;
      if (value == x || region_values.count(value)) continue;
      if (is_scalar_constant(graph_, value)) continue;
      return false;
    }
    return true;
  }

  void describe_values(OpGroup& group) const {
    std::set<std::string> produced;
    for (std::size_t member : group.nodes) {
      for (const std::string& value : node(member).outputs) {
        if (!value.empty()) produced.insert(value);
      }
    }
    // Add, Mul and Concat take constant operands as data (quantized like a tensor); other
    // kinds read constants as weights or settings; a table folds its scalars in.
    const bool constant_data =
        group.kind == OpKind::kAdd || group.kind == OpKind::kMul || group.kind == OpKind::kConcat;
    const auto add_unique = [](std::vector<std::string>& list, const std::string& value) {
      if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
    };
    for (std::size_t member : group.nodes) {
      for (const std::string& value : node(member).inputs) {
        if (value.empty() || produced.count(value)) continue;
        if (!graph_.is_constant(value)) {
          add_unique(group.inputs, value);
        } else if (constant_data && member == group.nodes[0]) {
          add_unique(group.inputs, value);
        } else if (group.kind != OpKind::kLut) {
          add_unique(group.constants, value);
        }
      }
    }
    for (std::size_t member : group.nodes) {
      for (const std::string& value : node(member).outputs) {
        if (value.empty()) continue;
        bool used_outside = outputs_.count(value) > 0;
        auto found = consumers_.find(value);
        if (found != consumers_.end()) {
          for (std::size_t consumer : found->second) {
            if (!std::count(group.nodes.begin(), group.nodes.end(), consumer)) used_outside = true;
          }
        }
        if (used_outside) group.outputs.push_back(value);
      }
    }
  }

  const Graph& graph_;
  std::vector<bool> assigned_;
  std::map<std::string, std::vector<std::size_t>> consumers_;
  std::set<std::string> outputs_;
};

}  // namespace

std::string_view op_kind_name(OpKind kind) {
  for (const auto& [k, name] : kind_names()) {
    if (k == kind) return name;
  }
  return "move";
}

std::optional<OpKind> parse_op_kind(std::string_view name) {
  for (const auto& [k, text] : kind_names()) {
    if (name == text) return k;
  }
  return std::nullopt;
}

bool is_code_preserving(OpKind kind) {
  return kind == OpKind::kMove || kind == OpKind::kMaxPool || kind == OpKind::kResizeNearest;
}

std::vector<OpGroup> group_operations(const Graph& graph) { return Grouper(graph).run(); }

std::size_t find_node_index(const Graph& graph, const std::string& node_name, const std::string& where) {
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (graph.nodes[n].name == node_name) return n;
  }
  throw std::runtime_error(where + ": the model has no node '" + node_name + "'");
}

const OpGroup& match_group(const Graph& graph, const std::vector<OpGroup>& groups,
                           const std::vector<std::string>& node_names, const std::string& where) {
  if (node_names.empty()) throw std::runtime_error(where + ".nodes: missing (which graph nodes the operation runs)");
  std::vector<std::size_t> indices;
  for (const std::string& name : node_names) indices.push_back(find_node_index(graph, name, where + ".nodes"));
  for (const OpGroup& group : groups) {
    if (std::find(group.nodes.begin(), group.nodes.end(), indices[0]) == group.nodes.end()) continue;
    if (group.nodes == indices) return group;
    std::string expected;
    for (std::size_t n : group.nodes) expected += (expected.empty() ? "" : ", ") + graph.nodes[n].name;
    throw std::runtime_error(where + ".nodes: node '" + node_names[0] + "' belongs to the " +
                             std::string(op_kind_name(group.kind)) + " operation of nodes [" + expected +
                             "]; the plan must fuse exactly these");
  }
  throw std::runtime_error(where + ".nodes: node '" + node_names[0] + "' is not an operation of the model");
}

}  // namespace npusim::golden
