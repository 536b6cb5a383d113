#include "models/executor/kernels/resize_taps.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/executor/kernels/kernel_util.h"

namespace npusim::models::kernels {
namespace {

struct ResizeSpec {
  Shape out_shape;
  std::vector<float> scales;          // per axis, as used by the coordinate transform
  std::vector<float> roi_start, roi_end;  // tf_crop_and_resize only (normalised)
  std::string mode = "nearest";
  std::string coordinate_mode = "half_pixel";
  std::string nearest_mode = "round_prefer_floor";
  float cubic_a = -0.75f;
  bool exclude_outside = false;
  float extrapolation_value = 0.0f;
};

ResizeSpec resize_spec(const OpContext& c) {
  const Node& node = c.node;
  const Shape& in = c.shape(0);
  const std::size_t rank = in.size();
  ResizeSpec spec;
  spec.mode = node.attr_string("mode", "nearest");
  std::vector<float> scales;
  std::vector<std::int64_t> sizes;
  if (node.op_type == "Upsample") {
    spec.coordinate_mode = "asymmetric";  // Upsample's only behaviour
    scales = node.opset < 9 ? node.attr_floats("scales", {}) : kernels::constant_floats(c, 1, "scales");
  } else if (node.opset < 11) {
    spec.coordinate_mode = "asymmetric";  // Resize-10 behaves like asymmetric
    scales = kernels::constant_floats(c, 1, "scales");
  } else {
    spec.coordinate_mode = node.attr_string("coordinate_transformation_mode", "half_pixel");
    spec.nearest_mode = node.attr_string("nearest_mode", "round_prefer_floor");
    spec.cubic_a = node.attr_float("cubic_coeff_a", -0.75f);
    spec.exclude_outside = node.attr_int("exclude_outside", 0) != 0;
    spec.extrapolation_value = node.attr_float("extrapolation_value", 0.0f);
    if (node.attr_int("antialias", 0) != 0) throw std::runtime_error(node.describe() + ": antialias is not supported");
    if (node.has_attribute("axes")) throw std::runtime_error(node.describe() + ": the axes attribute is not supported");
    if (c.has_input(3)) sizes = kernels::constant_ints(c, 3, "sizes");
    if (c.has_input(2)) scales = kernels::constant_floats(c, 2, "scales");
    if (spec.coordinate_mode == "tf_crop_and_resize") {
      const std::vector<float> roi = kernels::constant_floats(c, 1, "roi");
      if (roi.size() != 2 * rank) throw std::runtime_error(node.describe() + ": roi needs 2 x rank values");
      spec.roi_start.assign(roi.begin(), roi.begin() + static_cast<std::ptrdiff_t>(rank));
      spec.roi_end.assign(roi.begin() + static_cast<std::ptrdiff_t>(rank), roi.end());
    }
  }
  if (spec.mode != "nearest" && spec.mode != "linear" && spec.mode != "bilinear" && spec.mode != "cubic") {
    throw std::runtime_error(node.describe() + ": unsupported mode '" + spec.mode + "'");
  }
  if (spec.mode == "bilinear") spec.mode = "linear";  // Upsample-7 spelling
  if (!sizes.empty()) {
    if (sizes.size() != rank) throw std::runtime_error(node.describe() + ": sizes needs one value per axis");
    spec.out_shape = sizes;
    for (std::size_t d = 0; d < rank; ++d) spec.scales.push_back(static_cast<float>(sizes[d]) / static_cast<float>(in[d]));
  } else {
    if (scales.size() != rank) {
      throw std::runtime_error(node.describe() + ": scales has " + std::to_string(scales.size()) +
                               " values, the input has rank " + std::to_string(rank));
    }
    spec.scales = scales;
    for (std::size_t d = 0; d < rank; ++d) {
      if (!(scales[d] > 0.0f)) throw std::runtime_error(node.describe() + ": scales must be positive");
      // floor(in * scale), computed in float as the spec and ONNX Runtime do. Checked before
      // the conversion: a float beyond int64's range converts with undefined behaviour.
      const float out = std::floor(static_cast<float>(in[d]) * scales[d]);
      if (!(out < 0x1p62f)) {
        throw std::runtime_error(node.describe() + ": scales[" + std::to_string(d) + "] = " +
                                 std::to_string(scales[d]) + " makes output dimension " + std::to_string(d) +
                                 " too large");
      }
      spec.out_shape.push_back(static_cast<std::int64_t>(out));
    }
  }
  return spec;
}

// Output coordinate -> input coordinate along one axis (ONNX Resize spec formulas).
// Returns false for tf_crop_and_resize coordinates outside the input (extrapolation).
bool original_coordinate(const ResizeSpec& spec, std::size_t axis, std::int64_t x_out, std::int64_t in_len,
                         std::int64_t out_len, double* x_in) {
  const double x = static_cast<double>(x_out);
  const double scale = spec.scales[axis];
  const std::string& mode = spec.coordinate_mode;
  if (mode == "half_pixel") {
    *x_in = (x + 0.5) / scale - 0.5;
  } else if (mode == "pytorch_half_pixel") {
    *x_in = out_len > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
  } else if (mode == "align_corners") {
    *x_in = out_len == 1 ? 0.0 : x * static_cast<double>(in_len - 1) / static_cast<double>(out_len - 1);
  } else if (mode == "asymmetric") {
    *x_in = x / scale;
  } else if (mode == "tf_half_pixel_for_nn") {
    *x_in = (x + 0.5) / scale;
  } else if (mode == "half_pixel_symmetric") {
    const double adjustment = static_cast<double>(out_len) / (scale * static_cast<double>(in_len));
    const double center = static_cast<double>(in_len) / 2.0;
    *x_in = center * (1.0 - adjustment) + (x + 0.5) / scale - 0.5;
  } else if (mode == "tf_crop_and_resize") {
    const double start = spec.roi_start[axis], end = spec.roi_end[axis];
    *x_in = out_len > 1 ? start * static_cast<double>(in_len - 1) +
                              x * (end - start) * static_cast<double>(in_len - 1) / static_cast<double>(out_len - 1)
                        : 0.5 * (start + end) * static_cast<double>(in_len - 1);
    return *x_in >= 0.0 && *x_in <= static_cast<double>(in_len - 1);
  } else {
    throw std::runtime_error("unsupported coordinate_transformation_mode '" + mode + "'");
  }
  return true;
}

// Input index for a nearest sample at coordinate x. Only the round_* modes differ on exact
// halves (x - floor(x) == 0.5); the caller clamps the result into [0, length - 1].
std::int64_t nearest_index(const std::string& nearest_mode, double x) {
  const double floor_x = std::floor(x);
  const bool tie = x - floor_x == 0.5;
  if (nearest_mode == "round_prefer_floor") return static_cast<std::int64_t>(tie ? floor_x : std::round(x));
  if (nearest_mode == "round_prefer_ceil") return static_cast<std::int64_t>(tie ? floor_x + 1.0 : std::round(x));
  if (nearest_mode == "floor") return static_cast<std::int64_t>(floor_x);
  if (nearest_mode == "ceil") return static_cast<std::int64_t>(std::ceil(x));
  throw std::runtime_error("unsupported nearest_mode '" + nearest_mode + "'");
}

// Keys cubic convolution kernel with coefficient a (A = -0.75 in ONNX, -0.5 in TF).
double cubic_weight(double t, double a) {
  t = std::fabs(t);
  if (t <= 1.0) return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
  if (t < 2.0) return ((a * t - 5.0 * a) * t + 8.0 * a) * t - 4.0 * a;
  return 0.0;
}

std::vector<std::vector<ResizeTap>> plan_axis(const ResizeSpec& spec, std::size_t axis, std::int64_t in_len, std::int64_t out_len) {
  std::vector<std::vector<ResizeTap>> plan(static_cast<std::size_t>(out_len));
  for (std::int64_t o = 0; o < out_len; ++o) {
    double x = 0.0;
    if (!original_coordinate(spec, axis, o, in_len, out_len, &x)) continue;
    std::vector<ResizeTap>& taps = plan[static_cast<std::size_t>(o)];
    if (spec.mode == "nearest") {
      taps.push_back({std::clamp<std::int64_t>(nearest_index(spec.nearest_mode, x), 0, in_len - 1), 1.0});
    } else if (spec.mode == "linear") {
      // Coordinates outside [0, in_len - 1] read the edge (the clamped neighbours coincide).
      const double clamped = std::clamp(x, 0.0, static_cast<double>(in_len - 1));
      const auto low = static_cast<std::int64_t>(std::floor(clamped));
      const double fraction = clamped - static_cast<double>(low);
      taps.push_back({low, 1.0 - fraction});
      taps.push_back({std::min(low + 1, in_len - 1), fraction});
    } else {  // cubic: 4 taps around floor(x); outside taps read the edge or, with exclude_outside, drop out
      const auto base = static_cast<std::int64_t>(std::floor(x));
      double total = 0.0;
      for (std::int64_t k = -1; k <= 2; ++k) {
        const std::int64_t index = base + k;
        double weight = cubic_weight(x - static_cast<double>(index), spec.cubic_a);
        if (spec.exclude_outside && (index < 0 || index >= in_len)) weight = 0.0;
        total += weight;
        taps.push_back({std::clamp<std::int64_t>(index, 0, in_len - 1), weight});
      }
      if (spec.exclude_outside && total != 0.0) for (ResizeTap& tap : taps) tap.weight /= total;
    }
  }
  return plan;
}

}  // namespace

ResizePlan plan_resize(const OpContext& c) {
  const ResizeSpec spec = resize_spec(c);
  ResizePlan plan;
  plan.out_shape = spec.out_shape;
  plan.mode = spec.mode;
  plan.extrapolation_value = spec.extrapolation_value;
  const Shape& in = c.shape(0);
  plan.axes.resize(in.size());
  for (std::size_t axis = 0; axis < in.size(); ++axis) {
    const bool identity = spec.out_shape[axis] == in[axis] && spec.coordinate_mode != "tf_crop_and_resize" &&
                          spec.scales[axis] == 1.0f;
    if (identity) continue;  // scale 1 maps every index onto itself in every mode
    plan.axes[axis] = plan_axis(spec, axis, in[axis], spec.out_shape[axis]);
  }
  return plan;
}

Shape resize_output_shape(const OpContext& c) { return resize_spec(c).out_shape; }

}  // namespace npusim::models::kernels
