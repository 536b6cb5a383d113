// `npusim compare`: the precision paths of one depth network side by side (docs/compare.md).
// One row per path, names binding (issue 11): fp32, int8_minmax (the original team's
// baseline: per-tensor min/max), int8 (the best calibration found), int8_out16 (16-bit
// output layer), int8_dual (dual-output split), int8_dualhead (the trained dual-head
// network), int16, fp16, mixed (W16A16 for the operations sensitivity ranks first).
// Accuracy comes from the golden executor on held-out scenes; the SystemC model times each
// quantized path on the chosen NPU (latency, throughput, DRAM traffic and energy per image).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/analysis/profile.h"
#include "models/data/depth_dataset.h"
#include "models/metrics/depth_metrics.h"
#include "sim/config/npu_config.h"
#include "sim/npu/simulate.h"
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
  // How the report names the two sets; empty: their folders. Generated sets live in
  // temporary folders removed after the run, so the command names them by count and seed.
  std::string eval_label, calib_label;
  int calib_count = 64;
  ptq::CalibrationSelection selection = ptq::CalibrationSelection::kRandom;
  std::uint64_t calib_seed = 1;
  double mixed_budget = 0.1;        // share of requantizing operations at W16A16 in `mixed`
  int sensitivity_images = 8;       // calibration images sensitivity measures on
  std::vector<std::string> paths;   // subset of the rows (empty: all)
  std::optional<sim::NpuConfig> npu;  // set: quantized rows are timed on it (batch 1, and the batch curve)
  std::vector<int> batch_curve = {1, 2, 4, 8, 16};
  int depth_maps = 3;                   // predictions kept for the first N held-out images
  std::string profiled_path = "int8";   // per-layer SQNR and saturation of this row
  int profile_images = 4;
};

struct CompareRow {
  std::string path, model, description;
  metrics::DepthErrors errors;
  double degradation_pct = 0.0;     // 100 * (abs_rel / own FP32 abs_rel - 1)
  double model_mb = 0.0;            // MiB on the NPU (models/analysis/plan_size.h; FP32: 4 bytes per parameter)
  std::vector<std::string> int16_operations;
  std::optional<quant::QuantPlan> plan;  // quantized rows
  std::optional<double> latency_ms, throughput_ips, dram_mb, energy_mj;  // per image, batch 1, from the simulator
  std::optional<sim::SimulationReport> simulation;                        // batch 1
  std::string npu_unsupported;  // why the NPU cannot run this path (a precision it lacks ...)
  std::vector<std::pair<int, sim::SimulationReport>> batch_curve;         // (batch, report)
  std::vector<data::DepthMap> depth_maps;                                  // the first held-out images
  std::optional<analysis::ProfileReport> profile;                         // the profiled row
  bool listed = true;
};

std::vector<ComparePathSpec> default_compare_paths(const CompareSetup& setup);

using CompareProgress = std::function<void(const std::string& what)>;

// Runs the chosen paths (and the FP32 rows they are measured against). Throws naming the
// path on any failure. The FP32 rows have no simulator columns (the NPU has no FP32 arrays).
std::vector<CompareRow> run_compare(const CompareSetup& setup, const CompareProgress& progress = {});

}  // namespace npusim::studies
