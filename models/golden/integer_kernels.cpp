#include "models/golden/integer_kernels.h"

#include <algorithm>
#include <stdexcept>

#include "models/executor/kernels/kernel_util.h"
#include "models/golden/requant_stage.h"
#include "quant/quantizer/log2_quantizer.h"

namespace npusim::golden {

std::vector<const GoldenTensor*> gather_operands(const std::vector<const GoldenTensor*>& runtime,
                                                 const std::vector<ConstantOperand>& constants) {
  std::vector<const GoldenTensor*> operands(runtime.size() + constants.size(), nullptr);
  for (const ConstantOperand& constant : constants) operands.at(constant.operand) = &constant.tensor;
  std::size_t next = 0;
  for (const GoldenTensor*& operand : operands) {
    if (operand == nullptr) operand = runtime.at(next++);
  }
  return operands;
}

void eltwise_accumulate(OpKind kind, const EltwiseParams& p, const std::vector<const GoldenTensor*>& operands,
                        const models::Shape& out_shape, std::vector<std::int64_t>& acc) {
  std::vector<std::vector<std::int64_t>> strides;
  for (const GoldenTensor* operand : operands) strides.push_back(models::kernels::broadcast_strides(operand->shape, out_shape));
  std::int64_t total = 1;
  for (std::int64_t d : out_shape) total *= d;
  acc.assign(static_cast<std::size_t>(total), 0);
  const std::int32_t* a = operands[0]->codes.data();
  const std::int32_t* b = operands[1]->codes.data();
  const std::int64_t za = p.input_zero_points[0], zb = p.input_zero_points[1];
  models::kernels::for_each_broadcast(out_shape, strides, [&](std::int64_t out, const std::vector<std::int64_t>& at) {
    const std::int64_t x = a[at[0]] - za, y = b[at[1]] - zb;
    acc[static_cast<std::size_t>(out)] =
        kind == OpKind::kMul ? x * y : x * p.input_multipliers[0] + y * p.input_multipliers[1];
  });
}

GoldenTensor concat_operand(const ConcatParams& p, std::size_t index, const GoldenTensor& operand,
                            const quant::TensorQuantization& output_grid) {
  GoldenTensor out;
  out.shape = operand.shape;
  out.quant = output_grid;
  const quant::RequantParams& stage = p.inputs[index].channels.at(0);
  // The identity stage (scale 2^30 * 2^-30 = 1 exactly, same zero point, no clamp reached):
  // requantizing x - z and adding z back gives x itself, so the codes are copied.
  const bool identity = stage.multiplier == (1 << 30) && stage.shift == 30 && stage.zero_point == p.input_zero_points[index] &&
                        stage.activation == quant::FusedActivation::kNone && stage.lo_bits == 0 &&
                        stage.qmin <= format_code_min(operand.quant) && stage.qmax >= format_code_max(operand.quant);
  if (identity) {
    out.codes = operand.codes;
    return out;
  }
  std::vector<std::int32_t> acc(operand.codes.size());  // |x - z| < 2^17: the int32 (vectorised) path
  for (std::size_t i = 0; i < acc.size(); ++i) acc[i] = operand.codes[i] - p.input_zero_points[index];
  apply_requant_stage(p.inputs[index], acc, out, nullptr);
  return out;
}

void concat_codes(const ConcatParams& p, const std::vector<GoldenTensor>& operands, GoldenTensor& out) {
  const auto axis = static_cast<std::size_t>(p.axis);
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= out.shape[d];
  for (std::size_t d = axis + 1; d < out.shape.size(); ++d) inner *= out.shape[d];
  out.codes.resize(static_cast<std::size_t>(outer * out.shape[axis] * inner));
  std::int64_t offset = 0;
  for (const GoldenTensor& operand : operands) {
    const std::int64_t block = operand.shape[axis] * inner;
    for (std::int64_t o = 0; o < outer; ++o) {
      std::copy_n(operand.codes.begin() + o * block, block, out.codes.begin() + o * out.shape[axis] * inner + offset);
    }
    offset += block;
  }
}

void resize_nearest_codes(const ResizeNearestParams& p, const GoldenTensor& input, GoldenTensor& out) {
  // One axis at a time, like the float kernel (taps are per axis, so the order is free).
  std::vector<std::int32_t> current = input.codes;
  models::Shape shape = input.shape;
  for (std::size_t axis = 0; axis < p.axes.size(); ++axis) {
    if (p.axes[axis].empty()) continue;
    std::int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    const std::int64_t in_len = shape[axis];
    const auto out_len = static_cast<std::int64_t>(p.axes[axis].size());
    std::vector<std::int32_t> next(static_cast<std::size_t>(outer * out_len * inner));
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t x = 0; x < out_len; ++x) {
        const std::int64_t source = p.axes[axis][static_cast<std::size_t>(x)];
        std::copy_n(current.begin() + (o * in_len + source) * inner, inner, next.begin() + (o * out_len + x) * inner);
      }
    }
    current = std::move(next);
    shape[axis] = out_len;
  }
  out.codes = std::move(current);
}

