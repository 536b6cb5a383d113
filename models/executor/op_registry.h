// One entry per supported ONNX operator: how to infer its output types from its inputs,
// and how to compute it in FP32 with exact ONNX semantics. The importer uses `infer` for
// shape inference and `compute` for constant folding; the float executor uses `compute`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/graph/graph.h"

namespace npusim::models {

// What a kernel sees of one node. In shape inference `input_values[i]` is set only for
// inputs that are constants; in execution every present input has a value.
struct OpContext {
  const Node& node;
  std::vector<const ValueInfo*> input_types;  // nullptr for an omitted optional input
  std::vector<const Tensor*> input_values;    // nullptr for omitted or not-yet-known inputs

  std::size_t input_count() const { return input_types.size(); }
  bool has_input(std::size_t index) const { return index < input_types.size() && input_types[index] != nullptr; }
  const Shape& shape(std::size_t index) const;    // throws naming the node when absent
  DataType dtype(std::size_t index) const;
  // The value of a constant input (Reshape's shape, Slice's starts ...). Throws naming the
  // node and input when the value is not known before running (not a constant).
  const Tensor& constant(std::size_t index, const char* what) const;
  const Tensor& value(std::size_t index) const;  // in execution: the input tensor
};

// Per-node state a kernel may keep between runs (oneDNN primitives, reordered weights).
using KernelState = std::shared_ptr<void>;

using InferFn = std::vector<ValueInfo> (*)(const OpContext& context);
// `outputs` arrive allocated with the inferred shapes and types.
using ComputeFn = void (*)(const OpContext& context, std::vector<Tensor>& outputs, KernelState& state);

struct OpDefinition {
  const char* op_type;
  InferFn infer;
  ComputeFn compute;
  // Shape and Size need only their input's shape: they fold even when the input is not constant.
  bool shape_only = false;
};

// Finds the definition for a default-domain ("" or "ai.onnx") operator, or nullptr.
const OpDefinition* find_op(const std::string& op_type);
// Every supported operator type, sorted, comma separated (for the unsupported-op error).
std::string supported_op_list();
std::vector<std::string> supported_op_types();

// Registration tables, one per kernels/*.cpp file.
const std::vector<OpDefinition>& elementwise_ops();
const std::vector<OpDefinition>& conv_ops();
const std::vector<OpDefinition>& pool_ops();
const std::vector<OpDefinition>& resize_ops();
const std::vector<OpDefinition>& matmul_ops();
const std::vector<OpDefinition>& normalization_ops();
const std::vector<OpDefinition>& tensor_ops();
const std::vector<OpDefinition>& reduce_ops();
const std::vector<OpDefinition>& pad_ops();
const std::vector<OpDefinition>& shape_arithmetic_ops();
const std::vector<OpDefinition>& quantize_ops();

}  // namespace npusim::models
