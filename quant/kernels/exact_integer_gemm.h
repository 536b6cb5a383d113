// Exact integer matrix products through a floating-point GEMM (Eigen):
//   C[m][n] = sum_k A[m][k] * B[k][n]      (A: M x K, B: K x N, C: M x N, all row-major)
// for integer-valued operands with |A| <= a_bound and |B| <= b_bound.
//
// Why it is exact: every product and every partial sum is an integer of magnitude at most
// a_bound * b_bound * K_chunk. Below 2^24 (binary32) or 2^53 (binary64) such integers are
// exactly representable, so every multiply, add or fused multiply-add the GEMM performs is
// exact, in whatever order it adds. K is split into chunks that keep the bound, and chunk
// results are added in int64. The INT8 datapath (|x - zp| <= 255, |w| <= 128) runs in
// binary32 with chunks of 514; 16-bit operands run in binary64 (chunks of 2^21 and more).
// Used by the golden executor's convolution; tests compare it with plain integer loops.
#pragma once

#include <cstdint>

namespace npusim::quant {

// Which floating-point type and chunk length make a product exact for these bounds.
struct ExactGemmPlan {
  bool use_double = false;
  std::int64_t k_chunk = 0;  // >= 1
};
// Throws std::invalid_argument when no chunk of 1 fits even binary64 (a_bound * b_bound >= 2^53)
// or a bound is negative.
ExactGemmPlan plan_exact_gemm(std::int64_t a_bound, std::int64_t b_bound);

// C = A * B with A and B given as floats (binary32 path) holding integers within the bounds
// (the caller guarantees them; they are not re-checked per element). C is overwritten.
void exact_gemm_float(std::int64_t m, std::int64_t n, std::int64_t k, const float* a, const float* b,
                      std::int64_t k_chunk, std::int64_t* c);
// The same in binary64.
void exact_gemm_double(std::int64_t m, std::int64_t n, std::int64_t k, const double* a, const double* b,
                       std::int64_t k_chunk, std::int64_t* c);

}  // namespace npusim::quant
