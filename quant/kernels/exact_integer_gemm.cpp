#include "quant/kernels/exact_integer_gemm.h"

#include <Eigen/Core>
#include <stdexcept>
#include <string>

namespace npusim::quant {
namespace {

template <typename Real>
void exact_gemm(std::int64_t m, std::int64_t n, std::int64_t k, const Real* a, const Real* b, std::int64_t k_chunk,
                std::int64_t* c) {
  using Matrix = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using ConstMap = Eigen::Map<const Matrix, Eigen::Unaligned, Eigen::OuterStride<>>;
  for (std::int64_t i = 0; i < m * n; ++i) c[i] = 0;
  Matrix partial(m, n);
  for (std::int64_t k0 = 0; k0 < k; k0 += k_chunk) {
    const std::int64_t len = std::min(k_chunk, k - k0);
    const ConstMap a_block(a + k0, m, len, Eigen::OuterStride<>(k));
    const ConstMap b_block(b + k0 * n, len, n, Eigen::OuterStride<>(n));
    partial.noalias() = a_block * b_block;
    const Real* p = partial.data();
    for (std::int64_t i = 0; i < m * n; ++i) c[i] += static_cast<std::int64_t>(p[i]);
  }
}

}  // namespace

ExactGemmPlan plan_exact_gemm(std::int64_t a_bound, std::int64_t b_bound) {
  if (a_bound < 0 || b_bound < 0) throw std::invalid_argument("exact GEMM: operand bounds must be >= 0");
  const std::int64_t product = std::max<std::int64_t>(1, a_bound) * std::max<std::int64_t>(1, b_bound);
  constexpr std::int64_t kFloatExact = std::int64_t(1) << 24;   // integers below are exact in binary32
  constexpr std::int64_t kDoubleExact = std::int64_t(1) << 53;  // ... in binary64
  // Prefer binary32 while chunks stay long enough to amortise the per-chunk int64 pass.
  constexpr std::int64_t kShortestFloatChunk = 64;
  ExactGemmPlan plan;
  if ((kFloatExact - 1) / product >= kShortestFloatChunk) {
    plan.k_chunk = (kFloatExact - 1) / product;
    return plan;
  }
  if (product >= kDoubleExact) {
    throw std::invalid_argument("exact GEMM: bounds " + std::to_string(a_bound) + " x " + std::to_string(b_bound) +
                                " exceed binary64's exact integers");
  }
  plan.use_double = true;
  plan.k_chunk = (kDoubleExact - 1) / product;
  return plan;
}

void exact_gemm_float(std::int64_t m, std::int64_t n, std::int64_t k, const float* a, const float* b,
                      std::int64_t k_chunk, std::int64_t* c) {
  exact_gemm(m, n, k, a, b, k_chunk, c);
}

void exact_gemm_double(std::int64_t m, std::int64_t n, std::int64_t k, const double* a, const double* b,
                       std::int64_t k_chunk, std::int64_t* c) {
  exact_gemm(m, n, k, a, b, k_chunk, c);
}

}  // namespace npusim::quant
