// Conv and ConvTranspose operator definitions (shape inference + compute).
#include "models/executor/kernels/conv.h"
#include "models/executor/kernels/kernel_util.h"

namespace npusim::models {
namespace {

std::vector<ValueInfo> infer_conv(const OpContext& c) {
  kernels::require_float(c, 0);
  kernels::require_float(c, 1);
  const kernels::ConvGeometry geometry = kernels::resolve_conv_geometry(c.node, c.shape(0), c.shape(1));
  if (c.has_input(2) && c.shape(2) != Shape{geometry.out_channels}) {
    throw std::runtime_error(c.node.describe() + ": bias shape " + shape_to_string(c.shape(2)) + " should be [" +
                             std::to_string(geometry.out_channels) + "]");
  }
  return {ValueInfo{DataType::kFloat32, kernels::conv_output_shape(geometry)}};
}

void compute_conv(const OpContext& c, std::vector<Tensor>& out, KernelState& state) {
  const kernels::ConvGeometry geometry = kernels::resolve_conv_geometry(c.node, c.shape(0), c.shape(1));
  const float* bias = c.has_input(2) ? c.value(2).data.data() : nullptr;
  if (!kernels::conv_onednn(geometry, c.value(0).data.data(), c.value(1).data.data(), bias, out[0].data.data(), state)) {
    kernels::conv_reference(geometry, c.value(0).data.data(), c.value(1).data.data(), bias, out[0].data.data());
  }
}

}  // namespace

const std::vector<OpDefinition>& conv_ops() {
  static const std::vector<OpDefinition> ops = {
      {"Conv", infer_conv, compute_conv},
      {"ConvTranspose", infer_conv, compute_conv},
  };
  return ops;
}

}  // namespace npusim::models
