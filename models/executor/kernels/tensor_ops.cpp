// Data movement operators: Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat, Split,
// Slice, Gather, Expand, Tile. All work on float and integer tensors (Pad is in pad_ops.cpp,
// the shape arithmetic exporters emit in shape_arithmetic_ops.cpp).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/executor/kernels/kernel_util.h"
#include "models/graph/checked_arithmetic.h"
#include "quant/io/memory_budget.h"

namespace npusim::models {
namespace {

using kernels::constant_ints;
using kernels::contiguous_strides;
using kernels::normalize_axis;

// Copies out[i] = in[source[i]] for every output element, whatever the dtype.
void gather_elements(const Tensor& in, Tensor& out, const std::vector<std::int64_t>& source) {
  if (in.is_float()) {
    for (std::size_t i = 0; i < source.size(); ++i) out.data[i] = in.data[static_cast<std::size_t>(source[i])];
  } else {
    for (std::size_t i = 0; i < source.size(); ++i) out.int_data[i] = in.int_data[static_cast<std::size_t>(source[i])];
  }
}

void copy_payload(const Tensor& in, Tensor& out) {
  out.data = in.data;
  out.int_data = in.int_data;
}

// For each output element of `out_shape`, the flat input offset given per-dimension
// input strides and starting offset (Transpose, Slice, Expand, Tile use it).
std::vector<std::int64_t> strided_sources(const Shape& out_shape, const std::vector<std::int64_t>& strides,
                                          std::int64_t start, const Shape* wrap = nullptr) {
  const std::int64_t total = std::accumulate(out_shape.begin(), out_shape.end(), std::int64_t{1}, std::multiplies<>());
  // One int64 offset per output element: twice a float output, so it asks the budget too.
  io::reserve_elements(static_cast<std::uint64_t>(total), sizeof(std::int64_t),
                       "the source offsets of a " + shape_to_string(out_shape) + " copy", "tensor copy");
  std::vector<std::int64_t> sources(static_cast<std::size_t>(total));
  std::vector<std::int64_t> index(out_shape.size(), 0);
  for (std::int64_t i = 0; i < total; ++i) {
    std::int64_t offset = start;
    for (std::size_t d = 0; d < out_shape.size(); ++d) {
      offset += (wrap ? index[d] % (*wrap)[d] : index[d]) * strides[d];
    }
    sources[static_cast<std::size_t>(i)] = offset;
    for (std::size_t d = out_shape.size(); d-- > 0;) {
      if (++index[d] < out_shape[d]) break;
      index[d] = 0;
    }
  }
  return sources;
}

// ---- Reshape / Flatten / Squeeze / Unsqueeze: only the shape changes ----

std::vector<ValueInfo> infer_reshape(const OpContext& c) {
  const Shape& in = c.shape(0);
  std::vector<std::int64_t> target = constant_ints(c, 1, "shape");
  const bool allow_zero = c.node.attr_int("allowzero", 0) != 0;
  const std::int64_t in_count = checked_element_count(in, c.node.describe());
  std::int64_t known = 1;
  int infer_at = -1;
  for (std::size_t d = 0; d < target.size(); ++d) {
    if (target[d] == 0 && !allow_zero) {
      if (d >= in.size()) throw std::runtime_error(c.node.describe() + ": shape entry 0 copies a missing dimension");
      target[d] = in[d];  // 0 copies the input dimension
    }
    if (target[d] == -1) {
      if (infer_at >= 0) throw std::runtime_error(c.node.describe() + ": more than one -1 in the target shape");
      infer_at = static_cast<int>(d);
    } else if (target[d] < 0) {
      throw std::runtime_error(c.node.describe() + ": invalid target dimension " + std::to_string(target[d]));
    } else if (__builtin_mul_overflow(known, target[d], &known)) {  // overflow is UB: checked
      throw std::runtime_error(c.node.describe() + ": target shape " + shape_to_string(target) +
                               " has more elements than int64 can count");
    }
  }
  if (infer_at >= 0) {
    if (known == 0 || in_count % known != 0) {
      throw std::runtime_error(c.node.describe() + ": cannot reshape " + shape_to_string(in) + " to " +
                               shape_to_string(target));
    }
    target[static_cast<std::size_t>(infer_at)] = in_count / known;
  }
  if (checked_element_count(target, c.node.describe()) != in_count) {
    throw std::runtime_error(c.node.describe() + ": cannot reshape " + shape_to_string(in) + " (" +
                             std::to_string(in_count) + " elements) to " + shape_to_string(target));
  }
  return {ValueInfo{c.dtype(0), target}};
}

void compute_copy(const OpContext& c, std::vector<Tensor>& out, KernelState&) { copy_payload(c.value(0), out[0]); }

std::vector<ValueInfo> infer_flatten(const OpContext& c) {
  const Shape& in = c.shape(0);
  const auto rank = static_cast<std::int64_t>(in.size());
  std::int64_t axis = c.node.attr_int("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis > rank) throw std::runtime_error(c.node.describe() + ": axis out of range");
  std::int64_t outer = 1, inner = 1;
  for (std::int64_t d = 0; d < rank; ++d) (d < axis ? outer : inner) *= in[static_cast<std::size_t>(d)];
  return {ValueInfo{c.dtype(0), {outer, inner}}};
}

// Squeeze/Unsqueeze axes: an attribute before opset 13, an optional input from 13 on.
std::vector<std::int64_t> axes_of(const OpContext& c, bool* given) {
  if (c.node.opset < 13) {
    *given = c.node.has_attribute("axes");
    return c.node.attr_ints("axes", {});
  }
  *given = c.has_input(1);
  return *given ? constant_ints(c, 1, "axes") : std::vector<std::int64_t>{};
}

std::vector<ValueInfo> infer_squeeze(const OpContext& c) {
  const Shape& in = c.shape(0);
  bool given = false;
  std::vector<std::int64_t> axes = axes_of(c, &given);
  std::vector<bool> drop(in.size(), false);
  if (!given) {
    for (std::size_t d = 0; d < in.size(); ++d) drop[d] = in[d] == 1;
  }
  for (std::int64_t axis : axes) {
    const auto d = static_cast<std::size_t>(normalize_axis(axis, static_cast<std::int64_t>(in.size()), c.node));
    if (in[d] != 1) {
      throw std::runtime_error(c.node.describe() + ": cannot squeeze axis " + std::to_string(axis) + " of size " +
                               std::to_string(in[d]));
    }
    drop[d] = true;
  }
  Shape out;
  for (std::size_t d = 0; d < in.size(); ++d) if (!drop[d]) out.push_back(in[d]);
  return {ValueInfo{c.dtype(0), out}};
}

std::vector<ValueInfo> infer_unsqueeze(const OpContext& c) {
  const Shape& in = c.shape(0);
  bool given = false;
  const std::vector<std::int64_t> axes = axes_of(c, &given);
  const auto out_rank = static_cast<std::int64_t>(in.size() + axes.size());
  std::vector<bool> inserted(static_cast<std::size_t>(out_rank), false);
  for (std::int64_t axis : axes) {
    const auto d = static_cast<std::size_t>(normalize_axis(axis, out_rank, c.node));
    if (inserted[d]) throw std::runtime_error(c.node.describe() + ": axis " + std::to_string(axis) + " repeated");
    inserted[d] = true;
  }
  Shape out;
  std::size_t next = 0;
  for (std::size_t d = 0; d < inserted.size(); ++d) out.push_back(inserted[d] ? 1 : in[next++]);
  return {ValueInfo{c.dtype(0), out}};
}

// ---- Transpose ----

std::vector<std::int64_t> permutation(const OpContext& c) {
  const auto rank = static_cast<std::int64_t>(c.shape(0).size());
  std::vector<std::int64_t> perm(static_cast<std::size_t>(rank));
  for (std::int64_t d = 0; d < rank; ++d) perm[static_cast<std::size_t>(d)] = rank - 1 - d;
  perm = c.node.attr_ints("perm", perm);
  std::vector<std::int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (std::int64_t d = 0; d < rank; ++d) {
    if (static_cast<std::int64_t>(sorted.size()) != rank || sorted[static_cast<std::size_t>(d)] != d) {
      throw std::runtime_error(c.node.describe() + ": perm is not a permutation of 0.." + std::to_string(rank - 1));
    }
  }
  return perm;
}

std::vector<ValueInfo> infer_transpose(const OpContext& c) {
  const std::vector<std::int64_t> perm = permutation(c);
  Shape out;
  for (std::int64_t axis : perm) out.push_back(c.shape(0)[static_cast<std::size_t>(axis)]);
  return {ValueInfo{c.dtype(0), out}};
}

void compute_transpose(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const std::vector<std::int64_t> perm = permutation(c);
  const std::vector<std::int64_t> in_strides = contiguous_strides(c.shape(0));
  std::vector<std::int64_t> strides;
  for (std::int64_t axis : perm) strides.push_back(in_strides[static_cast<std::size_t>(axis)]);
  gather_elements(c.value(0), out[0], strided_sources(out[0].shape, strides, 0));
}

// ---- Concat / Split ----

std::vector<ValueInfo> infer_concat(const OpContext& c) {
  Shape out = c.shape(0);
  // A scalar has no axis to concatenate along (fuzzing: out[axis] of an empty shape).
  if (out.empty()) throw std::runtime_error(c.node.describe() + ": inputs must have rank >= 1, input 0 is a scalar");
  const std::int64_t axis = normalize_axis(c.node.attr_int("axis", 0), static_cast<std::int64_t>(out.size()), c.node);
  for (std::size_t i = 1; i < c.input_count(); ++i) {
    const Shape& other = c.shape(i);
    // One type T for all inputs (ONNX); the copy reads every input as input 0's type.
    if (c.dtype(i) != c.dtype(0)) {
      throw std::runtime_error(c.node.describe() + ": input " + std::to_string(i) + " is " +
                               data_type_name(c.dtype(i)) + ", input 0 " + data_type_name(c.dtype(0)));
    }
    for (std::size_t d = 0; d < out.size(); ++d) {
      if (other.size() != out.size() || (static_cast<std::int64_t>(d) != axis && other[d] != out[d])) {
        throw std::runtime_error(c.node.describe() + ": input " + std::to_string(i) + " shape " +
                                 shape_to_string(other) + " does not match " + shape_to_string(c.shape(0)));
      }
    }
    out[static_cast<std::size_t>(axis)] += other[static_cast<std::size_t>(axis)];
  }
  return {ValueInfo{c.dtype(0), out}};
}

// Concat copies contiguous blocks: for each outer index, each input's [axis..] block in turn.
void compute_concat(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Shape& out_shape = out[0].shape;
  const auto axis = static_cast<std::size_t>(normalize_axis(c.node.attr_int("axis", 0),
                                                            static_cast<std::int64_t>(out_shape.size()), c.node));
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= out_shape[d];
  for (std::size_t d = axis + 1; d < out_shape.size(); ++d) inner *= out_shape[d];
  std::int64_t written = 0;
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::size_t i = 0; i < c.input_count(); ++i) {
      const Tensor& in = c.value(i);
      const std::int64_t block = in.shape[axis] * inner;
      if (out[0].is_float()) {
        std::copy_n(in.data.begin() + o * block, block, out[0].data.begin() + written);
      } else {
        std::copy_n(in.int_data.begin() + o * block, block, out[0].int_data.begin() + written);
      }
      written += block;
    }
  }
}

std::vector<std::int64_t> split_sizes(const OpContext& c) {
  const Shape& in = c.shape(0);
  const std::int64_t axis = normalize_axis(c.node.attr_int("axis", 0), static_cast<std::int64_t>(in.size()), c.node);
  const std::int64_t dim = in[static_cast<std::size_t>(axis)];
  std::vector<std::int64_t> sizes;
  if (c.node.opset < 13) sizes = c.node.attr_ints("split", {});
  else if (c.has_input(1)) sizes = constant_ints(c, 1, "split");
  const auto count = static_cast<std::int64_t>(c.node.outputs.size());
  if (sizes.empty()) {
    // Equal parts; when the dimension does not divide, the last part is smaller (opset 18 rule).
    const std::int64_t part = (dim + count - 1) / count;
    for (std::int64_t i = 0; i < count; ++i) sizes.push_back(std::max<std::int64_t>(0, std::min(part, dim - i * part)));
  }
  if (static_cast<std::int64_t>(sizes.size()) != count ||
      std::accumulate(sizes.begin(), sizes.end(), std::int64_t{0}) != dim) {
    throw std::runtime_error(c.node.describe() + ": split sizes do not add up to dimension " + std::to_string(dim));
  }
  return sizes;
}

std::vector<ValueInfo> infer_split(const OpContext& c) {
  const std::vector<std::int64_t> sizes = split_sizes(c);
  const auto axis = static_cast<std::size_t>(normalize_axis(c.node.attr_int("axis", 0),
                                                            static_cast<std::int64_t>(c.shape(0).size()), c.node));
  std::vector<ValueInfo> outputs;
  for (std::int64_t size : sizes) {
    Shape shape = c.shape(0);
    shape[axis] = size;
    outputs.push_back(ValueInfo{c.dtype(0), shape});
  }
  return outputs;
}

void compute_split(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& in = c.value(0);
  const auto axis = static_cast<std::size_t>(normalize_axis(c.node.attr_int("axis", 0),
                                                            static_cast<std::int64_t>(in.shape.size()), c.node));
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= in.shape[d];
  for (std::size_t d = axis + 1; d < in.shape.size(); ++d) inner *= in.shape[d];
  std::int64_t read = 0;
  for (std::int64_t o = 0; o < outer; ++o) {
    for (Tensor& part : out) {
      const std::int64_t block = part.shape[axis] * inner;
      if (in.is_float()) std::copy_n(in.data.begin() + read, block, part.data.begin() + o * block);
      else std::copy_n(in.int_data.begin() + read, block, part.int_data.begin() + o * block);
      read += block;
    }
  }
}

// ---- Slice ----

struct SliceRange {
  Shape out_shape;
  std::vector<std::int64_t> starts, steps;  // per dimension, after clamping
};

SliceRange slice_range(const OpContext& c) {
  const Shape& in = c.shape(0);
  const auto rank = static_cast<std::int64_t>(in.size());
  std::vector<std::int64_t> starts, ends, axes, steps;
  if (c.node.opset < 10) {
    starts = c.node.attr_ints("starts", {});
    ends = c.node.attr_ints("ends", {});
    axes = c.node.attr_ints("axes", {});
  } else {
    starts = constant_ints(c, 1, "starts");
    ends = constant_ints(c, 2, "ends");
    if (c.has_input(3)) axes = constant_ints(c, 3, "axes");
    if (c.has_input(4)) steps = constant_ints(c, 4, "steps");
  }
  if (axes.empty()) for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
    throw std::runtime_error(c.node.describe() + ": starts, ends, axes and steps differ in length");
  }
  SliceRange range{in, std::vector<std::int64_t>(in.size(), 0), std::vector<std::int64_t>(in.size(), 1)};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const auto d = static_cast<std::size_t>(normalize_axis(axes[i], rank, c.node));
    const std::int64_t dim = in[d];
    const std::int64_t step = steps[i];
    if (step == 0) throw std::runtime_error(c.node.describe() + ": step 0");
    std::int64_t start = starts[i] < 0 ? starts[i] + dim : starts[i];
    std::int64_t end = ends[i] < 0 ? ends[i] + dim : ends[i];
    // Spec clamping: [0, dim] for positive steps, [0, dim-1] / [-1, dim-1] for negative ones.
    if (step > 0) {
      start = std::clamp<std::int64_t>(start, 0, dim);
      end = std::clamp<std::int64_t>(end, 0, dim);
    } else {
      start = std::clamp<std::int64_t>(start, 0, dim - 1);
      end = std::clamp<std::int64_t>(end, -1, dim - 1);
    }
    const std::int64_t span = step > 0 ? end - start : start - end;
    const std::int64_t magnitude = step > 0 ? step : -step;
    range.out_shape[d] = span <= 0 ? 0 : (span + magnitude - 1) / magnitude;
    range.starts[d] = start;
    range.steps[d] = step;
  }
  return range;
}

