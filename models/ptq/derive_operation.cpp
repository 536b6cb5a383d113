// Per-kind integer parameters of a plan operation, derived from the tensors' grids
// (docs/ptq.md, "From grids to integers").
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/executor/kernels/resize_taps.h"
#include "models/golden/element_region.h"
#include "models/golden/golden_tensor.h"
#include "models/golden/lowering_context.h"
#include "models/ptq/plan_builder.h"
#include "quant/requant/quantize_multiplier.h"

namespace npusim::ptq {
namespace {

using golden::OpGroup;
using golden::OpKind;

quant::QuantSpec weight_spec(int bits) {
  quant::QuantSpec spec;
  spec.bits = bits;
  spec.is_signed = true;
  spec.scheme = quant::QuantScheme::kSymmetric;
  spec.narrow_range = true;  // -127..127: the grid is symmetric, -w is as exact as w
  return spec;
}

// Axis of the output channels in the weight tensor as the model stores it.
int weight_axis(const models::Node& node) {
  if (node.op_type == "ConvTranspose") return 1;
  if (node.op_type == "Gemm") return node.attr_int("transB", 0) != 0 ? 0 : 1;
  if (node.op_type == "MatMul") return 1;
  return 0;
}

// The weight grid from the weight observer, per output channel or per tensor.
quant::TensorQuantization weight_grid(PlanBuilder& b, const OpGroup& group, const std::string& name, int bits) {
  const models::Node& node = b.graph.nodes[group.nodes[0]];
  const models::Tensor& w = b.graph.constants.at(name);
  std::optional<int> axis;
  if (b.options.weights_per_channel && !(node.op_type == "ConvTranspose" && node.attr_int("group", 1) != 1)) {
    axis = weight_axis(node);
  }
  quant::ObserverConfig config{weight_spec(bits), axis};
  std::unique_ptr<quant::Observer> observer =
      quant::make_observer(b.options.weight_observer, config, b.options.weight_observer_settings);
  try {
    observer->observe(w.data, w.shape);
  } catch (const std::exception& error) {
    b.fail(group, "weights '" + name + "': " + error.what());
  }
  return quant::make_integer_tensor_quantization(name, config.spec, observer->qparams(), axis);
}

// A constant data operand (Add/Mul/Concat with a tensor) on its own min/max grid.
quant::TensorQuantization constant_grid(PlanBuilder& b, const std::string& name, int bits) {
  const models::Tensor& c = b.graph.constants.at(name);
  const auto [low, high] = std::minmax_element(c.data.begin(), c.data.end());
  quant::QuantSpec spec;
  spec.bits = bits;
  spec.is_signed = true;
  const quant::QParams params = quant::choose_qparams(c.data.empty() ? 0.0f : *low, c.data.empty() ? 0.0f : *high, spec);
  return quant::make_integer_tensor_quantization(name, spec, {params});
}

// The fused activation (the group's second node) applied in the requantization.
void apply_fused_activation(const PlanBuilder& b, const OpGroup& group, const quant::TensorQuantization& output,
                            quant::OperationRequant& requant) {
  if (group.nodes.size() < 2) return;
  const models::Node& act = b.graph.nodes[group.nodes[1]];
  if (act.op_type == "Relu") {
    requant.activation = quant::FusedActivation::kRelu;
  } else if (act.op_type == "LeakyRelu") {
    const double alpha = act.attr_float("alpha", 0.01f);
    requant.activation = quant::FusedActivation::kLeakyRelu;
    for (std::size_t c = 0; c < requant.multipliers.size(); ++c) {
      const double scale = quant::dequantize_multiplier(requant.multipliers[c], requant.shifts[c]);
      if (alpha <= 0) b.fail(group, "LeakyRelu alpha " + std::to_string(alpha) + " must be > 0 on the integer path");
      const quant::QuantizedMultiplier negative = quant::quantize_multiplier(alpha * scale);
      requant.negative_multipliers.push_back(negative.multiplier);
      requant.negative_shifts.push_back(negative.shift);
    }
  } else if (act.op_type == "Clip") {
    // Clip narrows the clamp to the codes of [min, max] (bounds from attributes or inputs).
    float low = act.attr_float("min", -3.402823466e38f), high = act.attr_float("max", 3.402823466e38f);
    if (act.has_input(1)) low = b.graph.constants.at(act.inputs[1]).data.at(0);
    if (act.has_input(2)) high = b.graph.constants.at(act.inputs[2]).data.at(0);
    const double s = output.scales[0];
    const double zp = output.zero_points[0];
    const auto code = [&](double v) { return std::clamp(zp + std::nearbyint(v / s), -2147483648.0, 2147483647.0); };
    requant.qmin = std::max<std::int32_t>(requant.qmin, static_cast<std::int32_t>(code(low)));
    requant.qmax = std::min<std::int32_t>(requant.qmax, static_cast<std::int32_t>(code(high)));
    if (requant.qmin > requant.qmax) b.fail(group, "Clip range [" + std::to_string(low) + ", " + std::to_string(high) + "] holds no code");
  }
}

int grid_bits(const quant::TensorQuantization& grid) { return grid.format.bits; }

// Largest fraction bits F such that the table fits int32 and 2^-F / s_y stays a valid
// requantization scale.
int table_fraction_bits(const PlanBuilder& b, const OpGroup& group, const std::vector<float>& values,
                        double output_scale) {
  double largest = 0.0;
  for (float v : values) largest = std::max(largest, std::fabs(static_cast<double>(v)));
  int bits = largest > 0 ? 30 - static_cast<int>(std::ceil(std::log2(largest + 1e-300))) : 30;
  bits = std::clamp(bits, 0, 62);
  const int max_shift = b.options.rounding == quant::RoundingMode::kTfliteDouble ? 62 : 63;
  for (; bits >= 0; --bits) {
    if (largest * std::ldexp(1.0, bits) >= 2147483647.0) continue;
    try {
      if (quant::quantize_multiplier(std::ldexp(1.0, -bits) / output_scale).shift <= max_shift) return bits;
    } catch (const std::invalid_argument&) {
    }
  }
  b.fail(group, "no fixed-point fraction keeps the table and its output scale representable");
}

}  // namespace

const quant::TensorQuantization& PlanBuilder::grid(const std::string& value) const {
  auto found = grids.find(value);
  if (found == grids.end()) throw std::runtime_error("calibration: no grid for tensor '" + value + "'");
  return found->second;
}

float PlanBuilder::scale(const std::string& value) const { return grid(value).scales.at(0); }
std::int32_t PlanBuilder::zero_point(const std::string& value) const { return grid(value).zero_points.at(0); }

void PlanBuilder::fail(const OpGroup& group, const std::string& what) const {
  throw std::runtime_error("calibration of " + graph.nodes[group.nodes[0]].describe() + ": " + what);
}

quant::OperationRequant make_requant(const PlanBuilder& b, const OpGroup& group, double real_scale,
                                     const quant::TensorQuantization& output) {
  quant::OperationRequant requant;
  requant.rounding = b.options.rounding;
  try {
    const quant::QuantizedMultiplier m = quant::quantize_multiplier(real_scale);
    requant.multipliers = {m.multiplier};
    requant.shifts = {m.shift};
  } catch (const std::invalid_argument& error) {
    b.fail(group, std::string("requantization scale: ") + error.what());
  }
  requant.zero_point = output.zero_points.at(0);
  requant.qmin = golden::format_code_min(output);
  requant.qmax = golden::format_code_max(output);
  return requant;
}

quant::OperationQuantization derive_operation(PlanBuilder& b, const GroupDecision& d,
                                              std::vector<std::string>& new_tensors) {
  const OpGroup& group = *d.group;
  const models::Node& anchor = b.graph.nodes[group.nodes[0]];
  quant::OperationQuantization op;
  op.name = anchor.name;
  op.kind = std::string(golden::op_kind_name(group.kind));
  for (std::size_t n : group.nodes) op.nodes.push_back(b.graph.nodes[n].name);
  op.inputs = group.inputs;
  op.compute = d.compute;
  if (d.compute != quant::ComputeDomain::kInteger) op.accumulation = b.options.float_accumulation;
  const std::string& out_value = group.outputs.at(0);
  if (d.lo_bits > 0) {
    op.outputs = {out_value + ".hi", out_value + ".lo"};
  } else {
    op.outputs = group.outputs;
  }
  const bool is_mac = group.kind == OpKind::kConv || group.kind == OpKind::kGemm;
  if (is_mac) {
    const std::string& w = group.constants.at(0);
    op.inputs.push_back(w);
    if (d.compute != quant::ComputeDomain::kInteger) {
      b.grids[w] = quant::make_float_tensor_quantization(w, std::string(quant::compute_domain_name(d.compute)));
    } else {
      b.grids[w] = weight_grid(b, group, w, d.weight_bits);
    }
    new_tensors.push_back(w);
  }
  if (group.kind == OpKind::kLayerNorm) op.inputs.push_back(anchor.inputs.at(1));
  if (d.compute != quant::ComputeDomain::kInteger) {
    if (group.kind == OpKind::kLayerNorm) {
      const std::string& gamma = anchor.inputs.at(1);
      b.grids[gamma] = quant::make_float_tensor_quantization(gamma, std::string(quant::compute_domain_name(d.compute)));
      new_tensors.push_back(gamma);
    }
    return op;
  }
  for (const std::string& input : group.inputs) {
    if (b.graph.is_constant(input) && !b.grids.count(input)) {
      b.grids[input] = constant_grid(b, input, d.activation_bits);
      new_tensors.push_back(input);
    }
  }
  const quant::TensorQuantization& output = b.grid(out_value);  // the wide grid for a dual output
  const double s_y = output.scales.at(0);
  switch (group.kind) {
    case OpKind::kConv:
    case OpKind::kGemm: {
      const double s_x = b.scale(group.inputs[0]);
      const quant::TensorQuantization& w = b.grid(group.constants[0]);
      quant::OperationRequant requant = make_requant(b, group, s_x * w.scales[0] / s_y, output);
      if (w.axis) {
        requant.multipliers.clear();
        requant.shifts.clear();
        for (float s_w : w.scales) {
          const quant::OperationRequant channel = make_requant(b, group, s_x * s_w / s_y, output);
          requant.multipliers.push_back(channel.multipliers[0]);
          requant.shifts.push_back(channel.shifts[0]);
        }
        requant.axis = group.kind == OpKind::kConv
                           ? 1
                           : static_cast<int>(b.graph.value_info(out_value).shape.size()) - 1;
      }
      apply_fused_activation(b, group, output, requant);
      op.requant = requant;
      break;
    }
    case OpKind::kAdd: {
      const double s_a = b.scale(group.inputs[0]), s_b = b.scale(group.inputs[1]);
      const double s_max = std::max(s_a, s_b);
      // Each operand scaled to the larger scale with A fraction bits: |acc| <= 2 (2^bits - 1) 2^A < 2^31.
      const int bits = std::max(grid_bits(b.grid(group.inputs[0])), grid_bits(b.grid(group.inputs[1])));
      const int align = 30 - bits;
      const auto multiplier = [&](double s) { return static_cast<std::int32_t>(std::nearbyint(s / s_max * std::ldexp(1.0, align))); };
      const bool subtract = anchor.op_type == "Sub";
      op.input_multipliers = {multiplier(s_a), subtract ? -multiplier(s_b) : multiplier(s_b)};
      quant::OperationRequant requant = make_requant(b, group, s_max / (s_y * std::ldexp(1.0, align)), output);
      apply_fused_activation(b, group, output, requant);
      op.requant = requant;
      break;
    }
    case OpKind::kMul:
    case OpKind::kMatMul:
      op.requant = make_requant(b, group, static_cast<double>(b.scale(group.inputs[0])) * b.scale(group.inputs[1]) / s_y, output);
      break;
    case OpKind::kConcat:
      for (const std::string& input : group.inputs) op.input_requants.push_back(make_requant(b, group, b.scale(input) / s_y, output));
      break;
    case OpKind::kLut: {
      const quant::TensorQuantization& in = b.grid(group.inputs[0]);
      std::vector<float> x;
      for (std::int32_t code = golden::format_code_min(in); code <= golden::format_code_max(in); ++code) {
        x.push_back(static_cast<float>(static_cast<double>(code - in.zero_points[0]) * in.scales[0]));
      }
      const int fraction = table_fraction_bits(b, group, golden::evaluate_element_region(b.graph, group, x), s_y);
      op.integer_params["fraction_bits"] = fraction;
      op.requant = make_requant(b, group, std::ldexp(1.0, -fraction) / s_y, output);
      break;
    }
    case OpKind::kResizeLinear: {
      const int fraction = (31 - grid_bits(b.grid(group.inputs[0]))) / 2;  // 8-bit: 11, 16-bit: 7
      const models::kernels::ResizePlan plan =
          models::kernels::plan_resize(golden::graph_node_context(b.graph, anchor));
      int resampled = 0;
      for (const auto& axis : plan.axes) resampled += axis.empty() ? 0 : 1;
      op.integer_params["fraction_bits"] = fraction;
      op.requant = make_requant(b, group, b.scale(group.inputs[0]) / s_y * std::ldexp(1.0, -fraction * resampled), output);
      break;
    }
    case OpKind::kAvgPool:
      op.requant = make_requant(b, group, b.scale(group.inputs[0]) / s_y, output);
      break;
    case OpKind::kSoftmax:
      op.integer_params["exp_bits"] = 16;
      op.integer_params["probability_bits"] = 16;
      if (output.format.kind != quant::TensorFormatKind::kLog2) {
        op.requant = make_requant(b, group, std::ldexp(1.0, -16) / s_y, output);
      }
      break;
    case OpKind::kLayerNorm: {
      const std::string& gamma = anchor.inputs.at(1);
      {  // one symmetric grid for every scale value (the requantization is per tensor)
        const models::Tensor& g = b.graph.constants.at(gamma);
        const quant::ObserverConfig config{weight_spec(d.weight_bits), std::nullopt};
        auto observer = quant::make_observer("minmax", config, {});
        observer->observe(g.data, g.shape);
        b.grids[gamma] = quant::make_integer_tensor_quantization(gamma, config.spec, observer->qparams());
      }
      new_tensors.push_back(gamma);
      const int normalized_bits = 12;
      op.integer_params["normalized_bits"] = normalized_bits;
      op.requant = make_requant(b, group, std::ldexp(static_cast<double>(b.scale(gamma)), -normalized_bits) / s_y, output);
      break;
    }
    case OpKind::kMove:
    case OpKind::kMaxPool:
    case OpKind::kResizeNearest:
      break;
  }
  if (op.requant && d.lo_bits > 0) {
    op.requant->lo_bits = d.lo_bits;
    op.requant->zero_point = 0;
  }
  return op;
}

}  // namespace npusim::ptq
