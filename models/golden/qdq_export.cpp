#include "models/golden/qdq_export.h"

#include <map>
#include <set>
#include <stdexcept>

#include "models/golden/fake_quant.h"
#include "models/onnx/onnx_export.h"

namespace npusim::golden {
namespace {

using onnx::TensorProto;

struct QdqType {
  int element_type;
  bool contrib;  // com.microsoft domain (16-bit containers)
};

QdqType container_of(const quant::TensorQuantization& grid) {
  const int bits = grid.format.bits;
  if (bits <= 8) return {grid.format.is_signed ? TensorProto::INT8 : TensorProto::UINT8, false};
  return {grid.format.is_signed ? TensorProto::INT16 : TensorProto::UINT16, true};
}

class QdqBuilder {
 public:
  QdqBuilder(onnx::GraphProto& graph) : graph_(graph) {}

  // Scale and zero-point initializers of a grid, named after the tensor.
  void add_grid(const std::string& base, const quant::TensorQuantization& grid, const QdqType& type) {
    contrib_ = contrib_ || type.contrib;
    models::Tensor scale = models::Tensor::from_floats(
        grid.axis ? models::Shape{static_cast<std::int64_t>(grid.scales.size())} : models::Shape{}, grid.scales);
    std::vector<std::int64_t> zero_points(grid.zero_points.begin(), grid.zero_points.end());
    models::Tensor zero_point = models::Tensor::from_ints(scale.shape, zero_points);
    *graph_.add_initializer() = models::tensor_to_proto(base + "__scale", scale);
    *graph_.add_initializer() = models::tensor_to_proto(base + "__zero_point", zero_point, type.element_type);
  }

  onnx::NodeProto* add_node(onnx::GraphProto& out, const std::string& op, const std::vector<std::string>& inputs,
                            const std::string& output, bool contrib) {
    onnx::NodeProto* node = out.add_node();
    node->set_op_type(op);
    node->set_name(output + "__" + op);
    if (contrib) node->set_domain("com.microsoft");
    for (const std::string& input : inputs) node->add_input(input);
    node->add_output(output);
    return node;
  }

  // value_float -> Q -> DQ -> value (or the float-format Cast pair).
  void add_qdq(onnx::GraphProto& out, const std::string& from, const std::string& to,
               const quant::TensorQuantization& grid) {
    if (grid.format.kind == quant::TensorFormatKind::kMiniFloat) {
      const std::string name = grid.format.name();
      const int narrow = name == "fp16" ? TensorProto::FLOAT16 : name == "bf16" ? TensorProto::BFLOAT16 : -1;
      if (narrow < 0) throw std::runtime_error("QDQ export: tensor '" + grid.name + "' in " + name + " has no ONNX type");
      auto* down = add_node(out, "Cast", {from}, to + "__narrow", false);
      auto* a = down->add_attribute();
      a->set_name("to");
      a->set_type(onnx::AttributeProto::INT);
      a->set_i(narrow);
      auto* up = add_node(out, "Cast", {to + "__narrow"}, to, false);
      auto* b = up->add_attribute();
      b->set_name("to");
      b->set_type(onnx::AttributeProto::INT);
      b->set_i(TensorProto::FLOAT);
      return;
    }
    if (grid.format.kind == quant::TensorFormatKind::kFloat32) {
      add_node(out, "Identity", {from}, to, false);
      return;
    }
    if (grid.format.kind != quant::TensorFormatKind::kInteger) {
      throw std::runtime_error("QDQ export: tensor '" + grid.name + "' on a " + grid.format.name() +
                               " grid has no QuantizeLinear form");
    }
    const QdqType type = container_of(grid);
    add_grid(to, grid, type);
    contrib_ = contrib_ || type.contrib;
    add_node(out, "QuantizeLinear", {from, to + "__scale", to + "__zero_point"}, to + "__quantized", type.contrib);
    add_node(out, "DequantizeLinear", {to + "__quantized", to + "__scale", to + "__zero_point"}, to, type.contrib);
  }

  bool used_contrib() const { return contrib_; }

