// Element-wise operators: activations (unary, float) and numpy-broadcasting arithmetic
// and comparisons (float and the integer shape arithmetic exporters emit).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "models/executor/kernels/kernel_util.h"
#include "models/graph/checked_arithmetic.h"

namespace npusim::models {
namespace {

using kernels::broadcast_shapes;
using kernels::broadcast_strides;
using kernels::for_each_broadcast;

std::vector<ValueInfo> infer_same_as_input(const OpContext& context) {
  return {ValueInfo{context.dtype(0), context.shape(0)}};
}

template <typename Function>
void apply_unary(const OpContext& context, Tensor& out, Function function) {
  kernels::require_float(context, 0);
  const std::vector<float>& in = context.value(0).data;
  for (std::size_t i = 0; i < in.size(); ++i) out.data[i] = function(in[i]);
}

void compute_relu(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return x > 0.0f ? x : 0.0f; });
}
void compute_leaky_relu(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const float alpha = c.node.attr_float("alpha", 0.01f);
  apply_unary(c, out[0], [alpha](float x) { return x >= 0.0f ? x : alpha * x; });
}
void compute_sigmoid(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  // 1/(1+e^-x) for x >= 0 and e^x/(1+e^x) below, so neither branch overflows to inf/inf.
  apply_unary(c, out[0], [](float x) {
    if (x >= 0.0f) return 1.0f / (1.0f + std::exp(-x));
    const float e = std::exp(x);
    return e / (1.0f + e);
  });
}
void compute_tanh(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::tanh(x); });
}
void compute_erf(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::erf(x); });
}
void compute_sqrt(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::sqrt(x); });
}
void compute_exp(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::exp(x); });
}
void compute_log(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::log(x); });
}
void compute_reciprocal(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return 1.0f / x; });
}
void compute_softplus(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return x > 0.0f ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); });
}
void compute_elu(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const float alpha = c.node.attr_float("alpha", 1.0f);
  apply_unary(c, out[0], [alpha](float x) { return x >= 0.0f ? x : alpha * (std::exp(x) - 1.0f); });
}
void compute_hard_sigmoid(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const float alpha = c.node.attr_float("alpha", 0.2f);
  const float beta = c.node.attr_float("beta", 0.5f);
  apply_unary(c, out[0], [alpha, beta](float x) { return std::clamp(alpha * x + beta, 0.0f, 1.0f); });
}
void compute_hard_swish(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return x * std::clamp(x / 6.0f + 0.5f, 0.0f, 1.0f); });
}

// Sign-preserving unary ops that also apply to integers (Neg, Abs, Floor, Ceil, Identity).
template <typename FloatFn, typename IntFn>
void apply_any_unary(const OpContext& c, Tensor& out, FloatFn float_fn, IntFn int_fn) {
  const Tensor& in = c.value(0);
  if (in.is_float()) {
    for (std::size_t i = 0; i < in.data.size(); ++i) out.data[i] = float_fn(in.data[i]);
  } else {
    for (std::size_t i = 0; i < in.int_data.size(); ++i) out.int_data[i] = int_fn(in.int_data[i]);
  }
}
void compute_identity(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  out[0].data = c.value(0).data;
  out[0].int_data = c.value(0).int_data;
}
void compute_neg(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_any_unary(c, out[0], [](float x) { return -x; }, [](std::int64_t x) { return wrapping_sub(0, x); });
}
void compute_abs(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_any_unary(c, out[0], [](float x) { return std::fabs(x); }, [](std::int64_t x) { return x < 0 ? wrapping_sub(0, x) : x; });
}
void compute_floor(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::floor(x); });
}
void compute_ceil(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  apply_unary(c, out[0], [](float x) { return std::ceil(x); });
}
void compute_not(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& in = c.value(0);
  for (std::size_t i = 0; i < in.int_data.size(); ++i) out[0].int_data[i] = in.int_data[i] == 0;
}