std::vector<ValueInfo> infer_slice(const OpContext& c) { return {ValueInfo{c.dtype(0), slice_range(c).out_shape}}; }

void compute_slice(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const SliceRange range = slice_range(c);
  const std::vector<std::int64_t> in_strides = contiguous_strides(c.shape(0));
  std::vector<std::int64_t> strides(in_strides.size());
  std::int64_t start = 0;
  for (std::size_t d = 0; d < in_strides.size(); ++d) {
    strides[d] = in_strides[d] * range.steps[d];
    start += range.starts[d] * in_strides[d];
  }
  gather_elements(c.value(0), out[0], strided_sources(range.out_shape, strides, start));
}

// ---- Gather ----

std::vector<ValueInfo> infer_gather(const OpContext& c) {
  const Shape& data = c.shape(0);
  const auto axis = static_cast<std::size_t>(normalize_axis(c.node.attr_int("axis", 0),
                                                            static_cast<std::int64_t>(data.size()), c.node));
  Shape out(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(axis));
  const Shape& indices = c.shape(1);
  out.insert(out.end(), indices.begin(), indices.end());
  out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(axis) + 1, data.end());
  return {ValueInfo{c.dtype(0), out}};
}

void compute_gather(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& data = c.value(0);
  const Tensor& indices = c.value(1);
  const auto axis = static_cast<std::size_t>(normalize_axis(c.node.attr_int("axis", 0),
                                                            static_cast<std::int64_t>(data.shape.size()), c.node));
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= data.shape[d];
  for (std::size_t d = axis + 1; d < data.shape.size(); ++d) inner *= data.shape[d];
  const std::int64_t dim = data.shape[axis];
  std::vector<std::int64_t> sources;
  sources.reserve(out[0].element_count());
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t raw_index : indices.int_data) {
      const std::int64_t index = raw_index < 0 ? raw_index + dim : raw_index;
      if (index < 0 || index >= dim) {
        throw std::runtime_error(c.node.describe() + ": index " + std::to_string(raw_index) + " out of range [" +
                                 std::to_string(-dim) + ", " + std::to_string(dim - 1) + "]");
      }
      for (std::int64_t i = 0; i < inner; ++i) sources.push_back((o * dim + index) * inner + i);
    }
  }
  gather_elements(data, out[0], sources);
}

