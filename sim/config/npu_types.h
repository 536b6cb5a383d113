// Small vocabularies shared by the NPU configuration, the compiler and the model: the MAC
// array dataflows, the arithmetic precisions, and the vector unit's operations. Each has one
// contract name (what JSON files and command lines spell) and a parser.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace npusim::sim {

// Which GEMM operand stays in the processing elements while the others stream past
// (SCALE-Sim's "ws", "os", "is").
enum class Dataflow { kWeightStationary, kOutputStationary, kInputStationary };
std::string_view dataflow_name(Dataflow dataflow);  // "ws", "os", "is"
std::optional<Dataflow> parse_dataflow(std::string_view name);

// The multiplier/accumulator arithmetic of a MAC layer.
enum class Precision { kInt8, kInt16, kFp16, kBf16 };
inline constexpr std::array<Precision, 4> kAllPrecisions = {Precision::kInt8, Precision::kInt16, Precision::kFp16,
                                                           Precision::kBf16};
std::string_view precision_name(Precision precision);  // "int8", "int16", "fp16", "bf16"
std::optional<Precision> parse_precision(std::string_view name);

// Operations of the vector unit (everything that is not a MAC-array layer and not pure data
// movement). Throughput is configured per operation, in input elements per cycle.
enum class VectorOp {
  kAdd,         // elementwise add / sub (residuals)
  kMul,         // elementwise multiply
  kActivation,  // relu, leaky relu, clip applied on their own
  kMaxPool,
  kAvgPool,     // including global average pooling
  kResizeNearest,  // nearest-neighbour upsampling: codes moved
  kResizeLinear,   // (bi)linear upsampling: fixed-point interpolation
  kConcat,      // channel concatenation done by the vector unit (each input requantized)
  kLookup,      // an element-wise table lookup: sigmoid, tanh, SiLU, exp ...
  kSoftmax,     // exp lookup + reduction + divide
  kLayerNorm,   // mean, variance, normalise
  kReduce,      // sum / mean / max over an axis
};
inline constexpr std::array<VectorOp, 12> kAllVectorOps = {
    VectorOp::kAdd,           VectorOp::kMul,          VectorOp::kActivation, VectorOp::kMaxPool,
    VectorOp::kAvgPool,       VectorOp::kResizeNearest, VectorOp::kResizeLinear, VectorOp::kConcat,
    VectorOp::kLookup,        VectorOp::kSoftmax,      VectorOp::kLayerNorm,  VectorOp::kReduce};
// "add", "mul", "activation", "max_pool", "avg_pool", "resize_nearest", "resize_linear",
// "concat", "lookup", "softmax", "layer_norm", "reduce" (the golden executor's operation kinds,
// models/golden/op_groups.h, map onto these one to one where they run on the vector unit)
std::string_view vector_op_name(VectorOp op);
std::optional<VectorOp> parse_vector_op(std::string_view name);

}  // namespace npusim::sim
