#include "models/info/model_info.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "models/executor/kernels/conv.h"

namespace npusim::models {
namespace {

std::int64_t bytes_of(const ValueInfo& info) {
  return checked_element_count(info.shape, "value") * (info.dtype == DataType::kFloat32 ? 4 : 8);
}

std::int64_t node_macs(const Graph& graph, const Node& node) {
  if (node.op_type == "Conv" || node.op_type == "ConvTranspose") {
    const kernels::ConvGeometry geometry = kernels::resolve_conv_geometry(
        node, graph.value_info(node.inputs[0]).shape, graph.value_info(node.inputs[1]).shape);
    return kernels::conv_macs(geometry);
  }
  const Shape& out = graph.value_info(node.outputs[0]).shape;
  if (node.op_type == "MatMul") {
    const Shape& a = graph.value_info(node.inputs[0]).shape;
    return checked_element_count(out, node.name) * a.back();
  }
  if (node.op_type == "Gemm") {
    const Shape& a = graph.value_info(node.inputs[0]).shape;
    const std::int64_t k = node.attr_int("transA", 0) ? a[0] : a[1];
    return checked_element_count(out, node.name) * k;
  }
  return 0;
}

bool is_weight_input(const Node& node, std::size_t index) {
  return index == 1 && (node.op_type == "Conv" || node.op_type == "ConvTranspose" || node.op_type == "Gemm" ||
                        node.op_type == "MatMul");
}

std::int64_t output_channels_of_weight(const Node& node, const Shape& weight) {
  if (weight.empty()) return 1;
  if (node.op_type == "Conv") return weight[0];
  if (node.op_type == "ConvTranspose") return weight.size() > 1 ? weight[1] * node.attr_int("group", 1) : 1;
  if (node.op_type == "Gemm") return node.attr_int("transB", 0) ? weight[0] : weight.back();
  return weight.back();  // MatMul: [K, N]
}

}  // namespace

ModelFacts compute_model_facts(const Graph& graph) {
  ModelFacts facts;
  facts.model = graph.source_path;
  facts.opset = graph.opset;
  facts.inputs = graph.input_names;
  facts.outputs = graph.output_names;
  for (const auto& name : graph.input_names) facts.input_shapes.push_back(graph.value_info(name).shape);
  for (const auto& name : graph.output_names) facts.output_shapes.push_back(graph.value_info(name).shape);
  facts.folded_nodes = static_cast<int>(graph.folded_op_types.size());

  // Which node produces each value (to fold BatchNormalization into a preceding Conv).
  std::map<std::string, const Node*> producer;
  for (const Node& node : graph.nodes) for (const auto& out : node.outputs) producer[out] = &node;

  std::set<std::string> counted;
  std::map<std::string, int> op_counts;
  for (const Node& node : graph.nodes) {
    LayerFacts layer;
    layer.name = node.name;
    layer.op_type = node.op_type;
    layer.output_shape = graph.value_info(node.outputs[0]).shape;
    layer.macs = node_macs(graph, node);
    ++op_counts[node.op_type];
    const bool bn_after_conv = node.op_type == "BatchNormalization" && producer.count(node.inputs[0]) &&
                               producer[node.inputs[0]]->op_type == "Conv";
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      const std::string& input = node.inputs[i];
      if (input.empty() || !graph.is_constant(input)) continue;
      const Tensor& constant = graph.constants.at(input);
      if (!constant.is_float()) continue;
      // Resize scales/roi, Clip bounds and Pad values are settings, not learned parameters.
      static const std::set<std::string> kSettingOps = {"Resize", "Upsample", "Clip", "Pad", "Range", "Expand"};
      if (kSettingOps.count(node.op_type)) continue;
      const std::int64_t count = constant.element_count();
      layer.parameters += count;
      if (!counted.insert(input).second) continue;  // shared tensors are stored once
      facts.parameters += count;
      facts.sizes.fp32_bytes += 4 * count;
      facts.sizes.fp16_bytes += 2 * count;
      if (is_weight_input(node, i) && constant.shape.size() >= 2) {
        const std::int64_t scales = 4 * output_channels_of_weight(node, constant.shape);
        facts.sizes.int8_bytes += count + scales;
        facts.sizes.full_integer_bytes += count + scales;
      } else {
        facts.sizes.int8_bytes += 4 * count;
        const bool bias = (node.op_type == "Conv" || node.op_type == "ConvTranspose" || node.op_type == "Gemm") && i == 2;
        facts.sizes.full_integer_bytes += bias ? 4 * count : (bn_after_conv ? 0 : count);
      }
      if (count * 4 > (16 << 20) || (facts.parameters > 0 && count > 1000000 && !is_weight_input(node, i))) {
        facts.anomalies.push_back({"large_constant", input,
                                   "constant '" + input + "' " + shape_to_string(constant.shape) + " holds " +
                                       std::to_string(count) + " values (" + std::to_string(count * 4) +
                                       " bytes FP32), read by " + node.describe(),
                                   0});
      }
    }
    facts.total_macs += layer.macs;
    facts.layers.push_back(layer);
  }
  // Activation quantization parameters of the full-integer model: scale + zero point per tensor.
  std::set<std::string> activations(graph.input_names.begin(), graph.input_names.end());
  for (const Node& node : graph.nodes) for (const auto& out : node.outputs) if (!out.empty()) activations.insert(out);
  facts.sizes.full_integer_bytes += 8 * static_cast<std::int64_t>(activations.size());
  for (const auto& [type, count] : op_counts) facts.op_counts.emplace_back(type, count);

