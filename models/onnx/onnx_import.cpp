#include "models/onnx/onnx_import.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "models/executor/op_registry.h"
#include "models/onnx/tensor_proto.h"
#include "quant/io/input_file.h"
#include "quant/io/memory_budget.h"

namespace npusim::models {
namespace {

// Protobuf refuses messages over 2 GiB anyway; bigger weights must use external data.
constexpr std::int64_t kMaxModelFileBytes = (std::int64_t(1) << 31) - 1;

DataType data_type_from_onnx(int elem_type, const std::string& where) {
  using P = onnx::TensorProto;
  switch (elem_type) {
    case P::FLOAT: case P::DOUBLE: case P::FLOAT16: case P::BFLOAT16: return DataType::kFloat32;
    case P::BOOL: return DataType::kBool;
    case P::INT8: case P::UINT8: case P::INT16: case P::UINT16: case P::INT32: case P::UINT32:
    case P::INT64: case P::UINT64: return DataType::kInt64;
    default:
      throw std::runtime_error(where + ": unsupported element type " + std::to_string(elem_type));
  }
}

Attribute attribute_from_proto(const onnx::AttributeProto& proto, const std::string& model_dir,
                               const std::string& where) {
  using A = onnx::AttributeProto;
  Attribute attribute;
  switch (proto.type()) {
    case A::FLOAT: attribute.kind = Attribute::Kind::kFloat; attribute.f = proto.f(); break;
    case A::INT: attribute.kind = Attribute::Kind::kInt; attribute.i = proto.i(); break;
    case A::STRING: attribute.kind = Attribute::Kind::kString; attribute.s = proto.s(); break;
    case A::TENSOR:
      attribute.kind = Attribute::Kind::kTensor;
      attribute.tensor = std::make_shared<Tensor>(tensor_from_proto(proto.t(), model_dir, where));
      break;
    case A::FLOATS:
      attribute.kind = Attribute::Kind::kFloats;
      attribute.floats.assign(proto.floats().begin(), proto.floats().end());
      break;
    case A::INTS:
      attribute.kind = Attribute::Kind::kInts;
      attribute.ints.assign(proto.ints().begin(), proto.ints().end());
      break;
    case A::STRINGS:
      attribute.kind = Attribute::Kind::kStrings;
      attribute.strings.assign(proto.strings().begin(), proto.strings().end());
      break;
    default:
      throw std::runtime_error(where + ": attribute type " + std::to_string(proto.type()) +
                               " (graphs, sparse tensors, type protos) is not supported");
  }
  return attribute;
}

// The tensor a Constant node holds, from whichever value_* attribute it uses.
Tensor constant_node_value(const Node& node, const std::string& where) {
  if (node.has_attribute("value")) return *node.attributes.at("value").tensor;
  if (node.has_attribute("value_float")) return Tensor::from_floats({}, {node.attr_float("value_float", 0.0f)});
  if (node.has_attribute("value_floats")) {
    std::vector<float> values = node.attr_floats("value_floats", {});
    const Shape shape{static_cast<std::int64_t>(values.size())};
    return Tensor::from_floats(shape, std::move(values));
  }
  if (node.has_attribute("value_int")) return Tensor::from_ints({}, {node.attr_int("value_int", 0)});
  if (node.has_attribute("value_ints")) {
    std::vector<std::int64_t> values = node.attr_ints("value_ints", {});
    const Shape shape{static_cast<std::int64_t>(values.size())};
    return Tensor::from_ints(shape, std::move(values));
  }
  throw std::runtime_error(where + ": Constant node '" + node.name +
                           "' has no supported value attribute (value, value_float(s), value_int(s))");
}

ValueInfo input_value_info(const onnx::ValueInfoProto& proto, const ImportOptions& options, const std::string& where) {
  if (!proto.type().has_tensor_type()) {
    throw std::runtime_error(where + ": input '" + proto.name() + "' is not a tensor");
  }
  const auto& tensor_type = proto.type().tensor_type();
  ValueInfo info;
  info.dtype = data_type_from_onnx(tensor_type.elem_type(), where + ": input '" + proto.name() + "'");
  auto override_shape = options.input_shapes.find(proto.name());
  if (override_shape != options.input_shapes.end()) {
    info.shape = override_shape->second;
    // Only dynamic dimensions may be set from the data: a fixed one that differs would fail
    // deep inside the network (a Concat of mismatched halves) instead of here, by name.
    if (tensor_type.has_shape()) {
      const auto& dims = tensor_type.shape().dim();
      bool fits = dims.size() == static_cast<int>(info.shape.size());
      for (int d = 0; fits && d < dims.size(); ++d) {
        fits = !dims[d].has_dim_value() || dims[d].dim_value() == info.shape[static_cast<std::size_t>(d)];
      }
      if (!fits) {
        std::string declared = "[";
        for (int d = 0; d < dims.size(); ++d) {
          declared += (d ? ", " : "") + (dims[d].has_dim_value() ? std::to_string(dims[d].dim_value())
                                         : dims[d].dim_param().empty() ? std::string("?") : dims[d].dim_param());
        }
        throw std::runtime_error(where + ": input '" + proto.name() + "' expects shape " + declared + "]" +
                                 ", the data given for it has shape " + shape_to_string(info.shape));
      }
    }
  } else {
    if (!tensor_type.has_shape()) {
      throw std::runtime_error(where + ": input '" + proto.name() +
                               "' declares no shape; give one with an input shape override");
    }
    for (const auto& dim : tensor_type.shape().dim()) {
      // A symbolic (dim_param) or unset dimension is dynamic; a negative one is an error, and
      // so is 0: a zero-size input gives nothing to run and is most likely a broken export.
      if (dim.has_dim_value() && dim.dim_value() <= 0) {
        throw std::runtime_error(where + ": input '" + proto.name() + "' declares dimension " +
                                 std::to_string(info.shape.size()) + " as " + std::to_string(dim.dim_value()) +
                                 "; dimensions must be positive");
      }
      info.shape.push_back(dim.has_dim_value() ? dim.dim_value() : options.dynamic_dim_value);
    }
  }
  checked_element_count(info.shape, where + ": input '" + proto.name() + "'");
  return info;
}

}  // namespace

Graph import_onnx_model(const onnx::ModelProto& model, const std::string& model_dir, const std::string& source_name,
                        const ImportOptions& options) {
  Graph graph;
  graph.source_path = source_name;
  graph.name = model.graph().name();

  std::map<std::string, int> opsets;
  for (const auto& opset : model.opset_import()) {
    opsets[opset.domain() == "ai.onnx" ? "" : opset.domain()] = static_cast<int>(opset.version());
  }
  if (!opsets.count("")) {
    throw std::runtime_error(source_name + ": the model imports no default-domain opset");
  }
  graph.opset = opsets[""];
  if (graph.opset < kMinSupportedOpset || graph.opset > kMaxSupportedOpset) {
    throw std::runtime_error(source_name + ": opset " + std::to_string(graph.opset) + " is outside the supported range " +
                             std::to_string(kMinSupportedOpset) + ".." + std::to_string(kMaxSupportedOpset));
  }

  const auto& proto_graph = model.graph();
  // The Graph keeps every integer type as int64; QuantizeLinear needs the zero point's
  // original element type (int8 or uint8 ...) for its saturation range.
  std::map<std::string, int> constant_element_types;
  for (const auto& initializer : proto_graph.initializer()) {
    constant_element_types[initializer.name()] = initializer.data_type();
  }
  for (const auto& proto_node : proto_graph.node()) {
    if (proto_node.op_type() != "Constant" || proto_node.output_size() != 1) continue;
    for (const auto& attribute : proto_node.attribute()) {
      if (attribute.name() == "value" && attribute.has_t()) {
        constant_element_types[proto_node.output(0)] = attribute.t().data_type();
      }
    }
  }
  for (const auto& initializer : proto_graph.initializer()) {
    const std::string where = source_name + ": initializer '" + initializer.name() + "'";
    Tensor tensor = tensor_from_proto(initializer, model_dir, where);
    graph.values[initializer.name()] = ValueInfo{tensor.dtype, tensor.shape};
    graph.constants[initializer.name()] = std::move(tensor);
  }
  for (const auto& input : proto_graph.input()) {
    if (graph.is_constant(input.name())) continue;  // IR < 4 lists initializers as inputs too
    if (graph.values.count(input.name())) {
      throw std::runtime_error(source_name + ": graph input '" + input.name() + "' is declared twice");
    }
    graph.values[input.name()] = input_value_info(input, options, source_name);
    graph.input_names.push_back(input.name());
  }
  for (const auto& [name, shape] : options.input_shapes) {
    if (!graph.values.count(name)) {
      throw std::runtime_error(source_name + ": input shape given for '" + name + "', which is not a graph input");
    }
  }
  for (const auto& output : proto_graph.output()) graph.output_names.push_back(output.name());
  if (graph.output_names.empty()) {
    throw std::runtime_error(source_name + ": the graph has no outputs (graph.output is empty)");
  }

  // Every operator is checked before any work, so the first error is the one that matters.
  std::set<std::string> used_names;
  for (int index = 0; index < proto_graph.node_size(); ++index) {
    const auto& proto_node = proto_graph.node(index);
    const std::string domain = proto_node.domain() == "ai.onnx" ? "" : proto_node.domain();
    const std::string node_name = proto_node.name().empty() ? proto_node.op_type() + "_" + std::to_string(index)
                                                            : proto_node.name();
    const bool known = domain.empty() && (proto_node.op_type() == "Constant" || find_op(proto_node.op_type()));
    if (!known) {
      throw std::runtime_error(source_name + ": unsupported operator '" +
                               (domain.empty() ? "" : domain + ".") + proto_node.op_type() + "' (node '" +
                               node_name + "'); supported: Constant, " + supported_op_list());
    }
  }

  for (int index = 0; index < proto_graph.node_size(); ++index) {
    const auto& proto_node = proto_graph.node(index);
    Node node;
    node.op_type = proto_node.op_type();
    node.name = proto_node.name().empty() ? node.op_type + "_" + std::to_string(index) : proto_node.name();
    node.opset = graph.opset;
    node.inputs.assign(proto_node.input().begin(), proto_node.input().end());
    node.outputs.assign(proto_node.output().begin(), proto_node.output().end());
    const std::string where = source_name + ": " + node.describe();
    for (const auto& attribute : proto_node.attribute()) {
      node.attributes[attribute.name()] = attribute_from_proto(attribute, model_dir, where + " attribute '" +
                                                                                     attribute.name() + "'");
    }
    if (node.op_type == "QuantizeLinear") {
      // Without a zero point the output is uint8 (ONNX default).
      int element_type = onnx::TensorProto::UINT8;
      if (node.has_input(2)) {
        auto found = constant_element_types.find(node.inputs[2]);
        if (found == constant_element_types.end()) {
          throw std::runtime_error(where + ": the zero point must be a constant (its type sets the range)");
        }
        element_type = found->second;
      }
      Attribute type_attribute;
      type_attribute.kind = Attribute::Kind::kInt;
      type_attribute.i = element_type;
      node.attributes["npusim_output_element_type"] = type_attribute;
    }
    if (node.op_type == "Constant") {
      if (node.outputs.size() != 1) throw std::runtime_error(where + ": a Constant has exactly one output");
      Tensor tensor = constant_node_value(node, where);
      graph.values[node.outputs[0]] = ValueInfo{tensor.dtype, tensor.shape};
      graph.constants[node.outputs[0]] = std::move(tensor);
      graph.folded_op_types.push_back("Constant");
      continue;
    }
    graph.nodes.push_back(std::move(node));
  }

  try {
    infer_and_fold(graph);
  } catch (const std::exception& error) {
    throw std::runtime_error(source_name + ": " + error.what());
  }
  return graph;
}

Graph load_onnx_model(const std::string& path, const ImportOptions& options) {
  namespace fs = std::filesystem;
  const std::uint64_t file_size = io::check_input_file(path, "model");
  if (file_size > static_cast<std::uint64_t>(kMaxModelFileBytes)) {
    throw std::runtime_error(path + ": model file is larger than 2 GiB (protobuf's limit; use external data)");
  }
  io::reserve_memory(file_size * 2, "parsing the model", path);
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw std::runtime_error(path + ": cannot open model file");
  google::protobuf::io::IstreamInputStream raw_input(&stream);
  google::protobuf::io::CodedInputStream coded_input(&raw_input);
  coded_input.SetTotalBytesLimit(static_cast<int>(kMaxModelFileBytes));
  onnx::ModelProto model;
  if (!model.ParseFromCodedStream(&coded_input) || !coded_input.ConsumedEntireMessage()) {
    throw std::runtime_error(path + ": not a valid ONNX model (protobuf parsing failed)");
  }
  if (!model.has_graph()) throw std::runtime_error(path + ": not a valid ONNX model (no graph)");
  const std::string model_dir = fs::path(path).parent_path().string();
  return import_onnx_model(model, model_dir.empty() ? "." : model_dir, path, options);
}

}  // namespace npusim::models