void matmul_accumulate(const MatMulParams& p, const GoldenTensor& a, const GoldenTensor& b,
                       std::vector<std::int64_t>& acc) {
  // Promote 1-D operands as numpy: a [K] -> [1, K], b [K] -> [K, 1]; batch dims broadcast.
  models::Shape sa = a.shape, sb = b.shape;
  if (sa.size() == 1) sa.insert(sa.begin(), 1);
  if (sb.size() == 1) sb.push_back(1);
  const std::int64_t rows = sa[sa.size() - 2], inner = sa.back(), cols = sb.back();
  if (sb[sb.size() - 2] != inner) throw std::runtime_error("matmul: inner dimensions differ");
  const models::Shape batch_a(sa.begin(), sa.end() - 2), batch_b(sb.begin(), sb.end() - 2);
  const std::size_t rank = std::max(batch_a.size(), batch_b.size());
  models::Shape batch_full(rank, 1), pa(rank, 1), pb(rank, 1);
  std::copy(batch_a.begin(), batch_a.end(), pa.begin() + static_cast<std::ptrdiff_t>(rank - batch_a.size()));
  std::copy(batch_b.begin(), batch_b.end(), pb.begin() + static_cast<std::ptrdiff_t>(rank - batch_b.size()));
  for (std::size_t d = 0; d < rank; ++d) batch_full[d] = std::max(pa[d], pb[d]);
  const auto sa_strides = models::kernels::broadcast_strides(pa, batch_full);
  const auto sb_strides = models::kernels::broadcast_strides(pb, batch_full);
  std::int64_t batches = 1;
  for (std::int64_t d : batch_full) batches *= d;
  acc.assign(static_cast<std::size_t>(batches * rows * cols), 0);
  models::kernels::for_each_broadcast(batch_full, {sa_strides, sb_strides},
                                      [&](std::int64_t out, const std::vector<std::int64_t>& at) {
    const std::int32_t* x = a.codes.data() + at[0] * rows * inner;
    const std::int32_t* y = b.codes.data() + at[1] * inner * cols;
    std::int64_t* result = acc.data() + out * rows * cols;
    for (std::int64_t r = 0; r < rows; ++r) {
      for (std::int64_t k = 0; k < inner; ++k) {
        const std::int64_t left = x[r * inner + k] - p.a_zero_point;
        for (std::int64_t c = 0; c < cols; ++c) result[r * cols + c] += left * (y[k * cols + c] - p.b_zero_point);
      }
    }
  });
}

void lut_accumulate(const LutParams& p, const GoldenTensor& input, std::vector<std::int64_t>& acc) {
  acc.resize(input.codes.size());
  for (std::size_t i = 0; i < acc.size(); ++i) acc[i] = p.table[static_cast<std::size_t>(input.codes[i] - p.input_min)];
}

void resize_linear_accumulate(const ResizeLinearParams& p, const GoldenTensor& input, std::vector<std::int64_t>& acc) {
  // Separable passes on exact integers (no rounding between them): each pass multiplies by
  // weights that add up to 2^F, so the result is the full tap product sum of the contract.
  std::vector<std::int64_t> current(input.codes.size());
  for (std::size_t i = 0; i < current.size(); ++i) current[i] = input.codes[i] - p.input_zero_point;
  models::Shape shape = input.shape;
  for (std::size_t axis = 0; axis < p.axes.size(); ++axis) {
    if (p.axes[axis].empty()) continue;
    std::int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    const std::int64_t in_len = shape[axis];
    const auto out_len = static_cast<std::int64_t>(p.axes[axis].size());
    std::vector<std::int64_t> next(static_cast<std::size_t>(outer * out_len * inner));
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t x = 0; x < out_len; ++x) {
        const auto& taps = p.axes[axis][static_cast<std::size_t>(x)];
        for (std::int64_t i = 0; i < inner; ++i) {
          std::int64_t sum = 0;
          for (const FixedTap& tap : taps) sum += tap.weight * current[static_cast<std::size_t>((o * in_len + tap.index) * inner + i)];
          next[static_cast<std::size_t>((o * out_len + x) * inner + i)] = sum;
        }
      }
    }
    current = std::move(next);
    shape[axis] = out_len;
  }
  acc = std::move(current);
}

std::vector<quant::RequantCase> avg_pool_cases(const AvgPoolParams& p, const GoldenTensor& input,
                                               const models::Shape& out_shape) {
  const auto params_for = [&](std::int64_t count) {
    const auto found = p.per_count.find(std::max<std::int64_t>(1, count));
    if (found == p.per_count.end()) throw std::runtime_error("average pool: no requantization for divisor " + std::to_string(count));
    return found->second;
  };
  const std::int64_t total = models::checked_element_count(out_shape, "pool output");
  std::vector<quant::RequantCase> cases(static_cast<std::size_t>(total));
  if (p.global) {
    const std::int64_t size = total == 0 ? 0 : static_cast<std::int64_t>(input.codes.size()) / total;
    for (std::int64_t plane = 0; plane < total; ++plane) {
      std::int64_t sum = 0;
      for (std::int64_t i = 0; i < size; ++i) sum += input.codes[static_cast<std::size_t>(plane * size + i)] - p.input_zero_point;
      cases[static_cast<std::size_t>(plane)] = {sum, params_for(size)};
    }
    return cases;
  }
  std::int64_t sum = 0;
  models::kernels::walk_pool_windows(
      p.geometry, [&](std::int64_t, std::int64_t i) { sum += input.codes[static_cast<std::size_t>(i)] - p.input_zero_point; },
      [&](std::int64_t o, std::int64_t real, std::int64_t padded) {
        cases[static_cast<std::size_t>(o)] = {sum, params_for(p.count_include_pad ? padded : real)};
        sum = 0;
      });
  return cases;
}

