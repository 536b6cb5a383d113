// MatMul (numpy semantics: 1-D promotion, batch broadcasting) and Gemm, through Eigen's
// blocked matrix product on row-major maps of the tensors.
#include <Eigen/Core>

#include "models/executor/kernels/kernel_util.h"

namespace npusim::models {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMajor>;
using Map = Eigen::Map<RowMajor>;

struct MatMulShapes {
  Shape a, b;        // after 1-D promotion
  Shape batch;       // broadcast batch dimensions
  std::int64_t m = 0, k = 0, n = 0;
  Shape out;         // with promoted dimensions removed again
};

MatMulShapes matmul_shapes(const OpContext& c) {
  MatMulShapes s;
  s.a = c.shape(0);
  s.b = c.shape(1);
  if (s.a.empty() || s.b.empty()) throw std::runtime_error(c.node.describe() + ": MatMul of a scalar");
  const bool a_vector = s.a.size() == 1, b_vector = s.b.size() == 1;
  if (a_vector) s.a.insert(s.a.begin(), 1);
  if (b_vector) s.b.push_back(1);
  s.m = s.a[s.a.size() - 2];
  s.k = s.a.back();
  s.n = s.b.back();
  if (s.b[s.b.size() - 2] != s.k) {
    throw std::runtime_error(c.node.describe() + ": inner dimensions differ: " + shape_to_string(c.shape(0)) + " x " +
                             shape_to_string(c.shape(1)));
  }
  s.batch = kernels::broadcast_shapes({Shape(s.a.begin(), s.a.end() - 2), Shape(s.b.begin(), s.b.end() - 2)}, c.node);
  s.out = s.batch;
  if (!a_vector) s.out.push_back(s.m);
  if (!b_vector) s.out.push_back(s.n);
  return s;
}

std::vector<ValueInfo> infer_matmul(const OpContext& c) {
  kernels::require_float(c, 0);
  kernels::require_float(c, 1);
  return {ValueInfo{DataType::kFloat32, matmul_shapes(c).out}};
}

void compute_matmul(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const MatMulShapes s = matmul_shapes(c);
  const Shape batch_a(s.a.begin(), s.a.end() - 2), batch_b(s.b.begin(), s.b.end() - 2);
  const std::vector<std::vector<std::int64_t>> strides = {kernels::broadcast_strides(batch_a, s.batch),
                                                          kernels::broadcast_strides(batch_b, s.batch)};
  const float* a = c.value(0).data.data();
  const float* b = c.value(1).data.data();
  float* y = out[0].data.data();
  kernels::for_each_broadcast(s.batch, strides, [&](std::int64_t index, const std::vector<std::int64_t>& offsets) {
    ConstMap lhs(a + offsets[0] * s.m * s.k, s.m, s.k);
    ConstMap rhs(b + offsets[1] * s.k * s.n, s.k, s.n);
    Map(y + index * s.m * s.n, s.m, s.n).noalias() = lhs * rhs;
  });
}

// Gemm: Y = alpha * op(A) * op(B) + beta * C, C broadcast to [M, N].
std::vector<ValueInfo> infer_gemm(const OpContext& c) {
  const Shape& a = c.shape(0);
  const Shape& b = c.shape(1);
  if (a.size() != 2 || b.size() != 2) throw std::runtime_error(c.node.describe() + ": Gemm needs 2-D A and B");
  const bool trans_a = c.node.attr_int("transA", 0) != 0, trans_b = c.node.attr_int("transB", 0) != 0;
  const std::int64_t m = trans_a ? a[1] : a[0], k = trans_a ? a[0] : a[1];
  const std::int64_t k_b = trans_b ? b[1] : b[0], n = trans_b ? b[0] : b[1];
  if (k != k_b) throw std::runtime_error(c.node.describe() + ": inner dimensions differ");
  if (c.has_input(2)) kernels::broadcast_shapes({c.shape(2), Shape{m, n}}, c.node);
  return {ValueInfo{DataType::kFloat32, {m, n}}};
}

void compute_gemm(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& a = c.value(0);
  const Tensor& b = c.value(1);
  const bool trans_a = c.node.attr_int("transA", 0) != 0, trans_b = c.node.attr_int("transB", 0) != 0;
  const float alpha = c.node.attr_float("alpha", 1.0f), beta = c.node.attr_float("beta", 1.0f);
  ConstMap a_map(a.data.data(), a.shape[0], a.shape[1]);
  ConstMap b_map(b.data.data(), b.shape[0], b.shape[1]);
  const std::int64_t m = out[0].shape[0], n = out[0].shape[1];
  Map y(out[0].data.data(), m, n);
  if (trans_a && trans_b) y.noalias() = a_map.transpose() * b_map.transpose();
  else if (trans_a) y.noalias() = a_map.transpose() * b_map;
  else if (trans_b) y.noalias() = a_map * b_map.transpose();
  else y.noalias() = a_map * b_map;
  if (alpha != 1.0f) y *= alpha;
  if (c.has_input(2)) {
    const Tensor& bias = c.value(2);
    const std::vector<std::vector<std::int64_t>> strides = {kernels::broadcast_strides(bias.shape, {m, n})};
    kernels::for_each_broadcast({m, n}, strides, [&](std::int64_t index, const std::vector<std::int64_t>& offsets) {
      out[0].data[static_cast<std::size_t>(index)] += beta * bias.data[static_cast<std::size_t>(offsets[0])];
    });
  }
}

}  // namespace

const std::vector<OpDefinition>& matmul_ops() {
  static const std::vector<OpDefinition> ops = {
      {"MatMul", infer_matmul, compute_matmul},
      {"Gemm", infer_gemm, compute_gemm},
  };
  return ops;
}

}  // namespace npusim::models