  // Peak live activation memory, freeing each value after its last reader (as the executor does).
  std::map<std::string, std::size_t> last_use;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    for (const auto& input : graph.nodes[n].inputs) if (!input.empty() && !graph.is_constant(input)) last_use[input] = n;
  }
  const std::set<std::string> outputs(graph.output_names.begin(), graph.output_names.end());
  std::int64_t live = 0;
  for (const auto& name : graph.input_names) live += bytes_of(graph.value_info(name));
  facts.peak_activation_bytes_fp32 = live;
  facts.peak_activation_after_node = "(inputs)";
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    for (const auto& out : graph.nodes[n].outputs) if (!out.empty()) live += bytes_of(graph.value_info(out));
    if (live > facts.peak_activation_bytes_fp32) {
      facts.peak_activation_bytes_fp32 = live;
      facts.peak_activation_after_node = graph.nodes[n].name;
    }
    for (const auto& [name, index] : last_use) {
      if (index == n && !outputs.count(name)) live -= bytes_of(graph.value_info(name));
    }
  }

  // A full-integer flow without a native LeakyRelu lowers it to Mul(alpha) + Maximum; a
  // converter that materialises alpha at the activation's shape stores one INT8 constant
  // per element: the suspected cause of the original team's 27 MB "Level 2 LeakyReLU" file.
  for (const Node& node : graph.nodes) {
    if (node.op_type != "LeakyRelu") continue;
    const std::int64_t elements = checked_element_count(graph.value_info(node.outputs[0]).shape, node.name);
    facts.anomalies.push_back(
        {"leaky_relu_lowering", node.name,
         node.describe() + " (alpha " + std::to_string(node.attr_float("alpha", 0.01f)) +
             "): a full-integer lowering without native LeakyRelu emits extra ops (Mul + Maximum); if alpha is "
             "materialised at the activation shape it adds " + std::to_string(elements) + " bytes (INT8)",
         elements});
  }
  for (const Node& node : graph.nodes) {
    for (const auto& out : node.outputs) {
      if (!out.empty() && graph.value_info(out).dtype != DataType::kFloat32) {
        facts.anomalies.push_back({"integer_runtime_tensor", node.name,
                                   node.describe() + " computes integer tensor '" + out +
                                       "' at run time (shape arithmetic that could not be folded)", 0});
      }
    }
  }
  return facts;
}

