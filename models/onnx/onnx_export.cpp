#include "models/onnx/onnx_export.h"

#include <cstring>
#include <set>
#include <stdexcept>

#include "quant/io/atomic_output_file.h"

namespace npusim::models {
namespace {

void set_value_info(onnx::ValueInfoProto* proto, const std::string& name, const ValueInfo& info) {
  proto->set_name(name);
  auto* tensor_type = proto->mutable_type()->mutable_tensor_type();
  tensor_type->set_elem_type(info.dtype == DataType::kFloat32 ? onnx::TensorProto::FLOAT
                             : info.dtype == DataType::kBool  ? onnx::TensorProto::BOOL
                                                              : onnx::TensorProto::INT64);
  for (std::int64_t dim : info.shape) tensor_type->mutable_shape()->add_dim()->set_dim_value(dim);
}

void set_attribute(onnx::AttributeProto* proto, const std::string& name, const Attribute& attribute) {
  using A = onnx::AttributeProto;
  proto->set_name(name);
  switch (attribute.kind) {
    case Attribute::Kind::kFloat: proto->set_type(A::FLOAT); proto->set_f(attribute.f); break;
    case Attribute::Kind::kInt: proto->set_type(A::INT); proto->set_i(attribute.i); break;
    case Attribute::Kind::kString: proto->set_type(A::STRING); proto->set_s(attribute.s); break;
    case Attribute::Kind::kTensor:
      proto->set_type(A::TENSOR);
      *proto->mutable_t() = tensor_to_proto("", *attribute.tensor);
      break;
    case Attribute::Kind::kFloats:
      proto->set_type(A::FLOATS);
      for (float f : attribute.floats) proto->add_floats(f);
      break;
    case Attribute::Kind::kInts:
      proto->set_type(A::INTS);
      for (std::int64_t i : attribute.ints) proto->add_ints(i);
      break;
    case Attribute::Kind::kStrings:
      proto->set_type(A::STRINGS);
      for (const std::string& s : attribute.strings) proto->add_strings(s);
      break;
  }
}

}  // namespace

onnx::TensorProto tensor_to_proto(const std::string& name, const Tensor& tensor, int int_element_type) {
  onnx::TensorProto proto;
  proto.set_name(name);
  for (std::int64_t dim : tensor.shape) proto.add_dims(dim);
  // raw_data, little-endian as ONNX specifies: one byte per int8 code instead of a 1-5 byte
  // varint in int32_data (a QDQ model's int8 weights would otherwise take 3-5x their size).
  std::string& raw = *proto.mutable_raw_data();
  const auto append = [&raw](std::uint64_t bits, int bytes) {
    for (int b = 0; b < bytes; ++b) raw.push_back(static_cast<char>((bits >> (8 * b)) & 0xff));
  };
  if (tensor.is_float()) {
    proto.set_data_type(onnx::TensorProto::FLOAT);
    raw.reserve(tensor.data.size() * 4);
    for (float value : tensor.data) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, &value, sizeof bits);
      append(bits, 4);
    }
    return proto;
  }
  const int type = tensor.dtype == DataType::kBool ? static_cast<int>(onnx::TensorProto::BOOL) : int_element_type;
  int bytes = 0;
  switch (type) {
    case onnx::TensorProto::BOOL:
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8: bytes = 1; break;
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16: bytes = 2; break;
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::UINT32: bytes = 4; break;
    case onnx::TensorProto::INT64: bytes = 8; break;
    default:
      throw std::invalid_argument("tensor '" + name + "': cannot write element type " + std::to_string(type));
  }
  proto.set_data_type(type);
  raw.reserve(tensor.int_data.size() * static_cast<std::size_t>(bytes));
  for (std::int64_t value : tensor.int_data) append(static_cast<std::uint64_t>(value), bytes);
  return proto;
}

onnx::ModelProto export_onnx_model(const Graph& graph) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("npusim");
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(graph.opset);
  onnx::GraphProto* proto = model.mutable_graph();
  proto->set_name(graph.name.empty() ? "npusim" : graph.name);
  for (const std::string& input : graph.input_names) set_value_info(proto->add_input(), input, graph.value_info(input));
  for (const std::string& output : graph.output_names) {
    set_value_info(proto->add_output(), output, graph.value_info(output));
  }
  std::set<std::string> written;
  for (const Node& node : graph.nodes) {
    for (const std::string& input : node.inputs) {
      auto constant = graph.constants.find(input);
      if (constant == graph.constants.end() || !written.insert(input).second) continue;
      *proto->add_initializer() = tensor_to_proto(input, constant->second);
    }
    onnx::NodeProto* out = proto->add_node();
    out->set_op_type(node.op_type);
    out->set_name(node.name);
    for (const std::string& input : node.inputs) out->add_input(input);
    for (const std::string& output : node.outputs) out->add_output(output);
    for (const auto& [key, attribute] : node.attributes) {
      if (key.rfind("npusim_", 0) == 0) continue;  // the importer's own bookkeeping
      set_attribute(out->add_attribute(), key, attribute);
    }
  }
  return model;
}

void save_onnx_model(const std::string& path, const onnx::ModelProto& model) {
  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw std::runtime_error(path + ": the model could not be serialised");
  io::AtomicOutputFile file(path, true);
  file.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.commit();
}

}  // namespace npusim::models