// ---- Expand / Tile ----

std::vector<ValueInfo> infer_expand(const OpContext& c) {
  const std::vector<std::int64_t> shape = constant_ints(c, 1, "shape");
  return {ValueInfo{c.dtype(0), kernels::broadcast_shapes({c.shape(0), shape}, c.node)}};
}

void compute_expand(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  gather_elements(c.value(0), out[0],
                  strided_sources(out[0].shape, kernels::broadcast_strides(c.shape(0), out[0].shape), 0));
}

std::vector<ValueInfo> infer_tile(const OpContext& c) {
  const std::vector<std::int64_t> repeats = constant_ints(c, 1, "repeats");
  Shape out = c.shape(0);
  if (repeats.size() != out.size()) throw std::runtime_error(c.node.describe() + ": repeats length differs from rank");
  for (std::size_t d = 0; d < out.size(); ++d) {
    if (repeats[d] < 0) {
      throw std::runtime_error(c.node.describe() + ": repeats " + shape_to_string(repeats) + " holds a negative value");
    }
    out[d] = checked_mul(out[d], repeats[d], c.node.describe() + " repeats");
  }
  return {ValueInfo{c.dtype(0), out}};
}

void compute_tile(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Shape& in = c.shape(0);
  gather_elements(c.value(0), out[0], strided_sources(out[0].shape, contiguous_strides(in), 0, &in));
}

}  // namespace

const std::vector<OpDefinition>& tensor_ops() {
  static const std::vector<OpDefinition> ops = {
      {"Reshape", infer_reshape, compute_copy},
      {"Flatten", infer_flatten, compute_copy},
      {"Squeeze", infer_squeeze, compute_copy},
      {"Unsqueeze", infer_unsqueeze, compute_copy},
      {"Transpose", infer_transpose, compute_transpose},
      {"Concat", infer_concat, compute_concat},
      {"Split", infer_split, compute_split},
      {"Slice", infer_slice, compute_slice},
      {"Gather", infer_gather, compute_gather},
      {"Expand", infer_expand, compute_expand},
      {"Tile", infer_tile, compute_tile},
  };
  return ops;
}

}  // namespace npusim::models
