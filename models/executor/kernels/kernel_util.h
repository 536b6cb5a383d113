// Helpers shared by the operator kernels: axis handling, numpy broadcasting, reading
// integer lists from constant inputs, and type-generic element access.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/executor/op_registry.h"

namespace npusim::models::kernels {

// Maps a possibly negative axis into [0, rank); throws naming the node when out of range.
std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank, const Node& node);

// Numpy (multidirectional) broadcasting of several shapes; throws naming the node when two
// dimensions differ and neither is 1.
Shape broadcast_shapes(const std::vector<Shape>& shapes, const Node& node);

// Row-major strides of `shape` (in elements).
std::vector<std::int64_t> contiguous_strides(const Shape& shape);

// Strides of `input` seen through the broadcast `output` shape: 0 on broadcast dimensions.
std::vector<std::int64_t> broadcast_strides(const Shape& input, const Shape& output);

// A constant integer list input (Reshape shape, Slice starts, Squeeze axes ...). Float
// constants are accepted when every value is integral.
std::vector<std::int64_t> constant_ints(const OpContext& context, std::size_t index, const char* what);
// A constant float list input (Resize scales, Clip bounds given as tensors).
std::vector<float> constant_floats(const OpContext& context, std::size_t index, const char* what);

// Calls body(out_index, offsets) for every output element of a broadcast. `offsets[k]`
// is the element offset into input k. Walks the innermost dimension in a tight loop.
template <typename Body>
void for_each_broadcast(const Shape& out_shape, const std::vector<std::vector<std::int64_t>>& input_strides,
                        Body body) {
  const std::size_t rank = out_shape.size();
  const std::size_t inputs = input_strides.size();
  std::int64_t total = 1;
  for (std::int64_t dim : out_shape) total *= dim;
  if (total == 0) return;
  if (rank == 0) {
    std::vector<std::int64_t> offsets(inputs, 0);
    body(std::int64_t{0}, offsets);
    return;
  }
  const std::int64_t inner = out_shape[rank - 1];
  std::vector<std::int64_t> index(rank, 0);
  std::vector<std::int64_t> base(inputs, 0), offsets(inputs, 0);
  std::int64_t out_index = 0;
  while (out_index < total) {
    for (std::size_t k = 0; k < inputs; ++k) {
      base[k] = 0;
      for (std::size_t d = 0; d + 1 < rank; ++d) base[k] += index[d] * input_strides[k][d];
    }
    for (std::int64_t x = 0; x < inner; ++x) {
      for (std::size_t k = 0; k < inputs; ++k) offsets[k] = base[k] + x * input_strides[k][rank - 1];
      body(out_index++, offsets);
    }
    for (std::size_t d = rank - 1; d-- > 0;) {  // advance the outer index, odometer style
      if (++index[d] < out_shape[d]) break;
      index[d] = 0;
    }
  }
}

// The float or int payload of a tensor as a typed pointer.
template <typename T> const T* payload(const Tensor& tensor);
template <> inline const float* payload<float>(const Tensor& tensor) { return tensor.data.data(); }
template <> inline const std::int64_t* payload<std::int64_t>(const Tensor& tensor) { return tensor.int_data.data(); }
template <typename T> T* mutable_payload(Tensor& tensor);
template <> inline float* mutable_payload<float>(Tensor& tensor) { return tensor.data.data(); }
template <> inline std::int64_t* mutable_payload<std::int64_t>(Tensor& tensor) { return tensor.int_data.data(); }

// Copies elements between tensors of any dtype, converting (float -> int truncates toward
// zero, like a C cast and ONNX Cast; int -> bool is value != 0).
double element_as_double(const Tensor& tensor, std::int64_t index);
void store_element(Tensor& tensor, std::int64_t index, double value);

// Output type helper: the same type and a given shape.
inline ValueInfo value_like(DataType dtype, Shape shape) { return ValueInfo{dtype, std::move(shape)}; }

// Throws naming the node unless input `index` is float32.
void require_float(const OpContext& context, std::size_t index);

}  // namespace npusim::models::kernels
