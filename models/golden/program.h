// A network lowered for the NPU: the graph's operations (op_groups.h) with every integer
// parameter resolved from a QuantPlan (weight codes, integer biases, requantization per
// channel, lookup tables, fixed-point interpolation weights). The golden executor runs it;
// the NPU compiler maps the same operations onto hardware units, so both compute from one
// description. docs/golden.md defines each kind's arithmetic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "models/executor/kernels/conv.h"
#include "models/executor/kernels/pool_geometry.h"
#include "models/golden/golden_tensor.h"
#include "models/golden/op_groups.h"
#include "models/graph/graph.h"
#include "quant/plan/quant_plan.h"

namespace npusim::golden {

// The output stage of an integer operation: one requantization per tensor, or one per index
// of `axis` of the output (per output channel).
struct RequantStage {
  quant::RoundingMode mode = quant::RoundingMode::kHalfUp;
  std::vector<quant::RequantParams> channels;
  int axis = -1;  // -1: per tensor (channels has one entry)
};

// Conv, ConvTranspose, Gemm and MatMul with a constant right operand (as a 1x1 convolution
// over rows: Gemm [N, K] x [K, M] is N images of K channels and 1x1 pixels).
struct ConvParams {
  models::kernels::ConvGeometry geometry;
  bool rows_as_batch = false;          // Gemm/MatMul: the output is [rows, M], channel innermost
  std::vector<std::int32_t> weights;   // integer: codes minus zero point, [M][C/g][kH][kW]
                                       // (ConvTranspose: [C][M/g][kH][kW])
  std::int32_t weight_bound = 0;       // max |weights|
  std::vector<std::int64_t> bias;      // integer: one per output channel, in accumulator units
  std::int32_t input_zero_point = 0;
  std::int32_t input_bound = 0;        // max |x - zero point| over the input format's codes
  std::vector<float> float_weights;    // float compute: in the compute format, same layout
  std::vector<float> float_bias;
};

// A constant data operand (Add/Mul/Concat with a constant tensor), encoded on its plan grid.
struct ConstantOperand {
  std::size_t operand = 0;  // position among the operation's operands
  GoldenTensor tensor;
};

// Add/Sub: acc = sum_i (x_i - z_i) * input_multipliers[i]; Mul: acc = (a - z_a) * (b - z_b).
struct EltwiseParams {
  std::vector<std::int32_t> input_multipliers;
  std::vector<std::int32_t> input_zero_points;
  std::vector<ConstantOperand> constants;
};

// Concat: operand i is requantized to the output grid by inputs[i] (acc = x - z_i).
struct ConcatParams {
  std::vector<RequantStage> inputs;
  std::vector<std::int32_t> input_zero_points;
  std::vector<ConstantOperand> constants;
};

// Table over every input code: acc = table[x - input_min] (values with fraction_bits).
struct LutParams {
  std::int32_t input_min = 0;
  std::vector<std::int64_t> table;
  int fraction_bits = 0;
};

// Linear resize in fixed point: per resampled axis and output index two taps whose integer
// weights add up to 2^fraction_bits; acc = sum over taps of the weight product * (x - z).
struct FixedTap {
  std::int64_t index = 0;
  std::int64_t weight = 0;
};
struct ResizeLinearParams {
  models::Shape out_shape;
  std::vector<std::vector<std::vector<FixedTap>>> axes;  // empty: axis not resampled
  int fraction_bits = 0;
  std::int32_t input_zero_point = 0;
};

// AveragePool / GlobalAveragePool: acc = sum of (x - z) over the window's real elements; the
// requantization divides by the window's count with a multiplier derived per count.
struct AvgPoolParams {
  bool global = false;
  models::kernels::PoolGeometry geometry;  // !global
  bool count_include_pad = false;
  std::int32_t input_zero_point = 0;
  std::map<std::int64_t, quant::RequantParams> per_count;  // divisor -> requantization
};

// MatMul of two run-time tensors: acc = sum_k (a - z_a)(b - z_b), per-tensor requantization.
struct MatMulParams {
  std::int32_t a_zero_point = 0;
  std::int32_t b_zero_point = 0;
};

// Integer softmax along `axis` (docs/golden.md): exp table over code differences, sum,
// normalise to a probability with `probability_bits`, then log2 or affine output.
struct SoftmaxParams {
  int axis = -1;
  std::vector<std::int64_t> exp_table;  // exp(-s_x * d) * 2^exp_bits for d = 0 .. range
  int exp_bits = 0;
  int probability_bits = 0;
  bool log2_output = false;
};

// Integer layer normalisation over the last `normalized_axes` axes (docs/golden.md).
struct LayerNormParams {
  std::int64_t group_size = 0;        // elements normalised together
  std::int32_t input_zero_point = 0;
  std::int64_t epsilon_codes = 0;     // round(N^2 * epsilon / s_x^2)
  int normalized_bits = 0;            // G: the normalised value carries G fraction bits
  std::vector<std::int32_t> gamma;    // per element of a group (codes, symmetric)
  std::vector<std::int64_t> beta;     // per element, in accumulator units 2^-G * s_gamma
};

using OpParams = std::variant<std::monostate, ConvParams, EltwiseParams, ConcatParams, LutParams,
                              ResizeLinearParams, AvgPoolParams, MatMulParams, SoftmaxParams, LayerNormParams>;

// Where a tensor lives during execution: one per plan tensor that the program produces or reads.
struct TensorSlot {
  std::string name;
  models::Shape shape;
  quant::TensorQuantization quant;
};

struct LoweredOp {
  OpKind kind = OpKind::kMove;
  std::string name;
  quant::ComputeDomain compute = quant::ComputeDomain::kInteger;
  quant::ComputeDomain accumulation = quant::ComputeDomain::kFloat32;
  std::vector<std::size_t> nodes;  // into GoldenProgram::graph.nodes
  std::vector<int> inputs;         // slots of the run-time operands, in operand order
  std::vector<int> outputs;        // slots produced (dual output: hi then lo)
  std::vector<std::string> input_values;   // graph values of the run-time operands
  std::vector<std::string> output_values;  // graph values produced (dual output: one)
  std::optional<RequantStage> requant;
  OpParams params;
};

struct ProgramOutput {
  std::string graph_name;  // the graph output it carries
  int slot = -1;           // its tensor (dual output: hi)
  int lo_slot = -1;        // dual output: lo
  int lo_bits = 0;
};

struct GoldenProgram {
  models::Graph graph;  // as imported, owned here (nodes are referred to by index)
  std::vector<TensorSlot> tensors;
  std::vector<LoweredOp> ops;  // in execution order
  std::vector<int> input_slots;
  std::vector<ProgramOutput> outputs;

  int slot(const std::string& name) const;  // -1 when absent
};

}  // namespace npusim::golden
