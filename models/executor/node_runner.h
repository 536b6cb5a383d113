// Runs one graph node on tensors the caller supplies, outside a FloatExecutor: the float
// kernels of op_registry.h with shapes inferred from the given tensors. The golden
// executor uses it for the float semantics it shares with the FP32 path (data movement on
// codes, float-domain operations, evaluating fused element-wise regions for lookup tables).
#pragma once

#include <vector>

#include "models/graph/graph.h"

namespace npusim::models {

// `inputs[i]` is the value of node.inputs[i] (nullptr for an omitted optional input).
// Constant inputs the kernel reads at inference (Reshape's shape, Resize's scales ...) must
// be given too. Throws naming the node on any problem (unsupported operator included).
std::vector<Tensor> run_node(const Node& node, const std::vector<const Tensor*>& inputs);

}  // namespace npusim::models
