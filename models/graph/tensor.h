// Tensors of the Graph IR and the float executor: a shape and a C-order payload.
// Float tensors carry `data`; integer and boolean tensors (shape arithmetic that exporters
// emit: Shape, Gather, Concat, Cast ...) carry `int_data`. Every integer element type of
// ONNX (int8 ... int64, uint8 ... uint32, bool) is held as int64 values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npusim::models {

using Shape = std::vector<std::int64_t>;

enum class DataType { kFloat32, kInt64, kBool };

const char* data_type_name(DataType dtype);

// Largest tensor the importer and executor accept: 2^31 elements (8 GiB of float32).
// Anything bigger is an absurd shape for a depth network and is rejected before allocating.
constexpr std::int64_t kMaxTensorElements = std::int64_t(1) << 31;

// Product of the dimensions. Throws std::runtime_error naming `what` when a dimension is
// negative or the product exceeds kMaxTensorElements (checked before it can overflow).
std::int64_t checked_element_count(const Shape& shape, const std::string& what);

// "[1, 3, 128, 160]"
std::string shape_to_string(const Shape& shape);

struct Tensor {
  Shape shape;
  DataType dtype = DataType::kFloat32;
  std::vector<float> data;              // payload when dtype == kFloat32
  std::vector<std::int64_t> int_data;   // payload when dtype is kInt64 or kBool

  bool is_float() const { return dtype == DataType::kFloat32; }
  std::int64_t element_count() const;

  // A float tensor of `shape` filled with zeros (size checked, see checked_element_count).
  static Tensor zeros(const Shape& shape);
  static Tensor from_floats(const Shape& shape, std::vector<float> values);
  static Tensor from_ints(const Shape& shape, std::vector<std::int64_t> values,
                          DataType dtype = DataType::kInt64);
  // Allocates the payload matching `dtype` for `shape`, zero-filled. The size is checked
  // against kMaxTensorElements and the memory budget (io::reserve_memory); `where` names the
  // tensor in the error (file, node, value).
  static Tensor allocate(const Shape& shape, DataType dtype, const std::string& where = "tensor allocation");
};

}  // namespace npusim::models
