// The operations the integer NPU runs, and which graph nodes fuse into one (docs/golden.md,
// "Operations and fusion"). Calibration uses group_operations to decide what a QuantPlan
// describes; the golden executor uses group_from_nodes to rebuild and check a plan's
// operations against the graph. One rule set for both, so a plan always means one thing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/graph/graph.h"

namespace npusim::golden {

enum class OpKind {
  kConv,           // Conv / ConvTranspose (+ fused Relu, LeakyRelu or Clip)
  kGemm,           // Gemm, or MatMul with a constant right operand (+ fused activation)
  kMatMul,         // MatMul of two run-time tensors
  kAdd,            // Add / Sub of two tensors with scale alignment (+ fused Relu)
  kMul,            // Mul of two tensors
  kConcat,         // Concat: each input requantized to the output grid
  kLut,            // an element-wise region of one input (Sigmoid, Tanh, x*15, SiLU ...): a table
  kResizeNearest,  // Resize/Upsample nearest: codes moved
  kResizeLinear,   // Resize/Upsample linear: fixed-point interpolation weights
  kMaxPool,        // MaxPool / GlobalMaxPool: codes compared
  kAvgPool,        // AveragePool / GlobalAveragePool: sum, then divide in the requantization
  kMove,           // Reshape, Transpose, Slice, Pad ...: codes moved, grid unchanged
  kSoftmax,        // integer softmax (exp table, normalisation, log2 or affine output)
  kLayerNorm,      // integer layer normalisation (integer square root)
};

std::string_view op_kind_name(OpKind kind);  // "conv", "gemm", "matmul", "add", ...
std::optional<OpKind> parse_op_kind(std::string_view name);
// True for kinds whose output grid must equal their input's (codes are only moved).
bool is_code_preserving(OpKind kind);

struct OpGroup {
  OpKind kind = OpKind::kMove;
  std::string name;                   // the first node's name
  std::vector<std::size_t> nodes;     // indices into graph.nodes, in execution order
  std::vector<std::string> inputs;    // run-time values read from outside the group, in order of use
  std::vector<std::string> constants; // constant values the nodes read (weights first for MAC kinds)
  std::vector<std::string> outputs;   // values read after the group or graph outputs
};

// Splits graph.nodes (topologically sorted) into operations. Throws std::runtime_error naming
// the node for an operation the integer path cannot run.
std::vector<OpGroup> group_operations(const models::Graph& graph);

// The operation of `groups` (group_operations of the same graph) whose nodes are exactly
// the named ones; a plan names its operations' nodes and must fuse as the rules do. Throws
// naming `where` ("plan.json: operations[3]") and what the rules fuse instead.
const OpGroup& match_group(const models::Graph& graph, const std::vector<OpGroup>& groups,
                           const std::vector<std::string>& node_names, const std::string& where);

// The graph's node index by name; throws naming `where` when absent.
std::size_t find_node_index(const models::Graph& graph, const std::string& node_name, const std::string& where);

}  // namespace npusim::golden
