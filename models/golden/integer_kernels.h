// The golden integer kernels of every kind except conv (conv_kernels.h): each computes its
// accumulators exactly as docs/golden.md defines them; the caller applies the output stage.
#pragma once

#include <cstdint>
#include <vector>

#include "models/golden/program.h"
#include "quant/requant/requant_case.h"

namespace npusim::golden {

// Operand values for a kind with several operands: run-time tensors, with constant operands
// (ConstantOperand) put in their places.
std::vector<const GoldenTensor*> gather_operands(const std::vector<const GoldenTensor*>& runtime,
                                                 const std::vector<ConstantOperand>& constants);

// Add/Sub: sum_i (x_i - z_i) * K_i; Mul: (a - z_a)(b - z_b); numpy broadcasting to `out_shape`.
void eltwise_accumulate(OpKind kind, const EltwiseParams& params, const std::vector<const GoldenTensor*>& operands,
                        const models::Shape& out_shape, std::vector<std::int64_t>& acc);
// Concat operand i: requantize(x - z_i) with its stage into a tensor of the output grid.
GoldenTensor concat_operand(const ConcatParams& params, std::size_t index, const GoldenTensor& operand,
                            const quant::TensorQuantization& output_grid);
// Concat of operands already on the output grid, along params.axis.
void concat_codes(const ConcatParams& params, const std::vector<GoldenTensor>& operands, GoldenTensor& out);
// Nearest resize: every output element copies the code its per-axis indices select.
void resize_nearest_codes(const ResizeNearestParams& params, const GoldenTensor& input, GoldenTensor& out);
// MatMul of two tensors with numpy batch broadcasting (1-D operands promoted as ONNX does).
void matmul_accumulate(const MatMulParams& params, const GoldenTensor& a, const GoldenTensor& b,
                       std::vector<std::int64_t>& acc);
// acc = table[x - input_min].
void lut_accumulate(const LutParams& params, const GoldenTensor& input, std::vector<std::int64_t>& acc);
// acc = sum over the taps of every resampled axis of (product of weights) * (x - z).
void resize_linear_accumulate(const ResizeLinearParams& params, const GoldenTensor& input,
                              std::vector<std::int64_t>& acc);
// Average pooling's requantization cases: each output's window sum with the parameters of
// its window's divisor.
std::vector<quant::RequantCase> avg_pool_cases(const AvgPoolParams& params, const GoldenTensor& input,
                                               const models::Shape& out_shape);
// Average pooling: window sums, then each element requantized with its window's divisor.
void avg_pool_integer(const AvgPoolParams& params, const RequantStage& stage, const GoldenTensor& input,
                      GoldenTensor& out);
// Softmax: probabilities with params.probability_bits (affine output: the accumulators;
// log2 output: `log2_codes` filled directly).
void softmax_integer(const SoftmaxParams& params, const GoldenTensor& input, std::vector<std::int64_t>& acc,
                     int log2_bits, std::vector<std::int32_t>* log2_codes);
// Layer normalisation: acc = u * gamma + beta with u the normalised value in Q.G.
void layer_norm_accumulate(const LayerNormParams& params, const GoldenTensor& input, std::vector<std::int64_t>& acc);

}  // namespace npusim::golden
