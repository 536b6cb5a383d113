// Pooling: MaxPool, AveragePool (1-D and 2-D, pads, auto_pad, ceil_mode, dilations,
// count_include_pad), GlobalAveragePool, GlobalMaxPool (any spatial rank).
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/executor/kernels/kernel_util.h"
#include "models/executor/kernels/pool_geometry.h"

namespace npusim::models {
namespace {

using kernels::PoolGeometry;
using kernels::resolve_pool;

std::vector<ValueInfo> infer_pool(const OpContext& c) {
  kernels::require_float(c, 0);
  if (c.node.outputs.size() > 1 && !c.node.outputs[1].empty()) {
    throw std::runtime_error(c.node.describe() + ": the Indices output of MaxPool is not supported");
  }
  return {ValueInfo{DataType::kFloat32, resolve_pool(c).out_shape}};
}

void compute_max_pool(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const PoolGeometry g = resolve_pool(c);
  const float* in = c.value(0).data.data();
  float* result = out[0].data.data();
  std::fill(out[0].data.begin(), out[0].data.end(), -std::numeric_limits<float>::infinity());  // padding never wins
  kernels::walk_pool_windows(
      g, [&](std::int64_t o, std::int64_t i) { result[o] = std::max(result[o], in[i]); },
      [](std::int64_t, std::int64_t, std::int64_t) {});
}

// AveragePool divisor: with count_include_pad the window clipped to the padded input
// (pads count, the extra ceil_mode overhang does not); without it, only real elements.
void compute_average_pool(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const PoolGeometry g = resolve_pool(c);
  const bool include_pad = c.node.attr_int("count_include_pad", 0) != 0;
  const float* in = c.value(0).data.data();
  float* result = out[0].data.data();
  double sum = 0.0;
  kernels::walk_pool_windows(
      g, [&](std::int64_t, std::int64_t i) { sum += in[i]; },
      [&](std::int64_t o, std::int64_t real, std::int64_t padded) {
        const std::int64_t divisor = include_pad ? padded : real;
        result[o] = divisor > 0 ? static_cast<float>(sum / static_cast<double>(divisor)) : 0.0f;
        sum = 0.0;
      });
}

std::vector<ValueInfo> infer_global_pool(const OpContext& c) {
  kernels::require_float(c, 0);
  Shape out = c.shape(0);
  if (out.size() < 3) throw std::runtime_error(c.node.describe() + ": input needs spatial dimensions");
  for (std::size_t d = 2; d < out.size(); ++d) out[d] = 1;
  return {ValueInfo{DataType::kFloat32, out}};
}

template <bool take_max>
void compute_global_pool(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& in = c.value(0);
  const std::int64_t planes = in.shape[0] * in.shape[1];
  const std::int64_t size = planes == 0 ? 0 : in.element_count() / planes;
  for (std::int64_t plane = 0; plane < planes; ++plane) {
    const float* x = in.data.data() + plane * size;
    if (take_max) {
      out[0].data[static_cast<std::size_t>(plane)] = *std::max_element(x, x + size);
    } else {
      double sum = 0.0;
      for (std::int64_t i = 0; i < size; ++i) sum += x[i];
      out[0].data[static_cast<std::size_t>(plane)] = static_cast<float>(sum / static_cast<double>(size));
    }
  }
}

}  // namespace

const std::vector<OpDefinition>& pool_ops() {
  static const std::vector<OpDefinition> ops = {
      {"MaxPool", infer_pool, compute_max_pool},
      {"AveragePool", infer_pool, compute_average_pool},
      {"GlobalAveragePool", infer_global_pool, compute_global_pool<false>},
      {"GlobalMaxPool", infer_global_pool, compute_global_pool<true>},
  };
  return ops;
}

}  // namespace npusim::models
