#include "models/executor/op_registry.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace npusim::models {

const Shape& OpContext::shape(std::size_t index) const {
  if (!has_input(index)) {
    throw std::runtime_error(node.describe() + ": input " + std::to_string(index) + " is missing");
  }
  return input_types[index]->shape;
}

DataType OpContext::dtype(std::size_t index) const {
  if (!has_input(index)) {
    throw std::runtime_error(node.describe() + ": input " + std::to_string(index) + " is missing");
  }
  return input_types[index]->dtype;
}

const Tensor& OpContext::constant(std::size_t index, const char* what) const {
  if (!has_input(index)) {
    throw std::runtime_error(node.describe() + ": input " + std::to_string(index) + " (" + what + ") is missing");
  }
  if (index >= input_values.size() || input_values[index] == nullptr) {
    throw std::runtime_error(node.describe() + ": input '" + node.inputs[index] + "' (" + what +
                             ") must be a constant or computable from shapes at import time");
  }
  return *input_values[index];
}

const Tensor& OpContext::value(std::size_t index) const {
  if (index >= input_values.size() || input_values[index] == nullptr) {
    throw std::runtime_error(node.describe() + ": input " + std::to_string(index) + " has no value");
  }
  return *input_values[index];
}

namespace {

const std::map<std::string, const OpDefinition*>& registry() {
  static const std::map<std::string, const OpDefinition*> table = [] {
    std::map<std::string, const OpDefinition*> entries;
    for (const auto* group : {&elementwise_ops(), &conv_ops(), &pool_ops(), &resize_ops(), &matmul_ops(),
                              &normalization_ops(), &tensor_ops(), &reduce_ops(), &pad_ops(),
                              &shape_arithmetic_ops(), &quantize_ops()}) {
      for (const OpDefinition& definition : *group) entries[definition.op_type] = &definition;
    }
    return entries;
  }();
  return table;
}

}  // namespace

const OpDefinition* find_op(const std::string& op_type) {
  auto found = registry().find(op_type);
  return found == registry().end() ? nullptr : found->second;
}

std::vector<std::string> supported_op_types() {
  std::vector<std::string> names;
  for (const auto& entry : registry()) names.push_back(entry.first);
  return names;  // std::map keeps them sorted
}

std::string supported_op_list() {
  std::string text;
  for (const std::string& name : supported_op_types()) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace npusim::models
