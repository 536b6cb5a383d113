// `npusim compare`: the precision paths of one depth network side by side (docs/compare.md).
// One row per path, names binding (issue 11): fp32, int8_minmax (the original team's
// baseline: per-tensor min/max), int8 (the best calibration found), int8_out16 (16-bit
// output layer), int8_dual (dual-output split), int8_dualhead (the trained dual-head
// network), int16, fp16, mixed (W16A16 for the operations sensitivity ranks first).
// Accuracy comes from the golden executor on held-out scenes; the simulator fills the
// latency, throughput, DRAM and energy columns through PerformanceFn.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/metrics/depth_metrics.h"
#include "models/ptq/calibrate.h"
#include "models/ptq/calibration_set.h"

namespace npusim::studies {

struct ComparePathSpec {
  std::string name;
  std::string model_path;
  bool float_model = false;             // the FP32 rows: the float executor, no plan
  ptq::CalibrationOptions calibration;
  bool mixed_from_sensitivity = false;  // int16 operations chosen by sensitivity
  std::string fp32_reference;           // the row holding this model's own FP32 accuracy
  bool listed = true;                   // false: measured only as another row's reference
  std::string description;
};

struct CompareSetup {
  std::string model_path;           // default models/depth_l2_relu.onnx
  std::string dualhead_model_path;  // default models/depth_dualhead.onnx
  std::string eval_dir;             // held-out depth set
  std::string calib_dir;            // calibration images
  int calib_count = 64;
  ptq::CalibrationSelection selection = ptq::CalibrationSelection::kRandom;
  std::uint64_t calib_seed = 1;
  double mixed_budget = 0.1;        // share of requantizing operations at W16A16 in `mixed`
  int sensitivity_images = 8;       // calibration images sensitivity measures on
  std::vector<std::string> paths;   // subset of the rows (empty: all)
};

struct CompareRow {
  std::string path, model, description;
  metrics::DepthErrors errors;
  double degradation_pct = 0.0;     // 100 * (abs_rel / own FP32 abs_rel - 1)
  double model_mb = 0.0;            // MiB on the NPU (models/analysis/plan_size.h; FP32: 4 bytes per parameter)
  std::vector<std::string> int16_operations;
  std::optional<quant::QuantPlan> plan;  // quantized rows
  std::optional<double> latency_ms, throughput_ips, dram_mb, energy_mj;
  bool listed = true;
};

std::vector<ComparePathSpec> default_compare_paths(const CompareSetup& setup);

// Fills the simulator's columns of a row (latency_ms ...); may leave them empty.
using PerformanceFn = std::function<void(CompareRow& row)>;
using CompareProgress = std::function<void(const std::string& what)>;

// Runs the chosen paths (and the FP32 rows they are measured against). Throws naming the
// path on any failure.
std::vector<CompareRow> run_compare(const CompareSetup& setup, const PerformanceFn& performance = {},
                                    const CompareProgress& progress = {});

}  // namespace npusim::studies