nlohmann::json model_facts_to_json(const ModelFacts& facts) {
  nlohmann::json json;
  json["schema"] = "npusim.model_info/1";
  json["model"] = facts.model;
  json["opset"] = facts.opset;
  json["inputs"] = nlohmann::json::array();
  for (std::size_t i = 0; i < facts.inputs.size(); ++i) {
    json["inputs"].push_back({{"name", facts.inputs[i]}, {"shape", facts.input_shapes[i]}});
  }
  json["outputs"] = nlohmann::json::array();
  for (std::size_t i = 0; i < facts.outputs.size(); ++i) {
    json["outputs"].push_back({{"name", facts.outputs[i]}, {"shape", facts.output_shapes[i]}});
  }
  json["parameters"] = facts.parameters;
  json["total_macs"] = facts.total_macs;
  json["peak_activation_bytes_fp32"] = facts.peak_activation_bytes_fp32;
  json["peak_activation_after_node"] = facts.peak_activation_after_node;
  json["model_size_bytes"] = {{"fp32", facts.sizes.fp32_bytes}, {"fp16", facts.sizes.fp16_bytes},
                              {"int8", facts.sizes.int8_bytes}, {"full_integer", facts.sizes.full_integer_bytes}};
  json["runtime_nodes"] = facts.layers.size();
  json["folded_nodes"] = facts.folded_nodes;
  json["op_counts"] = nlohmann::json::object();
  for (const auto& [type, count] : facts.op_counts) json["op_counts"][type] = count;
  json["layers"] = nlohmann::json::array();
  for (const LayerFacts& layer : facts.layers) {
    json["layers"].push_back({{"name", layer.name}, {"op_type", layer.op_type}, {"output_shape", layer.output_shape},
                              {"parameters", layer.parameters}, {"macs", layer.macs}});
  }
  json["anomalies"] = nlohmann::json::array();
  for (const Anomaly& anomaly : facts.anomalies) {
    json["anomalies"].push_back({{"kind", anomaly.kind}, {"node", anomaly.node}, {"message", anomaly.message},
                                 {"extra_bytes", anomaly.extra_bytes}});
  }
  return json;
}

std::string model_facts_to_text(const ModelFacts& facts) {
  std::ostringstream text;
  char line[512];
  text << "model " << facts.model << " (opset " << facts.opset << ")\n";
  for (std::size_t i = 0; i < facts.inputs.size(); ++i) {
    text << "  input  " << facts.inputs[i] << " " << shape_to_string(facts.input_shapes[i]) << "\n";
  }
  for (std::size_t i = 0; i < facts.outputs.size(); ++i) {
    text << "  output " << facts.outputs[i] << " " << shape_to_string(facts.output_shapes[i]) << "\n";
  }
  std::snprintf(line, sizeof line, "%-40s %-20s %-22s %12s %14s\n", "layer", "op", "output", "params", "MACs");
  text << "\n" << line;
  for (const LayerFacts& layer : facts.layers) {
    std::snprintf(line, sizeof line, "%-40.40s %-20s %-22s %12lld %14lld\n", layer.name.c_str(), layer.op_type.c_str(),
                  shape_to_string(layer.output_shape).c_str(), static_cast<long long>(layer.parameters),
                  static_cast<long long>(layer.macs));
    text << line;
  }
  const double mib = 1024.0 * 1024.0;
  std::snprintf(line, sizeof line,
                "\nparameters %lld\nMACs %lld (%.3f G)\npeak activation memory %.2f MiB FP32 (%.2f MiB at INT8), after "
                "node '%s'\nmodel size: FP32 %.2f MiB, FP16 %.2f MiB, INT8 %.2f MiB, full integer %.2f MiB\n",
                static_cast<long long>(facts.parameters), static_cast<long long>(facts.total_macs),
                static_cast<double>(facts.total_macs) / 1e9, facts.peak_activation_bytes_fp32 / mib,
                facts.peak_activation_bytes_fp32 / 4.0 / mib, facts.peak_activation_after_node.c_str(),
                facts.sizes.fp32_bytes / mib, facts.sizes.fp16_bytes / mib, facts.sizes.int8_bytes / mib,
                facts.sizes.full_integer_bytes / mib);
  text << line;
  text << facts.layers.size() << " runtime nodes, " << facts.folded_nodes << " folded at import; ops:";
  for (const auto& [type, count] : facts.op_counts) text << " " << type << "x" << count;
  text << "\n";
  if (facts.anomalies.empty()) {
    text << "anomalies: none\n";
  } else {
    text << "anomalies (" << facts.anomalies.size() << "):\n";
    std::int64_t leaky_bytes = 0;
    for (const Anomaly& anomaly : facts.anomalies) {
      text << "  [" << anomaly.kind << "] " << anomaly.message << "\n";
      if (anomaly.kind == "leaky_relu_lowering") leaky_bytes += anomaly.extra_bytes;
    }
    if (leaky_bytes > 0) {
      std::snprintf(line, sizeof line, "  full integer with every LeakyRelu alpha materialised: %.2f MiB (+%.0f%%)\n",
                    (facts.sizes.full_integer_bytes + leaky_bytes) / mib,
                    100.0 * leaky_bytes / std::max<double>(1.0, facts.sizes.full_integer_bytes));
      text << line;
    }
  }
  return text.str();
}

}  // namespace npusim::models
