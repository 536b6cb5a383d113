#include "models/executor/kernels/kernel_util.h"

#include <cmath>

namespace npusim::models::kernels {

std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank, const Node& node) {
  const std::int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= std::max<std::int64_t>(rank, 1)) {
    throw std::runtime_error(node.describe() + ": axis " + std::to_string(axis) + " is out of range for rank " +
                             std::to_string(rank));
  }
  return normalized;
}

Shape broadcast_shapes(const std::vector<Shape>& shapes, const Node& node) {
  std::size_t rank = 0;
  for (const Shape& shape : shapes) rank = std::max(rank, shape.size());
  Shape out(rank, 1);
  for (const Shape& shape : shapes) {
    const std::size_t offset = rank - shape.size();
    for (std::size_t d = 0; d < shape.size(); ++d) {
      const std::int64_t dim = shape[d];
      std::int64_t& target = out[offset + d];
      if (dim == target || dim == 1) continue;
      if (target == 1) {
        target = dim;
        continue;
      }
      std::string text;
      for (const Shape& s : shapes) text += (text.empty() ? "" : " and ") + shape_to_string(s);
      throw std::runtime_error(node.describe() + ": shapes " + text + " cannot be broadcast together");
    }
  }
  return out;
}

std::vector<std::int64_t> contiguous_strides(const Shape& shape) {
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (std::size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
  return strides;
}

std::vector<std::int64_t> broadcast_strides(const Shape& input, const Shape& output) {
  std::vector<std::int64_t> strides(output.size(), 0);
  const std::vector<std::int64_t> own = contiguous_strides(input);
  const std::size_t offset = output.size() - input.size();
  for (std::size_t d = 0; d < input.size(); ++d) strides[offset + d] = input[d] == 1 ? 0 : own[d];
  return strides;
}

std::vector<std::int64_t> constant_ints(const OpContext& context, std::size_t index, const char* what) {
  const Tensor& tensor = context.constant(index, what);
  if (!tensor.is_float()) return tensor.int_data;
  std::vector<std::int64_t> values;
  for (float value : tensor.data) {
    if (value != std::floor(value)) {
      throw std::runtime_error(context.node.describe() + ": " + what + " holds a non-integer value");
    }
    values.push_back(static_cast<std::int64_t>(value));
  }
  return values;
}

std::vector<float> constant_floats(const OpContext& context, std::size_t index, const char* what) {
  const Tensor& tensor = context.constant(index, what);
  if (tensor.is_float()) return tensor.data;
  return std::vector<float>(tensor.int_data.begin(), tensor.int_data.end());
}

double element_as_double(const Tensor& tensor, std::int64_t index) {
  return tensor.is_float() ? static_cast<double>(tensor.data[static_cast<std::size_t>(index)])
                           : static_cast<double>(tensor.int_data[static_cast<std::size_t>(index)]);
}

void store_element(Tensor& tensor, std::int64_t index, double value) {
  const auto i = static_cast<std::size_t>(index);
  switch (tensor.dtype) {
    case DataType::kFloat32: tensor.data[i] = static_cast<float>(value); break;
    case DataType::kInt64: tensor.int_data[i] = static_cast<std::int64_t>(std::trunc(value)); break;
    case DataType::kBool: tensor.int_data[i] = value != 0.0; break;
  }
}

void require_float(const OpContext& context, std::size_t index) {
  if (context.dtype(index) != DataType::kFloat32) {
    throw std::runtime_error(context.node.describe() + ": input " + std::to_string(index) + " must be float, is " +
                             data_type_name(context.dtype(index)));
  }
}

}  // namespace npusim::models::kernels
