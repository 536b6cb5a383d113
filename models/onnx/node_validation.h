// Checks one node against the ONNX operator specification before its shapes are inferred:
// input and output counts, input element types (float, integer, bool, "same type T"),
// attribute kinds and ranges (kernel sizes, strides, dilations > 0, pads >= 0, auto_pad,
// Cast's target type ...), and per-channel parameters against the channel count.
// Shape arithmetic and allocation come after, so none of them ever sees such a node.
#pragma once

#include "models/executor/op_registry.h"

namespace npusim::models {

// Throws std::runtime_error naming the node, its op and the input or attribute at fault.
void validate_node(const OpContext& context);

// The largest value a size-like attribute (kernel_shape, strides, dilations, pads,
// output_padding, output_shape) may hold: a tensor has at most 2^31 elements, so no sensible
// geometry needs more, and capping them keeps every size product inside int64.
constexpr std::int64_t kMaxGeometryValue = std::int64_t(1) << 31;

}  // namespace npusim::models
