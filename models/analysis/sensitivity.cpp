#include "models/analysis/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "models/executor/float_executor.h"
#include "models/golden/fake_quant.h"
#include "models/metrics/depth_eval.h"
#include "models/metrics/model_depth_predictor.h"

namespace npusim::analysis {
namespace {

double abs_rel_of(const models::Graph& graph, const data::DepthDataset& dataset, const metrics::DepthMetricsOptions& metric,
                  const metrics::ModelRunner& run) {
  const metrics::DepthPredictor predictor = metrics::make_depth_predictor(graph, graph.source_path, run);
  return metrics::evaluate_depth_dataset(dataset, predictor, metric).average.mean().abs_rel;
}

// The tensors one operation decides: its outputs and its constant operands (weights).
std::set<std::string> operation_tensors(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                                        const golden::LoweredOp& op) {
  std::set<std::string> names(op.output_values.begin(), op.output_values.end());
  if (const quant::OperationQuantization* planned = plan.find_operation(op.name)) {
    for (const std::string& input : planned->inputs) {
      if (program.graph.is_constant(input)) names.insert(input);
    }
  }
  return names;
}

bool requantizes(const golden::LoweredOp& op) {
  return op.compute == quant::ComputeDomain::kInteger && !golden::is_code_preserving(op.kind);
}

}  // namespace

SensitivityReport measure_sensitivity(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                                      const data::DepthDataset& dataset, const metrics::DepthMetricsOptions& metric,
                                      const SensitivityOptions& options, const SensitivityProgress& progress) {
  const models::Graph& graph = program.graph;
  SensitivityReport report;
  report.images = static_cast<int>(dataset.samples.size());
  models::FloatExecutor float_model(graph);
  report.fp32_abs_rel = abs_rel_of(graph, dataset, metric, [&](const models::Tensor& x) { return float_model.run({x}); });
  const golden::FakeQuantExecutor all(program, plan);
  report.quantized_abs_rel = abs_rel_of(graph, dataset, metric, [&](const models::Tensor& x) { return all.run({x}); });
  const std::map<std::string, quant::TensorQuantization> grids = golden::graph_value_grids(program);
  std::vector<const golden::LoweredOp*> layers;
  for (const golden::LoweredOp& op : program.ops) {
    if (requantizes(op)) layers.push_back(&op);
  }
  const std::size_t steps = layers.size();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const golden::LoweredOp& op = *layers[l];
    const std::set<std::string> mine = operation_tensors(program, plan, op);
    LayerSensitivity layer;
    layer.operation = op.name;
    layer.kind = std::string(golden::op_kind_name(op.kind));
    layer.tensor = op.output_values.at(0);
    if (options.only_this) {
      const golden::FakeQuantExecutor only(program, plan, [&](const std::string& t) { return mine.count(t) > 0; });
      layer.only_this = abs_rel_of(graph, dataset, metric, [&](const models::Tensor& x) { return only.run({x}); });
    }
    if (options.all_but_this) {
      const golden::FakeQuantExecutor others(program, plan, [&](const std::string& t) { return mine.count(t) == 0; });
      layer.all_but_this = abs_rel_of(graph, dataset, metric, [&](const models::Tensor& x) { return others.run({x}); });
    }
    const quant::TensorQuantization& grid = grids.at(layer.tensor);
    if (options.noise && grid.format.kind == quant::TensorFormatKind::kInteger && !grid.axis) {
      layer.noise_std = grid.scales[0] / std::sqrt(12.0);
      std::mt19937_64 random(options.noise_seed + l);
      std::normal_distribution<float> normal(0.0f, static_cast<float>(layer.noise_std));
      layer.noise = abs_rel_of(graph, dataset, metric, [&](const models::Tensor& x) {
        return float_model.run({x}, {}, [&](const std::string& name, models::Tensor& tensor) {
          if (name != layer.tensor) return;
          for (float& value : tensor.data) value += normal(random);
        });
      });
    }
    report.layers.push_back(std::move(layer));
    if (progress) progress(l + 1, steps);
  }
  return report;
}

std::vector<std::string> most_sensitive_operations(const SensitivityReport& report, std::size_t count) {
  std::vector<const LayerSensitivity*> order;
  for (const LayerSensitivity& layer : report.layers) order.push_back(&layer);
  const auto gain = [&](const LayerSensitivity* l) {
    return l->all_but_this ? report.quantized_abs_rel - *l->all_but_this : 0.0;
  };
  const auto damage = [&](const LayerSensitivity* l) { return l->only_this ? *l->only_this - report.fp32_abs_rel : 0.0; };
  const auto noise = [&](const LayerSensitivity* l) { return l->noise ? *l->noise - report.fp32_abs_rel : 0.0; };
  std::stable_sort(order.begin(), order.end(), [&](const LayerSensitivity* a, const LayerSensitivity* b) {
    if (gain(a) != gain(b)) return gain(a) > gain(b);
    if (damage(a) != damage(b)) return damage(a) > damage(b);
    return noise(a) > noise(b);
  });
  std::vector<std::string> names;
  for (std::size_t i = 0; i < order.size() && i < count; ++i) names.push_back(order[i]->operation);
  return names;
}

}  // namespace npusim::analysis
