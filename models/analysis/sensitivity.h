// `npusim sensitivity`: which operations of a quantized network cost the depth accuracy, by
// three measurements per operation (docs/ptq.md, "Sensitivity"), all with the depth metric:
//  - only this one quantized (its output grid and weights), the rest float: its own damage;
//  - every operation quantized but this one: what promoting it would win back;
//  - the float model with Gaussian noise of this output grid's quantization-noise power
//    (step^2 / 12) added to its output: a Hessian-like proxy that needs no rounding model.
// The quantized variants are fake-quant simulations (golden/fake_quant.h) of the plan.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/data/depth_dataset.h"
#include "models/golden/program.h"
#include "models/metrics/depth_metrics.h"

namespace npusim::analysis {

struct SensitivityOptions {
  bool only_this = true;
  bool all_but_this = true;
  bool noise = true;
  std::uint64_t noise_seed = 1;
};

struct LayerSensitivity {
  std::string operation;
  std::string kind;
  std::string tensor;                  // its (first) output
  std::optional<double> only_this;     // abs_rel with only this operation quantized
  std::optional<double> all_but_this;  // abs_rel with every other operation quantized
  std::optional<double> noise;         // abs_rel of the float model with this noise
  double noise_std = 0.0;              // the noise's standard deviation (real units)
};

struct SensitivityReport {
  double fp32_abs_rel = 0.0;
  double quantized_abs_rel = 0.0;  // every operation quantized (fake-quant)
  int images = 0;
  std::vector<LayerSensitivity> layers;  // the operations that requantize, in execution order
};

using SensitivityProgress = std::function<void(std::size_t done, std::size_t total)>;

SensitivityReport measure_sensitivity(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                                      const data::DepthDataset& dataset, const metrics::DepthMetricsOptions& metric,
                                      const SensitivityOptions& options, const SensitivityProgress& progress = {});

// The `count` operations whose quantization costs most: largest gain when left out
// (all_but_this), then largest own damage (only_this), then noise; stable for ties.
std::vector<std::string> most_sensitive_operations(const SensitivityReport& report, std::size_t count);

}  // namespace npusim::analysis
