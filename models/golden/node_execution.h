// Running an operation's graph nodes with the float kernels: data movement on codes (the
// codes of a move, max pool or nearest resize are small integers, exact in float32) and
// every operation whose compute domain is a float format.
#pragma once

#include <vector>

#include "models/golden/program.h"

namespace npusim::golden {

// A code-preserving operation (move, max_pool, resize_nearest) on integer codes: padding
// inserts the input's zero point (a Pad constant value c becomes quantize(c)).
std::vector<GoldenTensor> run_code_move(const GoldenProgram& program, const LoweredOp& op,
                                        const std::vector<const GoldenTensor*>& inputs);

// A float-domain operation: inputs decoded to real values and rounded to the compute
// format, the nodes evaluated in float32 (conv/gemm accumulate in the fixed order of
// conv_float_ordered), the output rounded once to its plan format (or quantized onto its
// integer grid).
std::vector<GoldenTensor> run_float_operation(const GoldenProgram& program, const LoweredOp& op,
                                              const std::vector<const GoldenTensor*>& inputs);

// A float conv/gemm operation whose accumulator (bias plus every product, in the order of
// conv_float_ordered) is given: its fused activation, then the output's rounding or grid.
std::vector<GoldenTensor> finish_float_accumulation(const GoldenProgram& program, const LoweredOp& op,
                                                   models::Tensor accumulated);

}  // namespace npusim::golden