void avg_pool_integer(const AvgPoolParams& p, const RequantStage& stage, const GoldenTensor& input, GoldenTensor& out) {
  const std::vector<quant::RequantCase> cases = avg_pool_cases(p, input, out.shape);
  out.codes.resize(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) out.codes[i] = quant::requantize(cases[i].acc, cases[i].params, stage.mode);
}

void softmax_integer(const SoftmaxParams& p, const GoldenTensor& input, std::vector<std::int64_t>& acc, int log2_bits,
                     std::vector<std::int32_t>* log2_codes) {
  const models::Shape& shape = input.shape;
  const auto axis = static_cast<std::size_t>(p.axis);
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
  for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  const std::int64_t length = shape[axis];
  acc.assign(input.codes.size(), 0);
  if (log2_codes) log2_codes->assign(input.codes.size(), 0);
  const quant::Log2QuantSpec log2_spec{log2_bits};
  std::vector<std::int64_t> e(static_cast<std::size_t>(length));
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t i = 0; i < inner; ++i) {
      const auto at = [&](std::int64_t k) { return static_cast<std::size_t>((o * length + k) * inner + i); };
      std::int32_t top = input.codes[at(0)];
      for (std::int64_t k = 1; k < length; ++k) top = std::max(top, input.codes[at(k)]);
      std::int64_t sum = 0;
      for (std::int64_t k = 0; k < length; ++k) {
        e[static_cast<std::size_t>(k)] = p.exp_table[static_cast<std::size_t>(top - input.codes[at(k)])];
        sum += e[static_cast<std::size_t>(k)];
      }
      for (std::int64_t k = 0; k < length; ++k) {
        // p = round(e * 2^P / sum), ties up: (e * 2^P + sum / 2) / sum, all non-negative.
        const __int128 numerator = (static_cast<__int128>(e[static_cast<std::size_t>(k)]) << p.probability_bits) + sum / 2;
        const auto probability = static_cast<std::int64_t>(numerator / sum);
        acc[at(k)] = probability;
        if (log2_codes) {
          (*log2_codes)[at(k)] =
              quant::log2_quantize_fixed_point(static_cast<std::uint32_t>(probability), p.probability_bits, log2_spec);
        }
      }
    }
  }
}

namespace {

// floor(sqrt(value)) for value >= 0, exactly (Newton's method on integers).
std::int64_t integer_sqrt(unsigned __int128 value) {
  if (value == 0) return 0;
  unsigned __int128 x = value, y = (x + 1) / 2;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2;
  }
  return static_cast<std::int64_t>(x);
}

// round(numerator / denominator), ties away from zero, denominator > 0.
std::int64_t rounded_div(__int128 numerator, __int128 denominator) {
  const __int128 half = denominator / 2;
  return static_cast<std::int64_t>(numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator));
}

}  // namespace

void layer_norm_accumulate(const LayerNormParams& p, const GoldenTensor& input, std::vector<std::int64_t>& acc) {
  const std::int64_t n = p.group_size;
  acc.assign(input.codes.size(), 0);
  std::vector<std::int64_t> d(static_cast<std::size_t>(n));
  for (std::size_t start = 0; start < input.codes.size(); start += static_cast<std::size_t>(n)) {
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < n; ++i) sum += input.codes[start + i] - p.input_zero_point;
    unsigned __int128 squares = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      d[i] = n * (input.codes[start + i] - p.input_zero_point) - sum;  // N (x - mean), exact
      squares += static_cast<unsigned __int128>(static_cast<__int128>(d[i]) * d[i]);
    }
    // R = floor(sqrt((sum d^2 / N + eps') * 2^2G)) = N * sigma * 2^G in code units.
    const unsigned __int128 radicand =
        ((squares + static_cast<unsigned __int128>(n) * static_cast<unsigned __int128>(p.epsilon_codes)) << (2 * p.normalized_bits)) /
        static_cast<unsigned __int128>(n);
    const std::int64_t root = std::max<std::int64_t>(1, integer_sqrt(radicand));
    for (std::int64_t i = 0; i < n; ++i) {
      // d * 2^2G by multiplication: d is negative below the mean, and shifting a negative
      // value left is UB in C++17 (the same bits either way).
      const std::int64_t u =
          rounded_div(static_cast<__int128>(d[i]) * (static_cast<__int128>(1) << (2 * p.normalized_bits)), root);
      acc[start + i] = u * p.gamma[static_cast<std::size_t>(i)] + p.beta[static_cast<std::size_t>(i)];
    }
  }
}

}  // namespace npusim::golden
