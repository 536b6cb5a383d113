// Resize (opsets 10 to 18) and the deprecated Upsample: nearest (every nearest_mode),
// linear and cubic, with every coordinate_transformation_mode of those opsets. Resizing is
// separable, so it runs one axis at a time: each output index along an axis reads a few
// input taps with weights (nearest: 1 tap, linear: 2, cubic: 4).
#include <algorithm>
#include <cmath>

#include "models/executor/kernels/kernel_util.h"
#include "models/executor/kernels/resize_taps.h"

namespace npusim::models {
namespace {

// One separable pass along `axis`: shape `in_shape` -> same shape with `out_len` there.
std::vector<float> resize_axis(const std::vector<float>& in, const Shape& in_shape, std::size_t axis,
                               const std::vector<std::vector<kernels::ResizeTap>>& plan, float extrapolation_value) {
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= in_shape[d];
  for (std::size_t d = axis + 1; d < in_shape.size(); ++d) inner *= in_shape[d];
  const std::int64_t in_len = in_shape[axis];
  const auto out_len = static_cast<std::int64_t>(plan.size());
  std::vector<float> out(static_cast<std::size_t>(outer * out_len * inner));
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t x = 0; x < out_len; ++x) {
      const std::vector<kernels::ResizeTap>& taps = plan[static_cast<std::size_t>(x)];
      float* destination = out.data() + (o * out_len + x) * inner;
      if (taps.empty()) {
        std::fill(destination, destination + inner, extrapolation_value);
        continue;
      }
      for (std::int64_t i = 0; i < inner; ++i) {
        double sum = 0.0;
        for (const kernels::ResizeTap& tap : taps) sum += tap.weight * in[static_cast<std::size_t>((o * in_len + tap.index) * inner + i)];
        destination[i] = static_cast<float>(sum);
      }
    }
  }
  return out;
}

std::vector<ValueInfo> infer_resize(const OpContext& c) {
  kernels::require_float(c, 0);
  return {ValueInfo{DataType::kFloat32, kernels::resize_output_shape(c)}};
}

void compute_resize(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const kernels::ResizePlan plan = kernels::plan_resize(c);
  std::vector<float> current = c.value(0).data;
  Shape shape = c.shape(0);
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    if (plan.axes[axis].empty()) continue;
    current = resize_axis(current, shape, axis, plan.axes[axis], plan.extrapolation_value);
    shape[axis] = plan.out_shape[axis];
  }
  out[0].data = std::move(current);
}

}  // namespace

const std::vector<OpDefinition>& resize_ops() {
  static const std::vector<OpDefinition> ops = {
      {"Resize", infer_resize, compute_resize},
      {"Upsample", infer_resize, compute_resize},
  };
  return ops;
}

}  // namespace npusim::models