// Dropout in inference is the identity; the optional mask output is all true.
std::vector<ValueInfo> infer_dropout(const OpContext& c) {
  return {ValueInfo{c.dtype(0), c.shape(0)}, ValueInfo{DataType::kBool, c.shape(0)}};
}
void compute_dropout(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  out[0].data = c.value(0).data;
  out[0].int_data = c.value(0).int_data;
  if (out.size() > 1) std::fill(out[1].int_data.begin(), out[1].int_data.end(), 1);
}

// Clip: bounds are attributes before opset 11 and optional inputs from 11 on.
void compute_clip(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  float low = -INFINITY, high = INFINITY;
  if (c.node.opset < 11) {
    low = c.node.attr_float("min", -3.402823466e38f);
    high = c.node.attr_float("max", 3.402823466e38f);
  } else {
    if (c.has_input(1)) low = c.value(1).is_float() ? c.value(1).data.at(0) : static_cast<float>(c.value(1).int_data.at(0));
    if (c.has_input(2)) high = c.value(2).is_float() ? c.value(2).data.at(0) : static_cast<float>(c.value(2).int_data.at(0));
  }
  const Tensor& in = c.value(0);
  if (in.is_float()) {
    // min then max, so low > high gives `high` everywhere, as ONNX Runtime does.
    for (std::size_t i = 0; i < in.data.size(); ++i) out[0].data[i] = std::min(std::max(in.data[i], low), high);
  } else {
    for (std::size_t i = 0; i < in.int_data.size(); ++i) {
      out[0].int_data[i] = static_cast<std::int64_t>(std::min(std::max(static_cast<float>(in.int_data[i]), low), high));
    }
  }
}

// ---- broadcasting binary operators ----

enum class Binary { kAdd, kSub, kMul, kDiv, kPow, kMax, kMin, kEqual, kLess, kGreater, kLessOrEqual,
                    kGreaterOrEqual, kAnd, kOr, kMod, kPRelu };

bool is_comparison(Binary op) {
  return op == Binary::kEqual || op == Binary::kLess || op == Binary::kGreater || op == Binary::kLessOrEqual ||
         op == Binary::kGreaterOrEqual || op == Binary::kAnd || op == Binary::kOr;
}

template <Binary op>
std::vector<ValueInfo> infer_binary(const OpContext& c) {
  const Shape out = broadcast_shapes({c.shape(0), c.shape(1)}, c.node);
  if (is_comparison(op)) return {ValueInfo{DataType::kBool, out}};
  return {ValueInfo{c.dtype(0), out}};  // Pow keeps the base's type
}

// Integer Div and Mod by zero have no ONNX result: the node is named instead of a SIGFPE.
struct IntegerDivisionByZero {};

template <Binary op, typename T>
T apply_binary(T a, T b) {
  // Integers wrap like ONNX Runtime (two's complement); signed overflow would be undefined.
  if constexpr (op == Binary::kAdd) { if constexpr (std::is_integral_v<T>) return wrapping_add(a, b); else return a + b; }
  if constexpr (op == Binary::kSub) { if constexpr (std::is_integral_v<T>) return wrapping_sub(a, b); else return a - b; }
  if constexpr (op == Binary::kMul) { if constexpr (std::is_integral_v<T>) return wrapping_mul(a, b); else return a * b; }
  if constexpr (op == Binary::kDiv) {
    if constexpr (std::is_integral_v<T>) {  // truncates (C semantics); INT64_MIN / -1 wraps to INT64_MIN
      if (b == 0) throw IntegerDivisionByZero{};
      return b == -1 ? wrapping_sub(0, a) : a / b;
    } else {
      return a / b;
    }
  }
  if constexpr (op == Binary::kPow) return static_cast<T>(std::pow(static_cast<double>(a), static_cast<double>(b)));
  if constexpr (op == Binary::kMax) return std::max(a, b);
  if constexpr (op == Binary::kMin) return std::min(a, b);
  if constexpr (op == Binary::kEqual) return a == b;
  if constexpr (op == Binary::kLess) return a < b;
  if constexpr (op == Binary::kGreater) return a > b;
  if constexpr (op == Binary::kLessOrEqual) return a <= b;
  if constexpr (op == Binary::kGreaterOrEqual) return a >= b;
  if constexpr (op == Binary::kAnd) return (a != 0) && (b != 0);
  if constexpr (op == Binary::kOr) return (a != 0) || (b != 0);
  if constexpr (op == Binary::kMod) {  // fmod=0: the sign follows the divisor (Python %)
    if constexpr (std::is_integral_v<T>) {
      if (b == 0) throw IntegerDivisionByZero{};
      if (b == -1) return 0;  // INT64_MIN % -1 traps in C++; every x % -1 is 0
      T r = a % b;
      return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    } else {
      return a - b * std::floor(a / b);
    }
  }
  if constexpr (op == Binary::kPRelu) return a >= 0 ? a : a * b;
  return T{};
}

