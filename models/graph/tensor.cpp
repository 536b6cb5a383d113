#include "models/graph/tensor.h"

#include <sstream>
#include <stdexcept>

#include "quant/io/memory_budget.h"

namespace npusim::models {

const char* data_type_name(DataType dtype) {
  switch (dtype) {
    case DataType::kFloat32: return "float32";
    case DataType::kInt64: return "int64";
    case DataType::kBool: return "bool";
  }
  return "unknown";
}

std::int64_t checked_element_count(const Shape& shape, const std::string& what) {
  std::int64_t count = 1;
  for (std::int64_t dim : shape) {
    if (dim < 0) {
      throw std::runtime_error(what + ": negative dimension in shape " + shape_to_string(shape));
    }
    if (dim != 0 && count > kMaxTensorElements / dim) {
      throw std::runtime_error(what + ": shape " + shape_to_string(shape) + " has more than 2^31 elements");
    }
    count *= dim;
  }
  return count;
}

std::string shape_to_string(const Shape& shape) {
  std::ostringstream text;
  text << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) text << (i ? ", " : "") << shape[i];
  text << ']';
  return text.str();
}

std::int64_t Tensor::element_count() const {
  std::int64_t count = 1;
  for (std::int64_t dim : shape) count *= dim;
  return count;
}

Tensor Tensor::allocate(const Shape& shape, DataType dtype, const std::string& where) {
  Tensor tensor;
  tensor.shape = shape;
  tensor.dtype = dtype;
  const std::int64_t count = checked_element_count(shape, where);
  io::reserve_elements(static_cast<std::uint64_t>(count), dtype == DataType::kFloat32 ? sizeof(float) : sizeof(std::int64_t),
                       std::string("a ") + data_type_name(dtype) + " tensor of shape " + shape_to_string(shape), where);
  if (dtype == DataType::kFloat32) {
    tensor.data.assign(static_cast<std::size_t>(count), 0.0f);
  } else {
    tensor.int_data.assign(static_cast<std::size_t>(count), 0);
  }
  return tensor;
}

Tensor Tensor::zeros(const Shape& shape) { return allocate(shape, DataType::kFloat32); }

Tensor Tensor::from_floats(const Shape& shape, std::vector<float> values) {
  if (checked_element_count(shape, "Tensor::from_floats") != static_cast<std::int64_t>(values.size())) {
    throw std::runtime_error("Tensor::from_floats: " + std::to_string(values.size()) +
                             " values do not fill shape " + shape_to_string(shape));
  }
  Tensor tensor;
  tensor.shape = shape;
  tensor.data = std::move(values);
  return tensor;
}

Tensor Tensor::from_ints(const Shape& shape, std::vector<std::int64_t> values, DataType dtype) {
  if (checked_element_count(shape, "Tensor::from_ints") != static_cast<std::int64_t>(values.size())) {
    throw std::runtime_error("Tensor::from_ints: " + std::to_string(values.size()) +
                             " values do not fill shape " + shape_to_string(shape));
  }
  Tensor tensor;
  tensor.shape = shape;
  tensor.dtype = dtype;
  tensor.int_data = std::move(values);
  return tensor;
}

}  // namespace npusim::models
