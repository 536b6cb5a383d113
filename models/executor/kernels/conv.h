// Convolution and transposed convolution (ONNX Conv, ConvTranspose) in NCHW float32.
// 1-D convolutions are run as 2-D with a height of 1. Two implementations: oneDNN (fast,
// used by the executor) and plain nested loops (the reference the fast path is tested
// against, also the fallback for cases oneDNN does not take).
#pragma once

#include <cstdint>
#include <vector>

#include "models/executor/op_registry.h"

namespace npusim::models::kernels {

// Every convolution parameter resolved to numbers (auto_pad applied, 1-D promoted to 2-D).
struct ConvGeometry {
  std::int64_t batch = 1, in_channels = 0, in_height = 0, in_width = 0;
  std::int64_t out_channels = 0, out_height = 0, out_width = 0;
  std::int64_t kernel_height = 1, kernel_width = 1;
  std::int64_t stride_height = 1, stride_width = 1;
  std::int64_t dilation_height = 1, dilation_width = 1;
  std::int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  std::int64_t groups = 1;
  bool transposed = false;
  bool one_dimensional = false;  // the ONNX tensors are [N, C, L]
};

// Resolves Conv / ConvTranspose attributes against input and weight shapes (ONNX spec
// formulas for output size, auto_pad SAME_UPPER/SAME_LOWER/VALID, output_padding and
// output_shape). Throws naming the node on inconsistent shapes.
ConvGeometry resolve_conv_geometry(const Node& node, const Shape& input_shape, const Shape& weight_shape);
Shape conv_output_shape(const ConvGeometry& geometry);
// Multiply-accumulates of the whole convolution: Conv, every output element sums
// (C / groups) * kH * kW products; ConvTranspose, every input element scatters into
// (M / groups) * kH * kW outputs. The one MAC count of the project (`npusim info`, the golden
// executor's and the NPU model's layer tables all use it).
std::int64_t conv_macs(const ConvGeometry& geometry);
// Weight elements: M * (C / groups) * kH * kW (the same for both layouts).
std::int64_t conv_weight_count(const ConvGeometry& geometry);

// Reference: direct nested loops in double precision accumulation order of the spec
// (sum over input channels, then kernel rows, then columns). `bias` may be null.
// Weights: Conv [M, C/groups, kH, kW]; ConvTranspose [C, M/groups, kH, kW].
void conv_reference(const ConvGeometry& geometry, const float* input, const float* weights, const float* bias,
                    float* output);

// oneDNN: returns false (and computes nothing) when oneDNN cannot express the case, for
// instance a ConvTranspose whose output_padding exceeds the end padding.
bool conv_onednn(const ConvGeometry& geometry, const float* input, const float* weights, const float* bias,
                 float* output, KernelState& state);

}  // namespace npusim::models::kernels
