// Resize / Upsample sampling plans: for each resampled axis and each output index, the input
// indices it reads and their weights (ONNX coordinate transforms, nearest modes, linear and
// cubic kernels). The float kernel and the golden integer kernel share them, so both read
// the same taps; the integer kernel turns the weights into fixed point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/executor/op_registry.h"

namespace npusim::models::kernels {

struct ResizeTap {
  std::int64_t index;
  double weight;
};

struct ResizePlan {
  Shape out_shape;
  std::string mode;  // "nearest", "linear" or "cubic"
  float extrapolation_value = 0.0f;
  // Per axis: empty when the axis keeps its size and scale 1 (nothing to resample); else one
  // entry per output index with its taps (an empty entry: the extrapolation value).
  std::vector<std::vector<std::vector<ResizeTap>>> axes;
};

// Reads the node's attributes and constant inputs (scales, sizes, roi). Throws naming the
// node for unsupported settings.
ResizePlan plan_resize(const OpContext& context);
Shape resize_output_shape(const OpContext& context);

}  // namespace npusim::models::kernels
