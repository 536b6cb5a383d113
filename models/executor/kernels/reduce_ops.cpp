// Reductions: ReduceMean (the decomposed LayerNorm older exporters emit), ReduceSum,
// ReduceMax, ReduceMin, ReduceProd, ReduceL2, ReduceSumSquare. Axes come from the `axes`
// attribute (opset < 18; ReduceSum < 13) or the second input; keepdims defaults to 1;
// no axes means every axis unless noop_with_empty_axes is set.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/executor/kernels/kernel_util.h"

namespace npusim::models {
namespace {

enum class Reduce { kMean, kSum, kMax, kMin, kProd, kL2, kSumSquare };

struct ReducePlan {
  std::vector<bool> reduced;  // per input axis
  Shape out_shape;
};

ReducePlan reduce_plan(const OpContext& c) {
  const Shape& in = c.shape(0);
  const auto rank = static_cast<std::int64_t>(in.size());
  const bool axes_as_input = c.node.opset >= 18 || (c.node.op_type == "ReduceSum" && c.node.opset >= 13);
  std::vector<std::int64_t> axes;
  if (axes_as_input) {
    if (c.has_input(1)) axes = kernels::constant_ints(c, 1, "axes");
  } else {
    axes = c.node.attr_ints("axes", {});
  }
  const bool keep_dims = c.node.attr_int("keepdims", 1) != 0;
  ReducePlan plan;
  plan.reduced.assign(in.size(), axes.empty() && c.node.attr_int("noop_with_empty_axes", 0) == 0);
  for (std::int64_t axis : axes) plan.reduced[static_cast<std::size_t>(kernels::normalize_axis(axis, rank, c.node))] = true;
  for (std::size_t d = 0; d < in.size(); ++d) {
    if (!plan.reduced[d]) plan.out_shape.push_back(in[d]);
    else if (keep_dims) plan.out_shape.push_back(1);
  }
  return plan;
}

std::vector<ValueInfo> infer_reduce(const OpContext& c) { return {ValueInfo{c.dtype(0), reduce_plan(c).out_shape}}; }

template <Reduce kind>
void compute_reduce(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const ReducePlan plan = reduce_plan(c);
  const Tensor& x = c.value(0);
  const Shape& in = x.shape;
  // Output index of every input element: reduced axes contribute nothing.
  Shape kept;
  for (std::size_t d = 0; d < in.size(); ++d) kept.push_back(plan.reduced[d] ? 1 : in[d]);
  const std::vector<std::int64_t> kept_strides = kernels::contiguous_strides(kept);
  const std::int64_t out_count = checked_element_count(kept, c.node.describe());
  double initial = 0.0;
  if (kind == Reduce::kMax) initial = -std::numeric_limits<double>::infinity();
  if (kind == Reduce::kMin) initial = std::numeric_limits<double>::infinity();
  if (kind == Reduce::kProd) initial = 1.0;
  std::vector<double> accumulator(static_cast<std::size_t>(out_count), initial);
  std::vector<std::int64_t> index(in.size(), 0);
  const std::int64_t total = x.element_count();
  for (std::int64_t i = 0; i < total; ++i) {
    std::int64_t target = 0;
    for (std::size_t d = 0; d < in.size(); ++d) if (!plan.reduced[d]) target += index[d] * kept_strides[d];
    const double value = kernels::element_as_double(x, i);
    double& slot = accumulator[static_cast<std::size_t>(target)];
    switch (kind) {
      case Reduce::kMean: case Reduce::kSum: slot += value; break;
      case Reduce::kMax: slot = std::max(slot, value); break;
      case Reduce::kMin: slot = std::min(slot, value); break;
      case Reduce::kProd: slot *= value; break;
      case Reduce::kL2: case Reduce::kSumSquare: slot += value * value; break;
    }
    for (std::size_t d = in.size(); d-- > 0;) {
      if (++index[d] < in[d]) break;
      index[d] = 0;
    }
  }
  const double count = out_count == 0 ? 1.0 : static_cast<double>(total) / static_cast<double>(out_count);
  for (std::int64_t o = 0; o < out_count; ++o) {
    double value = accumulator[static_cast<std::size_t>(o)];
    if (kind == Reduce::kMean) value /= count;
    if (kind == Reduce::kL2) value = std::sqrt(value);
    kernels::store_element(out[0], o, value);
  }
}

}  // namespace

const std::vector<OpDefinition>& reduce_ops() {
  static const std::vector<OpDefinition> ops = {
      {"ReduceMean", infer_reduce, compute_reduce<Reduce::kMean>},
      {"ReduceSum", infer_reduce, compute_reduce<Reduce::kSum>},
      {"ReduceMax", infer_reduce, compute_reduce<Reduce::kMax>},
      {"ReduceMin", infer_reduce, compute_reduce<Reduce::kMin>},
      {"ReduceProd", infer_reduce, compute_reduce<Reduce::kProd>},
      {"ReduceL2", infer_reduce, compute_reduce<Reduce::kL2>},
      {"ReduceSumSquare", infer_reduce, compute_reduce<Reduce::kSumSquare>},
  };
  return ops;
}

}  // namespace npusim::models