// The value stored as the output type. A float result stored as an integer (mixed input
// types) must fit int64 first: converting one that does not is undefined behaviour.
template <typename Out, typename V>
Out store_as(V value) {
  if constexpr (std::is_floating_point_v<V> && std::is_integral_v<Out>) {
    if (!(value >= -0x1p63f && value < 0x1p63f)) {
      throw std::runtime_error("integer result " + std::to_string(value) + " of a mixed-type operation is outside int64");
    }
  }
  return static_cast<Out>(value);
}

template <Binary op, typename T, typename Out>
void broadcast_binary(const std::vector<T>& a, const Shape& shape_a, const std::vector<T>& b, const Shape& shape_b,
                      std::vector<Out>& out, const Shape& shape_out) {
  if (shape_a == shape_out && shape_b == shape_out) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = store_as<Out>(apply_binary<op, T>(a[i], b[i]));
    return;
  }
  if (shape_a == shape_out && b.size() == 1) {
    const T scalar = b[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = store_as<Out>(apply_binary<op, T>(a[i], scalar));
    return;
  }
  const std::vector<std::vector<std::int64_t>> strides = {broadcast_strides(shape_a, shape_out),
                                                          broadcast_strides(shape_b, shape_out)};
  for_each_broadcast(shape_out, strides, [&](std::int64_t index, const std::vector<std::int64_t>& offsets) {
    out[static_cast<std::size_t>(index)] = store_as<Out>(apply_binary<op, T>(
        a[static_cast<std::size_t>(offsets[0])], b[static_cast<std::size_t>(offsets[1])]));
  });
}

template <Binary op>
void compute_binary_values(const OpContext& c, std::vector<Tensor>& out);

template <Binary op>
void compute_binary(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  if constexpr (op == Binary::kMod) {
    if (c.node.attr_int("fmod", 0) == 1) {  // fmod=1: C fmod, the sign follows the dividend
      const Tensor& a = c.value(0);
      const Tensor& b = c.value(1);
      if (!a.is_float()) {
        const std::vector<std::vector<std::int64_t>> strides = {kernels::broadcast_strides(a.shape, out[0].shape),
                                                                kernels::broadcast_strides(b.shape, out[0].shape)};
        for_each_broadcast(out[0].shape, strides, [&](std::int64_t index, const std::vector<std::int64_t>& at) {
          const std::int64_t divisor = b.int_data[static_cast<std::size_t>(at[1])];
          if (divisor == 0) {
            throw std::runtime_error(c.node.describe() + ": integer Mod by zero (input '" + c.node.inputs[1] + "')");
          }
          out[0].int_data[static_cast<std::size_t>(index)] =
              divisor == -1 ? 0 : a.int_data[static_cast<std::size_t>(at[0])] % divisor;
        });
      } else {
        const std::vector<std::vector<std::int64_t>> strides = {kernels::broadcast_strides(a.shape, out[0].shape),
                                                                kernels::broadcast_strides(b.shape, out[0].shape)};
        for_each_broadcast(out[0].shape, strides, [&](std::int64_t index, const std::vector<std::int64_t>& at) {
          out[0].data[static_cast<std::size_t>(index)] =
              std::fmod(a.data[static_cast<std::size_t>(at[0])], b.data[static_cast<std::size_t>(at[1])]);
        });
      }
      return;
    }
  }
  try {
    compute_binary_values<op>(c, out);
  } catch (const IntegerDivisionByZero&) {
    throw std::runtime_error(c.node.describe() + ": integer " + c.node.op_type + " by zero (input '" +
                             c.node.inputs[1] + "' holds a 0)");
  }
}

