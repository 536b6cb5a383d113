#include "sim/compiler/layer_list_json.h"

#include <fstream>
#include <sstream>

#include "quant/io/read_input.h"
#include "sim/config/json_fields.h"

namespace npusim::sim {
namespace {

using nlohmann::json;

std::uint64_t count(JsonObjectReader& r, const std::string& key) {
  const std::int64_t v = r.integer(key);
  if (v < 0) r.fail(key, "must be >= 0, got " + std::to_string(v));
  return static_cast<std::uint64_t>(v);
}

LayerWorkload read_layer(const json& value, const std::string& path) {
  JsonObjectReader r(value, path);
  LayerWorkload layer;
  layer.name = r.string("name");
  const std::string kind = r.string("kind");
  const auto parsed_kind = parse_layer_kind(kind);
  if (!parsed_kind) r.fail("kind", "'" + kind + "' is not conv, gemm, vector, requant or data_movement");
  layer.kind = *parsed_kind;
  if (r.has("gemm")) {
    JsonObjectReader g(r.object("gemm"), r.path_of("gemm"));
    layer.gemm_m = count(g, "m");
    layer.gemm_n = count(g, "n");
    layer.gemm_k = count(g, "k");
    layer.gemm_count = g.has("count") ? count(g, "count") : 1;
    g.finish();
  }
  if (r.has("conv")) {
    JsonObjectReader c(r.object("conv"), r.path_of("conv"));
    ConvGeometry geometry;
    int* const fields[] = {&geometry.input_h,  &geometry.input_w,   &geometry.input_channels, &geometry.output_h,
                           &geometry.output_w, &geometry.output_channels, &geometry.kernel_h, &geometry.kernel_w};
    const char* const names[] = {"input_h",  "input_w", "input_channels", "output_h",
                                 "output_w", "output_channels", "kernel_h", "kernel_w"};
    for (std::size_t i = 0; i < 8; ++i) *fields[i] = c.int32(names[i]);
    geometry.stride_h = c.int32_or("stride_h", 1);
    geometry.stride_w = c.int32_or("stride_w", 1);
    geometry.pad_top = c.int32_or("pad_top", 0);
    geometry.pad_left = c.int32_or("pad_left", 0);
    geometry.pad_bottom = c.int32_or("pad_bottom", 0);
    geometry.pad_right = c.int32_or("pad_right", 0);
    geometry.dilation_h = c.int32_or("dilation_h", 1);
    geometry.dilation_w = c.int32_or("dilation_w", 1);
    geometry.groups = c.int32_or("groups", 1);
    c.finish();
    layer.conv = geometry;
  }
  const std::string precision = r.has("precision") ? r.string("precision") : "int8";
  const auto parsed_precision = parse_precision(precision);
  if (!parsed_precision) r.fail("precision", "'" + precision + "' is not int8, int16, fp16 or bf16");
  layer.precision = *parsed_precision;
  layer.input_bits = r.int32_or("input_bits", 8);
  layer.weight_bits = r.int32_or("weight_bits", 8);
  layer.output_bits = r.int32_or("output_bits", 8);
  layer.accumulator_bits = r.int32_or("accumulator_bits", 32);
  layer.requant_elements = r.has("requant_elements") ? count(r, "requant_elements") : 0;
  layer.dual_output = r.has("dual_output") && r.boolean("dual_output");
  layer.lo_bits = r.int32_or("lo_bits", 0);
  if (r.has("vector_op")) {
    const std::string op = r.string("vector_op");
    const auto parsed_op = parse_vector_op(op);
    if (!parsed_op) r.fail("vector_op", "'" + op + "' is not a vector-unit operation");
    layer.vector_op = *parsed_op;
  }
  layer.vector_elements = r.has("vector_elements") ? count(r, "vector_elements") : 0;
  if (r.has("inputs")) {
    const json& inputs = r.array("inputs");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      JsonObjectReader in(inputs[i], r.path_of("inputs") + "[" + std::to_string(i) + "]");
      TensorRead read;
      if (in.has("producer")) {
        const json& producer = in.any("producer");  // null: a network input
        if (!producer.is_null() && !producer.is_string()) in.fail("producer", "must be a layer name or null");
        if (producer.is_string()) read.producer = producer.get<std::string>();
      }
      read.bytes = count(in, "bytes");
      in.finish();
      layer.inputs.push_back(read);
    }
  }
  layer.weight_bytes = r.has("weight_bytes") ? count(r, "weight_bytes") : 0;
  layer.output_bytes = count(r, "output_bytes");
  layer.network_output = r.has("network_output") && r.boolean("network_output");
  r.finish();
  return layer;
}

}  // namespace

