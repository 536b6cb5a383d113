// The golden convolution (kinds conv and gemm): integer accumulation, exact, and float
// accumulation in a fixed order. docs/golden.md, "conv".
#pragma once

#include <cstdint>
#include <vector>

#include "models/golden/program.h"

namespace npusim::golden {

// acc = bias[m] + sum over taps of (x - zero point) * w, for every output element, in the
// output's layout ([N, M, OH, OW]; rows_as_batch: [rows, M]). Exact: an im2col and an exact
// floating-point GEMM (quant/kernels/exact_integer_gemm.h); ConvTranspose by scattering.
void conv_accumulate(const ConvParams& params, const std::vector<std::int32_t>& input, std::vector<std::int64_t>& acc);
// The same by plain nested loops over output elements: the oracle the fast path is tested
// against (and the SystemC MAC array's tiles).
void conv_accumulate_reference(const ConvParams& params, const std::vector<std::int32_t>& input,
                               std::vector<std::int64_t>& acc);

// Float compute: acc starts at the bias, then adds each product x * w in the order input
// channel, kernel row, kernel column (transposed: the same order over the taps that reach
// the output), rounding every sum to `accumulation` (fp32 natively, fp16/bf16 emulated).
// Inputs and weights already hold values of the compute format.
void conv_float_ordered(const ConvParams& params, const std::vector<float>& input, quant::ComputeDomain accumulation,
                        std::vector<float>& out);

// Number of output elements.
std::int64_t conv_output_count(const ConvParams& params);

}  // namespace npusim::golden
