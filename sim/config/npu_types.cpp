#include "sim/config/npu_types.h"

namespace npusim::sim {

std::string_view dataflow_name(Dataflow dataflow) {
  switch (dataflow) {
    case Dataflow::kWeightStationary: return "ws";
    case Dataflow::kOutputStationary: return "os";
    case Dataflow::kInputStationary: return "is";
  }
  return "?";
}

std::optional<Dataflow> parse_dataflow(std::string_view name) {
  for (Dataflow d : {Dataflow::kWeightStationary, Dataflow::kOutputStationary, Dataflow::kInputStationary}) {
    if (dataflow_name(d) == name) return d;
  }
  return std::nullopt;
}

std::string_view precision_name(Precision precision) {
  switch (precision) {
    case Precision::kInt8: return "int8";
    case Precision::kInt16: return "int16";
    case Precision::kFp16: return "fp16";
    case Precision::kBf16: return "bf16";
  }
  return "?";
}

std::optional<Precision> parse_precision(std::string_view name) {
  for (Precision p : kAllPrecisions) {
    if (precision_name(p) == name) return p;
  }
  return std::nullopt;
}

std::string_view vector_op_name(VectorOp op) {
  switch (op) {
    case VectorOp::kAdd: return "add";
    case VectorOp::kMul: return "mul";
    case VectorOp::kActivation: return "activation";
    case VectorOp::kMaxPool: return "max_pool";
    case VectorOp::kAvgPool: return "avg_pool";
    case VectorOp::kResizeNearest: return "resize_nearest";
    case VectorOp::kResizeLinear: return "resize_linear";
    case VectorOp::kConcat: return "concat";
    case VectorOp::kLookup: return "lookup";
    case VectorOp::kSoftmax: return "softmax";
    case VectorOp::kLayerNorm: return "layer_norm";
    case VectorOp::kReduce: return "reduce";
  }
  return "?";
}

std::optional<VectorOp> parse_vector_op(std::string_view name) {
  for (VectorOp op : kAllVectorOps) {
    if (vector_op_name(op) == name) return op;
  }
  return std::nullopt;
}

}  // namespace npusim::sim