std::vector<LayerWorkload> parse_layer_list(const std::string& json_text, const std::string& source_name) {
  json document;
  try {
    document = io::parse_json_text(json_text, source_name);
  } catch (const std::runtime_error& e) {
    throw LayerWorkloadError(e.what());
  }
  std::vector<LayerWorkload> layers;
  try {
    JsonObjectReader top(document, "");
    const std::string schema = top.string("schema");
    if (schema != kLayerListSchema) top.fail("schema", "must be \"" + std::string(kLayerListSchema) + "\", got \"" + schema + "\"");
    const json& list = top.array("layers");
    for (std::size_t i = 0; i < list.size(); ++i) layers.push_back(read_layer(list[i], "layers[" + std::to_string(i) + "]"));
    top.finish();
    validate_layers(layers);
  } catch (const JsonFieldError& e) {
    throw LayerWorkloadError(source_name + ": " + e.what());
  } catch (const LayerWorkloadError& e) {
    throw LayerWorkloadError(source_name + ": " + e.what());
  }
  return layers;
}

std::vector<LayerWorkload> read_layer_list(const std::string& path) {
  std::string text;
  try {
    text = io::read_text_file(path, "layer list", std::uintmax_t{64} << 20);
  } catch (const std::runtime_error& e) {
    throw LayerWorkloadError(e.what());
  }
  return parse_layer_list(text, path);
}

json layer_list_json(const std::vector<LayerWorkload>& layers) {
  json list = json::array();
  for (const LayerWorkload& layer : layers) {
    json out;
    out["name"] = layer.name;
    out["kind"] = std::string(layer_kind_name(layer.kind));
    if (layer.is_mac()) out["gemm"] = {{"m", layer.gemm_m}, {"n", layer.gemm_n}, {"k", layer.gemm_k}, {"count", layer.gemm_count}};
    if (layer.conv) {
      const ConvGeometry& g = *layer.conv;
      out["conv"] = {{"input_h", g.input_h},       {"input_w", g.input_w},       {"input_channels", g.input_channels},
                     {"output_h", g.output_h},     {"output_w", g.output_w},     {"output_channels", g.output_channels},
                     {"kernel_h", g.kernel_h},     {"kernel_w", g.kernel_w},     {"stride_h", g.stride_h},
                     {"stride_w", g.stride_w},     {"pad_top", g.pad_top},       {"pad_left", g.pad_left},
                     {"pad_bottom", g.pad_bottom}, {"pad_right", g.pad_right},   {"dilation_h", g.dilation_h},
                     {"dilation_w", g.dilation_w}, {"groups", g.groups}};
    }
    out["precision"] = std::string(precision_name(layer.precision));
    out["input_bits"] = layer.input_bits;
    out["weight_bits"] = layer.weight_bits;
    out["output_bits"] = layer.output_bits;
    out["accumulator_bits"] = layer.accumulator_bits;
    out["requant_elements"] = layer.requant_elements;
    out["dual_output"] = layer.dual_output;
    out["lo_bits"] = layer.lo_bits;
    if (layer.vector_op) {
      out["vector_op"] = std::string(vector_op_name(*layer.vector_op));
      out["vector_elements"] = layer.vector_elements;
    }
    json inputs = json::array();
    for (const TensorRead& read : layer.inputs) {
      inputs.push_back({{"producer", read.producer.empty() ? json(nullptr) : json(read.producer)}, {"bytes", read.bytes}});
    }
    out["inputs"] = inputs;
    out["weight_bytes"] = layer.weight_bytes;
    out["output_bytes"] = layer.output_bytes;
    out["network_output"] = layer.network_output;
    list.push_back(out);
  }
  return {{"schema", kLayerListSchema}, {"layers", list}};
}

}  // namespace npusim::sim