template <Binary op>
void compute_binary_values(const OpContext& c, std::vector<Tensor>& out) {
  const Tensor& a = c.value(0);
  const Tensor& b = c.value(1);
  Tensor& result = out[0];
  if (a.is_float() && b.is_float()) {
    if (result.is_float()) broadcast_binary<op>(a.data, a.shape, b.data, b.shape, result.data, result.shape);
    else broadcast_binary<op>(a.data, a.shape, b.data, b.shape, result.int_data, result.shape);
  } else if (!a.is_float() && !b.is_float()) {
    broadcast_binary<op>(a.int_data, a.shape, b.int_data, b.shape, result.int_data, result.shape);
  } else {
    // Mixed types (Pow with an integer exponent): compute in float, store as the output type.
    const std::vector<float> fa = a.is_float() ? a.data : std::vector<float>(a.int_data.begin(), a.int_data.end());
    const std::vector<float> fb = b.is_float() ? b.data : std::vector<float>(b.int_data.begin(), b.int_data.end());
    if (result.is_float()) broadcast_binary<op>(fa, a.shape, fb, b.shape, result.data, result.shape);
    else broadcast_binary<op>(fa, a.shape, fb, b.shape, result.int_data, result.shape);
  }
}

// Variadic Sum/Max/Min/Mean: folded pairwise; Mean divides at the end.
std::vector<ValueInfo> infer_variadic(const OpContext& c) {
  std::vector<Shape> shapes;
  for (std::size_t i = 0; i < c.input_count(); ++i) {
    // One type T for all inputs (ONNX); the kernel reads every input as input 0's type.
    if (c.dtype(i) != c.dtype(0)) {
      throw std::runtime_error(c.node.describe() + ": input " + std::to_string(i) + " is " +
                               data_type_name(c.dtype(i)) + ", input 0 " + data_type_name(c.dtype(0)));
    }
    shapes.push_back(c.shape(i));
  }
  return {ValueInfo{c.dtype(0), broadcast_shapes(shapes, c.node)}};
}
template <Binary op, bool mean>
void compute_variadic(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  Tensor accumulator = c.value(0);
  for (std::size_t i = 1; i < c.input_count(); ++i) {
    const Tensor& next = c.value(i);
    Tensor result = Tensor::allocate(broadcast_shapes({accumulator.shape, next.shape}, c.node), accumulator.dtype);
    if (accumulator.is_float()) {
      broadcast_binary<op>(accumulator.data, accumulator.shape, next.data, next.shape, result.data, result.shape);
    } else {
      broadcast_binary<op>(accumulator.int_data, accumulator.shape, next.int_data, next.shape, result.int_data,
                           result.shape);
    }
    accumulator = std::move(result);
  }
  // The running result may still be smaller than the output (a broadcast against later inputs covered it).
  Tensor zero = Tensor::allocate(out[0].shape, out[0].dtype);
  if (accumulator.is_float()) {
    broadcast_binary<Binary::kAdd>(accumulator.data, accumulator.shape, zero.data, zero.shape, out[0].data, out[0].shape);
    if (mean) for (float& value : out[0].data) value /= static_cast<float>(c.input_count());
  } else {
    broadcast_binary<Binary::kAdd>(accumulator.int_data, accumulator.shape, zero.int_data, zero.shape,
                                   out[0].int_data, out[0].shape);
  }
}