 private:
  onnx::GraphProto& graph_;
  bool contrib_ = false;
};

}  // namespace

onnx::ModelProto export_qdq_model(const GoldenProgram& program, const quant::QuantPlan& plan) {
  const models::Graph& g = program.graph;
  onnx::ModelProto model = models::export_onnx_model(g);
  if (g.opset < 13) throw std::runtime_error("QDQ export needs opset >= 13 (per-axis weights); the model has opset " + std::to_string(g.opset));
  onnx::GraphProto& graph = *model.mutable_graph();
  const std::map<std::string, quant::TensorQuantization> grids = graph_value_grids(program);
  // Weights: codes behind a DequantizeLinear that restores the initializer's name.
  std::map<std::string, const quant::TensorQuantization*> weights;
  for (const quant::TensorQuantization& tensor : plan.tensors) {
    if (g.is_constant(tensor.name) && tensor.format.kind == quant::TensorFormatKind::kInteger) weights[tensor.name] = &tensor;
  }
  // Integer biases of integer convolutions: int32 codes on s_x * s_w.
  std::map<std::string, std::pair<std::vector<std::int64_t>, std::vector<float>>> biases;
  for (const LoweredOp& op : program.ops) {
    const auto* conv = std::get_if<ConvParams>(&op.params);
    const models::Node& node = g.nodes[op.nodes[0]];
    if (!conv || conv->bias.empty() || node.op_type != "Conv" || !node.has_input(2)) continue;
    const quant::TensorQuantization& x = program.tensors[op.inputs[0]].quant;
    const quant::TensorQuantization& w = *weights.at(node.inputs[1]);
    std::vector<float> scales;
    for (std::size_t m = 0; m < conv->bias.size(); ++m) scales.push_back(x.scales[0] * w.scales[w.axis ? m : 0]);
    biases[node.inputs[2]] = {conv->bias, scales};
  }
  onnx::GraphProto rebuilt = graph;
  rebuilt.clear_node();
  rebuilt.clear_initializer();
  QdqBuilder builder(rebuilt);
  for (const auto& initializer : graph.initializer()) {
    const std::string& name = initializer.name();
    if (auto weight = weights.find(name); weight != weights.end()) {
      const models::Tensor& w = g.constants.at(name);
      const quant::TensorQuantization& grid = *weight->second;
      const GoldenTensor codes = encode_tensor(w, grid, "weights '" + name + "'");
      const QdqType type = container_of(grid);
      std::vector<std::int64_t> values(codes.codes.begin(), codes.codes.end());
      *rebuilt.add_initializer() = models::tensor_to_proto(name + "__quantized", models::Tensor::from_ints(w.shape, values), type.element_type);
      builder.add_grid(name, grid, type);
      auto* node = builder.add_node(rebuilt, "DequantizeLinear", {name + "__quantized", name + "__scale", name + "__zero_point"},
                                    name, type.contrib);
      if (grid.axis) {
        auto* axis = node->add_attribute();
        axis->set_name("axis");
        axis->set_type(onnx::AttributeProto::INT);
        axis->set_i(*grid.axis);
      }
      continue;
    }
    if (auto bias = biases.find(name); bias != biases.end()) {
      const auto count = static_cast<std::int64_t>(bias->second.first.size());
      for (std::int64_t value : bias->second.first) {
        if (value < -2147483648LL || value > 2147483647LL) throw std::runtime_error("QDQ export: bias '" + name + "' exceeds int32");
      }
      *rebuilt.add_initializer() = models::tensor_to_proto(name + "__quantized", models::Tensor::from_ints({count}, bias->second.first), TensorProto::INT32);
      *rebuilt.add_initializer() = models::tensor_to_proto(name + "__scale", models::Tensor::from_floats({count}, bias->second.second));
      *rebuilt.add_initializer() = models::tensor_to_proto(name + "__zero_point", models::Tensor::from_ints({count}, std::vector<std::int64_t>(count, 0)), TensorProto::INT32);
      auto* node = builder.add_node(rebuilt, "DequantizeLinear", {name + "__quantized", name + "__scale", name + "__zero_point"}, name, false);
      auto* axis = node->add_attribute();
      axis->set_name("axis");
      axis->set_type(onnx::AttributeProto::INT);
      axis->set_i(0);
      continue;
    }
    *rebuilt.add_initializer() = initializer;
  }
  // Inputs: Q/DQ right away, readers take the dequantized name.
  std::map<std::string, std::string> renamed;
  for (const std::string& input : g.input_names) {
    auto grid = grids.find(input);
    if (grid == grids.end()) continue;
    builder.add_qdq(rebuilt, input, input + "__dequantized", grid->second);
    renamed[input] = input + "__dequantized";
  }
  // Every stored value: its producer writes VALUE__float, the Q/DQ pair restores VALUE.
  for (const auto& source : graph.node()) {
    onnx::NodeProto* node = rebuilt.add_node();
    *node = source;
    for (int i = 0; i < node->input_size(); ++i) {
      auto found = renamed.find(node->input(i));
      if (found != renamed.end()) node->set_input(i, found->second);
    }
    std::vector<std::pair<std::string, const quant::TensorQuantization*>> stored;
    for (int o = 0; o < node->output_size(); ++o) {
      auto grid = grids.find(node->output(o));
      if (grid == grids.end()) continue;
      stored.emplace_back(node->output(o), &grid->second);
      node->set_output(o, node->output(o) + "__float");
    }
    for (const auto& [value, grid] : stored) builder.add_qdq(rebuilt, value + "__float", value, *grid);
  }
  graph = rebuilt;
  if (builder.used_contrib()) {
    auto* contrib = model.add_opset_import();
    contrib->set_domain("com.microsoft");
    contrib->set_version(1);
  }
  return model;
}

}  // namespace npusim::golden
