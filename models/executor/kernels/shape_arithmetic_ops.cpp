// The shape arithmetic exporters emit for sizes: Shape, Size, Cast, ConstantOfShape, Range.
// The importer folds them (Shape and Size need only their input's static shape).
#include <algorithm>
#include <cmath>

#include "models/executor/kernels/kernel_util.h"
#include "models/graph/checked_arithmetic.h"
#include "quant/formats/float_formats.h"

namespace npusim::models {
namespace {

using kernels::constant_ints;
using kernels::contiguous_strides;
using kernels::normalize_axis;

// ---- Shape arithmetic ----

std::vector<ValueInfo> infer_shape(const OpContext& c) {
  const auto rank = static_cast<std::int64_t>(c.shape(0).size());
  // Opset 15 start/end: negative values count from the end; both are clamped to [0, rank].
  std::int64_t start = c.node.attr_int("start", 0);
  std::int64_t end = c.node.attr_int("end", rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<std::int64_t>(start, 0, rank);
  end = std::clamp<std::int64_t>(end, 0, rank);
  return {ValueInfo{DataType::kInt64, {std::max<std::int64_t>(0, end - start)}}};
}

void compute_shape(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Shape& in = c.shape(0);
  const auto rank = static_cast<std::int64_t>(in.size());
  std::int64_t start = c.node.attr_int("start", 0);
  if (start < 0) start += rank;
  start = std::clamp<std::int64_t>(start, 0, rank);
  for (std::size_t i = 0; i < out[0].int_data.size(); ++i) out[0].int_data[i] = in[static_cast<std::size_t>(start) + i];
}

std::vector<ValueInfo> infer_size(const OpContext&) { return {ValueInfo{DataType::kInt64, {}}}; }
void compute_size(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  out[0].int_data[0] = checked_element_count(c.shape(0), c.node.describe());
}

DataType data_type_for_onnx_code(std::int64_t code) {
  switch (code) {
    case 1: case 10: case 11: case 16: return DataType::kFloat32;  // float, float16, double, bfloat16
    case 9: return DataType::kBool;
    default: return DataType::kInt64;
  }
}

std::vector<ValueInfo> infer_cast(const OpContext& c) {
  return {ValueInfo{data_type_for_onnx_code(c.node.attr_int("to", 1)), c.shape(0)}};
}

void compute_cast(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& in = c.value(0);
  Tensor& result = out[0];
  if (!in.is_float() && !result.is_float()) {
    for (std::size_t i = 0; i < in.int_data.size(); ++i) {
      result.int_data[i] = result.dtype == DataType::kBool ? (in.int_data[i] != 0) : in.int_data[i];
    }
    return;
  }
  for (std::int64_t i = 0; i < in.element_count(); ++i) {
    kernels::store_element(result, i, kernels::element_as_double(in, i));
  }
  // Casts to float16 / bfloat16 keep float32 storage but round to the target format
  // (nearest even, IEEE overflow to inf), as a float16 tensor would hold them.
  const std::int64_t to = c.node.attr_int("to", 1);
  if (to == 10) for (float& value : result.data) value = quant::round_to_minifloat(value, quant::kFp16);
  if (to == 16) for (float& value : result.data) value = quant::round_to_minifloat(value, quant::kBf16);
}

std::vector<ValueInfo> infer_constant_of_shape(const OpContext& c) {
  const std::vector<std::int64_t> shape = constant_ints(c, 0, "shape");
  DataType dtype = DataType::kFloat32;
  if (c.node.has_attribute("value")) {
    const Attribute& value = c.node.attributes.at("value");
    if (value.kind != Attribute::Kind::kTensor || !value.tensor || value.tensor->element_count() != 1) {
      throw std::runtime_error(c.node.describe() + ": attribute 'value' must be a one-element tensor");
    }
    dtype = value.tensor->dtype;
  }
  return {ValueInfo{dtype, shape}};
}

void compute_constant_of_shape(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  if (!c.node.has_attribute("value")) return;  // already zero-filled
  const Tensor& value = *c.node.attributes.at("value").tensor;
  if (value.is_float()) std::fill(out[0].data.begin(), out[0].data.end(), value.data.at(0));
  else std::fill(out[0].int_data.begin(), out[0].int_data.end(), value.int_data.at(0));
}

std::vector<ValueInfo> infer_range(const OpContext& c) {
  const Tensor& start_tensor = c.constant(0, "start");
  const Tensor& limit_tensor = c.constant(1, "limit");
  const Tensor& delta_tensor = c.constant(2, "delta");
  for (const Tensor* tensor : {&start_tensor, &limit_tensor, &delta_tensor}) {
    if (tensor->element_count() != 1) throw std::runtime_error(c.node.describe() + ": start, limit and delta must be scalars");
  }
  std::int64_t count = 0;
  if (!start_tensor.is_float()) {
    // ONNX: max(ceil((limit - start) / delta), 0), computed without wrapping.
    const std::int64_t start = start_tensor.int_data[0], limit = limit_tensor.int_data[0];
    const std::int64_t delta = delta_tensor.int_data[0];
    if (delta == 0) throw std::runtime_error(c.node.describe() + ": delta is 0");
    const __int128 span = static_cast<__int128>(limit) - start;
    __int128 steps = span / delta;
    if (steps * delta != span && (span > 0) == (delta > 0)) ++steps;  // ceil for same-sign operands
    count = steps <= 0 ? 0 : steps > kMaxTensorElements ? kMaxTensorElements + 1 : static_cast<std::int64_t>(steps);
  } else {
    const double start = start_tensor.data[0], limit = limit_tensor.data[0], delta = delta_tensor.data[0];
    if (!std::isfinite(start) || !std::isfinite(limit) || !std::isfinite(delta) || delta == 0.0) {
      throw std::runtime_error(c.node.describe() + ": start, limit and delta must be finite and delta non-zero");
    }
    const double steps = std::ceil((limit - start) / delta);
    count = !(steps > 0.0) ? 0 : steps > static_cast<double>(kMaxTensorElements) ? kMaxTensorElements + 1
                                                                                 : static_cast<std::int64_t>(steps);
  }
  if (count > kMaxTensorElements) {
    throw std::runtime_error(c.node.describe() + ": the range has more than 2^31 elements");
  }
  return {ValueInfo{c.dtype(0), {count}}};
}

void compute_range(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  if (!c.value(0).is_float()) {  // exact in int64 (a double loses precision past 2^53)
    const std::int64_t start = c.value(0).int_data.at(0), delta = c.value(2).int_data.at(0);
    for (std::int64_t i = 0; i < out[0].element_count(); ++i) {
      out[0].int_data[static_cast<std::size_t>(i)] = wrapping_add(start, wrapping_mul(i, delta));
    }
    return;
  }
  const double start = kernels::element_as_double(c.value(0), 0);
  const double delta = kernels::element_as_double(c.value(2), 0);
  for (std::int64_t i = 0; i < out[0].element_count(); ++i) {
    kernels::store_element(out[0], i, start + static_cast<double>(i) * delta);
  }
}

}  // namespace

const std::vector<OpDefinition>& shape_arithmetic_ops() {
  static const std::vector<OpDefinition> ops = {
      {"Shape", infer_shape, compute_shape, /*shape_only=*/true},
      {"Size", infer_size, compute_size, /*shape_only=*/true},
      {"Cast", infer_cast, compute_cast},
      {"ConstantOfShape", infer_constant_of_shape, compute_constant_of_shape},
      {"Range", infer_range, compute_range},
  };
  return ops;
}

}  // namespace npusim::models