// Where(condition, x, y): three-way broadcast.
std::vector<ValueInfo> infer_where(const OpContext& c) {
  return {ValueInfo{c.dtype(1), broadcast_shapes({c.shape(0), c.shape(1), c.shape(2)}, c.node)}};
}
void compute_where(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& condition = c.value(0);
  const Tensor& x = c.value(1);
  const Tensor& y = c.value(2);
  Tensor& result = out[0];
  const std::vector<std::vector<std::int64_t>> strides = {broadcast_strides(condition.shape, result.shape),
                                                          broadcast_strides(x.shape, result.shape),
                                                          broadcast_strides(y.shape, result.shape)};
  for_each_broadcast(result.shape, strides, [&](std::int64_t index, const std::vector<std::int64_t>& offsets) {
    const bool pick_x = condition.int_data[static_cast<std::size_t>(offsets[0])] != 0;
    const Tensor& source = pick_x ? x : y;
    const auto at = static_cast<std::size_t>(pick_x ? offsets[1] : offsets[2]);
    if (result.is_float()) result.data[static_cast<std::size_t>(index)] = source.data[at];
    else result.int_data[static_cast<std::size_t>(index)] = source.int_data[at];
  });
}

std::vector<ValueInfo> infer_bool_unary(const OpContext& c) { return {ValueInfo{DataType::kBool, c.shape(0)}}; }

}  // namespace

const std::vector<OpDefinition>& elementwise_ops() {
  static const std::vector<OpDefinition> ops = {
      {"Relu", infer_same_as_input, compute_relu},
      {"LeakyRelu", infer_same_as_input, compute_leaky_relu},
      {"Sigmoid", infer_same_as_input, compute_sigmoid},
      {"Tanh", infer_same_as_input, compute_tanh},
      {"Erf", infer_same_as_input, compute_erf},
      {"Sqrt", infer_same_as_input, compute_sqrt},
      {"Exp", infer_same_as_input, compute_exp},
      {"Log", infer_same_as_input, compute_log},
      {"Reciprocal", infer_same_as_input, compute_reciprocal},
      {"Softplus", infer_same_as_input, compute_softplus},
      {"Elu", infer_same_as_input, compute_elu},
      {"HardSigmoid", infer_same_as_input, compute_hard_sigmoid},
      {"HardSwish", infer_same_as_input, compute_hard_swish},
      {"Identity", infer_same_as_input, compute_identity},
      {"Dropout", infer_dropout, compute_dropout},
      {"Neg", infer_same_as_input, compute_neg},
      {"Abs", infer_same_as_input, compute_abs},
      {"Floor", infer_same_as_input, compute_floor},
      {"Ceil", infer_same_as_input, compute_ceil},
      {"Not", infer_bool_unary, compute_not},
      {"Clip", infer_same_as_input, compute_clip},
      {"Add", infer_binary<Binary::kAdd>, compute_binary<Binary::kAdd>},
      {"Sub", infer_binary<Binary::kSub>, compute_binary<Binary::kSub>},
      {"Mul", infer_binary<Binary::kMul>, compute_binary<Binary::kMul>},
      {"Div", infer_binary<Binary::kDiv>, compute_binary<Binary::kDiv>},
      {"Pow", infer_binary<Binary::kPow>, compute_binary<Binary::kPow>},
      {"Mod", infer_binary<Binary::kMod>, compute_binary<Binary::kMod>},
      {"PRelu", infer_binary<Binary::kPRelu>, compute_binary<Binary::kPRelu>},
      {"Equal", infer_binary<Binary::kEqual>, compute_binary<Binary::kEqual>},
      {"Less", infer_binary<Binary::kLess>, compute_binary<Binary::kLess>},
      {"Greater", infer_binary<Binary::kGreater>, compute_binary<Binary::kGreater>},
      {"LessOrEqual", infer_binary<Binary::kLessOrEqual>, compute_binary<Binary::kLessOrEqual>},
      {"GreaterOrEqual", infer_binary<Binary::kGreaterOrEqual>, compute_binary<Binary::kGreaterOrEqual>},
      {"And", infer_binary<Binary::kAnd>, compute_binary<Binary::kAnd>},
      {"Or", infer_binary<Binary::kOr>, compute_binary<Binary::kOr>},
      {"Sum", infer_variadic, compute_variadic<Binary::kAdd, false>},
      {"Mean", infer_variadic, compute_variadic<Binary::kAdd, true>},
      {"Max", infer_variadic, compute_variadic<Binary::kMax, false>},
      {"Min", infer_variadic, compute_variadic<Binary::kMin, false>},
      {"Where", infer_where, compute_where},
  };
  return ops;
}

}  // namespace npusim::models
