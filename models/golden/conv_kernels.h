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
// channel, kernel row, kernel column (a padded tap adds 0 * w; transposed: the taps that
// reach the output, in the same order), rounding every sum to `accumulation` (fp32 natively,
// fp16/bf16 emulated). Inputs and weights already hold values of the compute format. The
// blocked fast path and the reference loop give identical bits.
void conv_float_ordered(const ConvParams& params, const std::vector<float>& input, quant::ComputeDomain accumulation,
                        std::vector<float>& out);
void conv_float_ordered_reference(const ConvParams& params, const std::vector<float>& input,
                                  quant::ComputeDomain accumulation, std::vector<float>& out);

// The reduction operand of one image and group as a matrix col[k][p] (K x output positions):
// x - zero point at the input position tap k of output position p reads, 0 where it reads
// padding (or, transposed, where no input reaches). k runs over (input channel of the group,
// kernel row, kernel column), the canonical order of the float accumulation. The NPU model's
// MAC array computes its tiles from it.
void conv_im2col(const ConvParams& params, const std::vector<std::int32_t>& input, std::int64_t image,
                 std::int64_t group, std::vector<std::int32_t>& col);
// The same for a float operation: input values (0 where padded).
void conv_im2col_float(const ConvParams& params, const std::vector<float>& input, std::int64_t image,
                       std::int64_t group, std::vector<float>& col);

// Number of output elements.
std::int64_t conv_output_count(const ConvParams& params);

}  // namespace npusim::golden
