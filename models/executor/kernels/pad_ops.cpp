// Pad: constant, edge and reflect modes; pads and value as attributes before opset 11,
// as inputs from 11 on (optional axes input, opset 18).
#include <algorithm>
#include <cmath>

#include "models/executor/kernels/kernel_util.h"
#include "models/graph/checked_arithmetic.h"

namespace npusim::models {
namespace {

using kernels::constant_ints;
using kernels::contiguous_strides;
using kernels::normalize_axis;

// ---- Pad ----

struct PadSpec {
  std::vector<std::int64_t> begin, end;
  float value = 0.0f;
  std::string mode;
};

PadSpec pad_spec(const OpContext& c) {
  const auto rank = static_cast<std::int64_t>(c.shape(0).size());
  PadSpec spec;
  spec.mode = c.node.attr_string("mode", "constant");
  std::vector<std::int64_t> pads;
  if (c.node.opset < 11) {
    pads = c.node.attr_ints("pads", {});
    spec.value = c.node.attr_float("value", 0.0f);
  } else {
    pads = constant_ints(c, 1, "pads");
    if (c.has_input(2)) {
      const Tensor& value = c.constant(2, "constant_value");
      if (value.element_count() > 0) spec.value = value.is_float() ? value.data[0] : static_cast<float>(value.int_data[0]);
    }
  }
  std::vector<std::int64_t> axes;
  if (c.has_input(3)) {
    for (std::int64_t axis : constant_ints(c, 3, "axes")) axes.push_back(normalize_axis(axis, rank, c.node));
  } else {
    for (std::int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  if (pads.size() != 2 * axes.size()) {
    throw std::runtime_error(c.node.describe() + ": pads has " + std::to_string(pads.size()) + " values, expected " +
                             std::to_string(2 * axes.size()));
  }
  spec.begin.assign(static_cast<std::size_t>(rank), 0);
  spec.end.assign(static_cast<std::size_t>(rank), 0);
  for (std::size_t i = 0; i < axes.size(); ++i) {
    spec.begin[static_cast<std::size_t>(axes[i])] = pads[i];
    spec.end[static_cast<std::size_t>(axes[i])] = pads[i + axes.size()];
  }
  if (spec.mode != "constant" && spec.mode != "reflect" && spec.mode != "edge") {
    throw std::runtime_error(c.node.describe() + ": unsupported pad mode '" + spec.mode + "'");
  }
  return spec;
}

std::vector<ValueInfo> infer_pad(const OpContext& c) {
  const PadSpec spec = pad_spec(c);
  Shape out = c.shape(0);
  for (std::size_t d = 0; d < out.size(); ++d) {
    const std::string what = c.node.describe() + ": pads of axis " + std::to_string(d);
    out[d] = checked_add(out[d], checked_add(spec.begin[d], spec.end[d], what), what);
    if (out[d] < 0) throw std::runtime_error(c.node.describe() + ": negative pads remove more than the dimension");
    if (spec.mode == "reflect" && (spec.begin[d] >= c.shape(0)[d] || spec.end[d] >= c.shape(0)[d]) &&
        (spec.begin[d] > 0 || spec.end[d] > 0)) {
      throw std::runtime_error(c.node.describe() + ": reflect pads must be smaller than the dimension");
    }
  }
  return {ValueInfo{c.dtype(0), out}};
}

void compute_pad(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const PadSpec spec = pad_spec(c);
  const Tensor& in = c.value(0);
  const Shape& out_shape = out[0].shape;
  const std::vector<std::int64_t> in_strides = contiguous_strides(in.shape);
  std::vector<std::int64_t> index(out_shape.size(), 0);
  const std::int64_t total = out[0].element_count();
  for (std::int64_t i = 0; i < total; ++i) {
    std::int64_t offset = 0;
    bool outside = false;
    for (std::size_t d = 0; d < out_shape.size(); ++d) {
      std::int64_t x = index[d] - spec.begin[d];
      const std::int64_t dim = in.shape[d];
      if (x < 0 || x >= dim) {
        if (spec.mode == "constant") { outside = true; break; }
        if (spec.mode == "edge") x = std::clamp<std::int64_t>(x, 0, dim - 1);
        else x = x < 0 ? -x : 2 * (dim - 1) - x;  // reflect, edge not repeated
      }
      offset += x * in_strides[d];
    }
    if (out[0].is_float()) out[0].data[static_cast<std::size_t>(i)] = outside ? spec.value : in.data[static_cast<std::size_t>(offset)];
    else out[0].int_data[static_cast<std::size_t>(i)] = outside ? static_cast<std::int64_t>(spec.value) : in.int_data[static_cast<std::size_t>(offset)];
    for (std::size_t d = out_shape.size(); d-- > 0;) {
      if (++index[d] < out_shape[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace

const std::vector<OpDefinition>& pad_ops() {
  static const std::vector<OpDefinition> ops = {
      {"Pad", infer_pad, compute_pad},
  };
  return ops;
}

}  // namespace npusim::models
