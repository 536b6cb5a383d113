#include "models/ptq/calibrate.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "models/executor/float_executor.h"
#include "models/golden/graph_fingerprint.h"
#include "models/golden/op_groups.h"
#include "models/graph/batchnorm_fold.h"
#include "models/ptq/plan_builder.h"

namespace npusim::ptq {
namespace {

using golden::OpGroup;
using golden::OpKind;
using quant::TensorQuantization;

bool is_mac(OpKind kind) { return kind == OpKind::kConv || kind == OpKind::kGemm; }

quant::ComputeDomain float_domain(Precision precision) {
  return precision == Precision::kBf16 ? quant::ComputeDomain::kBFloat16 : quant::ComputeDomain::kFloat16;
}

// The groups from the last MAC operation before each graph output to the output itself:
// "the output layer" that --output-bits 16 and the dual output widen.
std::set<const OpGroup*> output_chains(const models::Graph& graph, const std::vector<OpGroup>& groups) {
  std::map<std::string, const OpGroup*> producer;
  for (const OpGroup& group : groups) {
    for (const std::string& value : group.outputs) producer[value] = &group;
  }
  std::set<const OpGroup*> chain;
  for (const std::string& output : graph.output_names) {
    auto found = producer.find(output);
    while (found != producer.end()) {
      const OpGroup* group = found->second;
      chain.insert(group);
      if (is_mac(group->kind) || group->inputs.empty()) break;
      found = producer.find(group->inputs[0]);
    }
  }
  return chain;
}

std::vector<GroupDecision> decide(const models::Graph& graph, const std::vector<OpGroup>& groups,
                                  const CalibrationOptions& options) {
  if (options.output_bits != 8 && options.output_bits != 16) {
    throw std::runtime_error("--output-bits must be 8 or 16 (got " + std::to_string(options.output_bits) + ")");
  }
  if (options.dual_output_lo_bits < 0 || options.dual_output_hi_bits < 1 ||
      options.dual_output_lo_bits + options.dual_output_hi_bits > 16) {
    throw std::runtime_error("--dual-output " + std::to_string(options.dual_output_lo_bits) + " with " +
                             std::to_string(options.dual_output_hi_bits) +
                             " hi bits: the wide output must fit 16 bits (lo_bits + hi_bits <= 16)");
  }
  std::set<std::string> names;
  for (const OpGroup& group : groups) names.insert(group.name);
  for (const auto* set : {&options.int16_ops, &options.float_ops}) {
    for (const std::string& name : *set) {
      if (!names.count(name)) throw std::runtime_error("mixed precision: the model has no operation '" + name + "'");
    }
  }
  if (options.precision != Precision::kMixed && (!options.int16_ops.empty() || !options.float_ops.empty())) {
    throw std::runtime_error("per-operation precisions need --precision mixed");
  }
  const std::set<const OpGroup*> chain = output_chains(graph, groups);
  const std::set<std::string> graph_outputs(graph.output_names.begin(), graph.output_names.end());
  std::vector<GroupDecision> decisions;
  for (const OpGroup& group : groups) {
    GroupDecision d;
    d.group = &group;
    switch (options.precision) {
      case Precision::kInt8: break;
      case Precision::kInt16: d.activation_bits = d.weight_bits = 16; break;
      case Precision::kFp16:
      case Precision::kBf16: d.compute = float_domain(options.precision); break;
      case Precision::kMixed:
        if (options.int16_ops.count(group.name)) d.activation_bits = d.weight_bits = 16;
        if (options.float_ops.count(group.name)) d.compute = quant::ComputeDomain::kFloat16;
        break;
    }
    const bool widened_output = options.output_bits == 16 || options.dual_output_lo_bits > 0;
    if (widened_output && chain.count(&group)) d.activation_bits = 16;
    if (options.dual_output_lo_bits > 0 && group.outputs.size() == 1 && graph_outputs.count(group.outputs[0])) {
      if (d.compute != quant::ComputeDomain::kInteger || golden::is_code_preserving(group.kind) ||
          group.kind == OpKind::kConcat || group.kind == OpKind::kSoftmax) {
        throw std::runtime_error("--dual-output: model output '" + group.outputs[0] + "' is produced by " +
                                 graph.nodes[group.nodes[0]].describe() +
                                 ", which has no requantization stage to split");
      }
      d.lo_bits = options.dual_output_lo_bits;
    }
    decisions.push_back(d);
  }
  return decisions;
}

quant::QuantSpec activation_spec(int bits, const CalibrationOptions& options) {
  quant::QuantSpec spec;
  spec.bits = bits;
  spec.is_signed = true;
  spec.scheme = options.activations_symmetric ? quant::QuantScheme::kSymmetric : quant::QuantScheme::kAsymmetric;
  return spec;
}

bool is_image_input(const models::Graph& graph, const std::string& name) {
  const models::ValueInfo& info = graph.value_info(name);
  return info.dtype == models::DataType::kFloat32 && info.shape.size() == 4 && info.shape[1] == 3;
}

// How each tensor is stored, before its range is known.
struct TensorPlan {
  enum class Kind { kObserved, kInherit, kFloat, kImage, kLog2, kDualWide } kind = Kind::kObserved;
  int bits = 8;
  std::string source;  // kInherit: the tensor whose grid it keeps
  quant::ComputeDomain float_format = quant::ComputeDomain::kFloat16;
};

}  // namespace

std::string_view precision_name(Precision precision) {
  switch (precision) {
    case Precision::kInt8: return "int8";
    case Precision::kInt16: return "int16";
    case Precision::kFp16: return "fp16";
    case Precision::kBf16: return "bf16";
    case Precision::kMixed: return "mixed";
  }
  return "int8";
}

std::optional<Precision> parse_precision(std::string_view name) {
  for (Precision p : {Precision::kInt8, Precision::kInt16, Precision::kFp16, Precision::kBf16, Precision::kMixed}) {
    if (name == precision_name(p)) return p;
  }
  return std::nullopt;
}

quant::QuantPlan calibrate(const models::Graph& imported, const std::vector<CalibrationSample>& samples,
                           const CalibrationOptions& options, const CalibrationProgress& progress) {
  if (samples.empty()) throw std::runtime_error("calibration needs at least one sample (the data set is empty)");
  models::Graph graph = imported;
  models::fold_batch_normalization(graph);
  const std::vector<OpGroup> groups = golden::group_operations(graph);
  const std::vector<GroupDecision> decisions = decide(graph, groups, options);

  // 1. How every tensor is stored.
  std::map<std::string, bool> read_by_integer;
  for (const GroupDecision& d : decisions) {
    for (const std::string& input : d.group->inputs) {
      read_by_integer[input] = read_by_integer[input] || d.compute == quant::ComputeDomain::kInteger;
    }
  }
  const std::set<std::string> graph_outputs(graph.output_names.begin(), graph.output_names.end());
  std::map<std::string, TensorPlan> plans;
  for (const std::string& input : graph.input_names) {
    TensorPlan plan;
    plan.kind = options.image_input_uint8 && is_image_input(graph, input) ? TensorPlan::Kind::kImage : TensorPlan::Kind::kObserved;
    plan.bits = options.precision == Precision::kInt16 ? 16 : 8;
    plans[input] = plan;
  }
  for (const GroupDecision& d : decisions) {
    for (const std::string& value : d.group->outputs) {
      TensorPlan plan;
      plan.bits = d.activation_bits;
      if (d.compute != quant::ComputeDomain::kInteger) {
        if (!read_by_integer[value]) {
          plan.kind = TensorPlan::Kind::kFloat;
          plan.float_format = d.compute;
        }
      } else if (golden::is_code_preserving(d.group->kind)) {
        plan.kind = TensorPlan::Kind::kInherit;
        plan.source = d.group->inputs.at(0);
      } else if (d.group->kind == OpKind::kSoftmax && options.softmax_log2) {
        plan.kind = TensorPlan::Kind::kLog2;
      } else if (d.lo_bits > 0) {
        plan.kind = TensorPlan::Kind::kDualWide;
      }
      plans[value] = plan;
    }
  }

  // 2. Observe the tensors whose range decides their grid, over every sample.
  std::map<std::string, std::unique_ptr<quant::Observer>> observers;
  for (const auto& [value, plan] : plans) {
    if (plan.kind != TensorPlan::Kind::kObserved && plan.kind != TensorPlan::Kind::kDualWide &&
        plan.kind != TensorPlan::Kind::kImage) {
      continue;
    }
    const std::string observer_name = plan.kind == TensorPlan::Kind::kObserved ? options.observer : "minmax";
    quant::ObserverConfig config{activation_spec(plan.bits, options), std::nullopt};
    observers[value] = quant::make_observer(observer_name, config,
                                            observer_name == options.observer ? options.observer_settings
                                                                              : quant::ObserverSettings{});
  }
  models::FloatExecutor executor(graph);
  for (std::size_t s = 0; s < samples.size(); ++s) {
    executor.run(samples[s], [&](const std::string& name, const models::Tensor& tensor) {
      auto found = observers.find(name);
      if (found == observers.end()) return;
      try {
        found->second->observe(tensor.data.data(), tensor.shape);
      } catch (const std::exception& error) {
        throw std::runtime_error("calibration sample " + std::to_string(s) + ": tensor '" + name + "': " + error.what());
      }
    });
    if (progress) progress(s + 1, samples.size());
  }

  // 3. Grids, in graph order so that inherited grids exist before they are copied.
  PlanBuilder builder{graph, options, {}};
  const auto observed_range = [&](const std::string& value) {
    const quant::ObservedRange range = observers.at(value)->ranges().at(0);
    if (range.min == range.max) {
      throw std::runtime_error("tensor '" + value + "' had the single value " + std::to_string(range.min) +
                               " on every calibration sample (zero range): no grid can be chosen from it; "
                               "calibrate with more varied data");
    }
    return range;
  };
  const auto grid_for = [&](const std::string& value) {
    const TensorPlan& plan = plans.at(value);
    const quant::QuantSpec spec = activation_spec(plan.bits, options);
    switch (plan.kind) {
      case TensorPlan::Kind::kImage: {
        const quant::ObservedRange range = observed_range(value);
        if (range.min >= 0.0f && range.max <= 1.0f) {  // 8-bit pixels / 255: exactly the model's input
          quant::QuantSpec pixels;
          pixels.bits = 8;
          pixels.is_signed = false;
          return quant::make_integer_tensor_quantization(value, pixels, {quant::QParams{1.0f / 255.0f, 0}});
        }
        observed_range(value);
        return quant::make_integer_tensor_quantization(value, spec, observers.at(value)->qparams());
      }
      case TensorPlan::Kind::kObserved:
        observed_range(value);
        return quant::make_integer_tensor_quantization(value, spec, observers.at(value)->qparams());
      case TensorPlan::Kind::kInherit: {
        TensorQuantization grid = builder.grid(plan.source);
        grid.name = value;
        return grid;
      }
      case TensorPlan::Kind::kFloat:
        return quant::make_float_tensor_quantization(value, std::string(quant::compute_domain_name(plan.float_format)));
      case TensorPlan::Kind::kLog2: {
        TensorQuantization grid;
        grid.name = value;
        grid.format = *quant::parse_tensor_format("log2");
        grid.log2_bits = 4;
        return grid;
      }
      case TensorPlan::Kind::kDualWide: {
        const quant::ObservedRange range = observed_range(value);
        const int lo_bits = options.dual_output_lo_bits, hi_bits = options.dual_output_hi_bits;
        if (range.min < 0.0f) {
          throw std::runtime_error("--dual-output: output '" + value + "' takes negative values (" +
                                   std::to_string(range.min) + "); the split needs a non-negative range");
        }
        // Whole units in hi and 2^-lo_bits steps in lo when the range fits 2^hi_bits units.
        const double max_code = std::ldexp(1.0, lo_bits + hi_bits) - 1.0;
        const float scale = range.max < std::ldexp(1.0, hi_bits) ? static_cast<float>(std::ldexp(1.0, -lo_bits))
                                                                  : static_cast<float>(range.max / max_code);
        quant::QuantSpec wide;
        wide.bits = lo_bits + hi_bits;
        wide.is_signed = false;
        return quant::make_integer_tensor_quantization(value, wide, {quant::QParams{scale, 0}});
      }
    }
    throw std::logic_error("unhandled tensor plan");
  };
  for (const std::string& input : graph.input_names) builder.grids[input] = grid_for(input);
  for (const GroupDecision& d : decisions) {
    for (const std::string& value : d.group->outputs) builder.grids[value] = grid_for(value);
  }

  // 4. Operations, and the plan's tensor list in the order operations need them.
  quant::QuantPlan plan;
  plan.model = quant::ModelReference{std::filesystem::path(graph.source_path).filename().string(),
                                     golden::graph_fingerprint(imported)};
  for (const std::string& input : graph.input_names) plan.tensors.push_back(builder.grids.at(input));
  for (const GroupDecision& d : decisions) {
    std::vector<std::string> new_tensors;
    quant::OperationQuantization op = derive_operation(builder, d, new_tensors);
    for (const std::string& name : new_tensors) plan.tensors.push_back(builder.grids.at(name));
    if (d.lo_bits > 0) {
      const TensorQuantization& wide = builder.grids.at(d.group->outputs[0]);
      quant::QuantSpec hi_spec, lo_spec;
      hi_spec.bits = options.dual_output_hi_bits;
      lo_spec.bits = d.lo_bits;
      hi_spec.is_signed = lo_spec.is_signed = false;
      const float lo_scale = wide.scales[0];
      plan.tensors.push_back(quant::make_integer_tensor_quantization(
          op.outputs[0], hi_spec, {quant::QParams{lo_scale * static_cast<float>(1 << d.lo_bits), 0}}));
      plan.tensors.push_back(quant::make_integer_tensor_quantization(op.outputs[1], lo_spec, {quant::QParams{lo_scale, 0}}));
    } else {
      for (const std::string& value : d.group->outputs) plan.tensors.push_back(builder.grids.at(value));
    }
    plan.operations.push_back(std::move(op));
  }
  plan.metadata = {{"calibration",
                    {{"observer", options.observer},
                     {"samples", samples.size()},
                     {"precision", precision_name(options.precision)},
                     {"weights", options.weights_per_channel ? "per-channel" : "per-tensor"},
                     {"weight_observer", options.weight_observer},
                     {"activations", options.activations_symmetric ? "sym" : "asym"},
                     {"output_bits", options.output_bits},
                     {"dual_output_lo_bits", options.dual_output_lo_bits},
                     {"rounding", quant::rounding_mode_name(options.rounding)}}}};
  quant::validate_quant_plan(plan);
  return plan;
}

}  // namespace npusim::ptq
