// Builds small ONNX models in memory with the protobuf C++ API, for operator tests.
//   OnnxModelBuilder model(13);
//   model.input("x", {1, 1, 3, 3}).initializer("w", {1, 1, 2, 2}, {...});
//   model.node("Conv", {"x", "w"}, {"y"}).attr("strides", {1, 1});
//   model.output("y");
//   Graph graph = model.import();
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "models/onnx/onnx_import.h"

namespace npusim::models::testing {

class OnnxModelBuilder {
 public:
  explicit OnnxModelBuilder(int opset = 13) {
    model_.set_ir_version(7);
    auto* opset_import = model_.add_opset_import();
    opset_import->set_domain("");
    opset_import->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  OnnxModelBuilder& input(const std::string& name, const std::vector<std::int64_t>& shape,
                          int elem_type = onnx::TensorProto::FLOAT) {
    auto* value = model_.mutable_graph()->add_input();
    value->set_name(name);
    auto* tensor_type = value->mutable_type()->mutable_tensor_type();
    tensor_type->set_elem_type(elem_type);
    auto* proto_shape = tensor_type->mutable_shape();
    for (std::int64_t dim : shape) {
      if (dim < 0) proto_shape->add_dim()->set_dim_param("batch");
      else proto_shape->add_dim()->set_dim_value(dim);
    }
    return *this;
  }

  OnnxModelBuilder& output(const std::string& name) {
    model_.mutable_graph()->add_output()->set_name(name);
    return *this;
  }

  static onnx::TensorProto float_tensor(const std::string& name, const std::vector<std::int64_t>& shape,
                                        const std::vector<float>& values) {
    onnx::TensorProto tensor;
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t dim : shape) tensor.add_dims(dim);
    for (float value : values) tensor.add_float_data(value);
    return tensor;
  }

  static onnx::TensorProto int_tensor(const std::string& name, const std::vector<std::int64_t>& shape,
                                      const std::vector<std::int64_t>& values) {
    onnx::TensorProto tensor;
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::INT64);
    for (std::int64_t dim : shape) tensor.add_dims(dim);
    for (std::int64_t value : values) tensor.add_int64_data(value);
    return tensor;
  }

  OnnxModelBuilder& initializer(const std::string& name, const std::vector<std::int64_t>& shape,
                                const std::vector<float>& values) {
    *model_.mutable_graph()->add_initializer() = float_tensor(name, shape, values);
    return *this;
  }

  OnnxModelBuilder& int_initializer(const std::string& name, const std::vector<std::int64_t>& shape,
                                    const std::vector<std::int64_t>& values) {
    *model_.mutable_graph()->add_initializer() = int_tensor(name, shape, values);
    return *this;
  }

  OnnxModelBuilder& node(const std::string& op_type, const std::vector<std::string>& inputs,
                         const std::vector<std::string>& outputs, const std::string& name = "") {
    current_ = model_.mutable_graph()->add_node();
    current_->set_op_type(op_type);
    current_->set_name(name.empty() ? op_type + "_node" : name);
    for (const auto& input : inputs) current_->add_input(input);
    for (const auto& output : outputs) current_->add_output(output);
    return *this;
  }

  // Attributes apply to the most recent node.
  OnnxModelBuilder& attr(const std::string& key, std::int64_t value) {
    auto* attribute = new_attribute(key, onnx::AttributeProto::INT);
    attribute->set_i(value);
    return *this;
  }
  OnnxModelBuilder& attr(const std::string& key, int value) { return attr(key, static_cast<std::int64_t>(value)); }
  OnnxModelBuilder& attr(const std::string& key, float value) {
    new_attribute(key, onnx::AttributeProto::FLOAT)->set_f(value);
    return *this;
  }
  OnnxModelBuilder& attr(const std::string& key, const std::string& value) {
    new_attribute(key, onnx::AttributeProto::STRING)->set_s(value);
    return *this;
  }
  OnnxModelBuilder& attr(const std::string& key, const char* value) { return attr(key, std::string(value)); }
  OnnxModelBuilder& attr(const std::string& key, const std::vector<std::int64_t>& values) {
    auto* attribute = new_attribute(key, onnx::AttributeProto::INTS);
    for (std::int64_t value : values) attribute->add_ints(value);
    return *this;
  }
  OnnxModelBuilder& attr(const std::string& key, const std::vector<float>& values) {
    auto* attribute = new_attribute(key, onnx::AttributeProto::FLOATS);
    for (float value : values) attribute->add_floats(value);
    return *this;
  }
  OnnxModelBuilder& attr(const std::string& key, const onnx::TensorProto& tensor) {
    *new_attribute(key, onnx::AttributeProto::TENSOR)->mutable_t() = tensor;
    return *this;
  }

  onnx::ModelProto& proto() { return model_; }
  Graph import(const ImportOptions& options = {}, const std::string& model_dir = ".") const {
    return import_onnx_model(model_, model_dir, "test.onnx", options);
  }

 private:
  onnx::AttributeProto* new_attribute(const std::string& key, onnx::AttributeProto::AttributeType type) {
    auto* attribute = current_->add_attribute();
    attribute->set_name(key);
    attribute->set_type(type);
    return attribute;
  }

  onnx::ModelProto model_;
  onnx::NodeProto* current_ = nullptr;
};

// Runs a one-input graph and returns output 0.
Tensor run_single(const Graph& graph, const Tensor& input);

}  // namespace npusim::models::testing
