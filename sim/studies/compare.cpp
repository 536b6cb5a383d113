#include "sim/studies/compare.h"

#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "models/analysis/plan_size.h"
#include "models/analysis/sensitivity.h"
#include "models/data/depth_dataset.h"
#include "models/golden/golden_executor.h"
#include "models/golden/lower_plan.h"
#include "models/info/model_info.h"
#include "models/metrics/depth_eval.h"
#include "models/metrics/model_depth_predictor.h"
#include "models/onnx/onnx_import.h"
#include "sim/compiler/npu_program.h"
#include "sim/functional/plan_simulation.h"

namespace npusim::studies {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// The calibration the `int8` row uses, chosen on a validation set (scenes seed 3000), never on
// the held-out scenes (scripts/int8_calibration_choice.sh; docs/compare.md, "How int8 was
// chosen"): calibrate's defaults, per-channel symmetric min/max weights, asymmetric min/max
// activations, table-aware ranges. (Percentile and histogram-MSE observers scored within two
// standard errors of it there; among ties the simplest is taken.)
ptq::CalibrationOptions best_int8() { return ptq::CalibrationOptions{}; }

data::DepthDataset open_set(const std::string& dir, int limit = 0) {
  data::DepthDatasetOptions options;
  options.limit = limit;
  return data::open_depth_dataset(dir, options);
}

// The metrics over the set; the first `keep` predictions are kept for the report's maps.
metrics::DepthErrors evaluate(const data::DepthDataset& dataset, const metrics::DepthPredictor& predictor, int keep,
                              std::vector<data::DepthMap>* kept) {
  const metrics::DepthPredictor keeping = [&](const data::DepthSample& sample, const data::RgbImage& image) {
    data::DepthMap depth = predictor(sample, image);
    if (static_cast<int>(kept->size()) < keep) kept->push_back(depth);
    return depth;
  };
  return metrics::evaluate_depth_dataset(dataset, keeping, metrics::DepthMetricsOptions{}).average.mean();
}

}  // namespace

std::vector<ComparePathSpec> default_compare_paths(const CompareSetup& setup) {
  std::vector<ComparePathSpec> paths;
  const auto add = [&](const std::string& name, const std::string& model, const std::string& reference,
                       const std::string& description) -> ComparePathSpec& {
    ComparePathSpec spec;
    spec.name = name;
    spec.model_path = model;
    spec.fp32_reference = reference;
    spec.description = description;
    paths.push_back(spec);
    return paths.back();
  };
  add("fp32", setup.model_path, "fp32", "float model, FP32 executor").float_model = true;
  ComparePathSpec& minmax = add("int8_minmax", setup.model_path, "fp32",
                                "W8A8, per-tensor min/max weights and activations (the original team's baseline)");
  minmax.calibration.weights_per_channel = false;
  minmax.calibration.lut_aware_ranges = false;
  add("int8", setup.model_path, "fp32", "W8A8, per-channel weights, min/max activations, table-aware ranges")
      .calibration = best_int8();
  ComparePathSpec& out16 = add("int8_out16", setup.model_path, "fp32", "int8 with the output layer (head conv to output) in 16 bits");
  out16.calibration = best_int8();
  out16.calibration.output_bits = 16;
  ComparePathSpec& dual = add("int8_dual", setup.model_path, "fp32",
                              "int8, output layer in 16 bits, output as hi (whole metres, 4 bits) + lo (1/256 m, 8 bits)");
  dual.calibration = best_int8();
  dual.calibration.dual_output_lo_bits = 8;
  ComparePathSpec& reference = add("fp32_dualhead", setup.dualhead_model_path, "fp32_dualhead", "dual-head model, FP32");
  reference.float_model = true;
  reference.listed = false;
  add("int8_dualhead", setup.dualhead_model_path, "fp32_dualhead",
      "trained dual-head network (depth_int + depth_frac heads), int8 as the int8 row").calibration = best_int8();
  ComparePathSpec& int16 = add("int16", setup.model_path, "fp32", "W16A16, min/max");
  int16.calibration.precision = ptq::Precision::kInt16;
  ComparePathSpec& fp16 = add("fp16", setup.model_path, "fp32", "FP16 weights and activations, FP32 accumulation");
  fp16.calibration.precision = ptq::Precision::kFp16;
  ComparePathSpec& mixed = add("mixed", setup.model_path, "fp32", "int8 with the most sensitive operations at W16A16");
  mixed.calibration = best_int8();
  mixed.mixed_from_sensitivity = true;
  return paths;
}

std::vector<CompareRow> run_compare(const CompareSetup& setup, const CompareProgress& progress) {
  std::vector<ComparePathSpec> specs = default_compare_paths(setup);
  // A chosen subset keeps the FP32 rows it is measured against.
  if (!setup.paths.empty()) {
    std::vector<ComparePathSpec> chosen;
    for (const std::string& name : setup.paths) {
      bool found = false;
      for (const ComparePathSpec& spec : specs) found = found || (spec.name == name && spec.listed);
      if (!found) throw std::invalid_argument("compare: unknown path '" + name + "'");
    }
    for (ComparePathSpec spec : specs) {
      bool wanted = false, reference = false;
      for (const std::string& name : setup.paths) {
        wanted = wanted || spec.name == name;
        for (const ComparePathSpec& other : specs) reference = reference || (other.name == name && other.fp32_reference == spec.name);
      }
      if (!wanted && reference) spec.listed = false;
      if (wanted || reference) chosen.push_back(spec);
    }
    specs = std::move(chosen);
  }
  const data::DepthDataset eval_set = open_set(setup.eval_dir);
  std::map<std::string, std::unique_ptr<models::Graph>> graphs;
  std::map<std::string, std::vector<ptq::CalibrationSample>> samples;
  const auto graph_of = [&](const std::string& path) -> const models::Graph& {
    auto& slot = graphs[path];
    if (!slot) slot = std::make_unique<models::Graph>(models::load_onnx_model(path));
    return *slot;
  };
  std::map<std::string, double> fp32_abs_rel;
  std::vector<CompareRow> rows;
  for (const ComparePathSpec& spec : specs) {
    if (progress) progress(spec.name);
    CompareRow row;
    row.path = spec.name;
    row.model = spec.model_path;
    row.description = spec.description;
    row.listed = spec.listed;
    const models::Graph& graph = graph_of(spec.model_path);
    try {
      if (spec.float_model) {
        row.errors = evaluate(eval_set, metrics::make_onnx_depth_predictor(spec.model_path), setup.depth_maps, &row.depth_maps);
        row.model_mb = static_cast<double>(models::compute_model_facts(graph).sizes.fp32_bytes) / kMiB;
      } else {
        auto& calibration = samples[spec.model_path];
        if (calibration.empty()) {
          std::ostringstream log;
          calibration = ptq::load_calibration_samples(graph, setup.calib_dir, setup.calib_count, setup.selection,
                                                      setup.calib_seed, log);
        }
        ptq::CalibrationOptions options = spec.calibration;
        if (spec.mixed_from_sensitivity) {
          const quant::QuantPlan base = ptq::calibrate(graph, calibration, options);
          const golden::GoldenProgram base_program = golden::lower_plan(graph, base, spec.name + " (base)");
          analysis::SensitivityOptions sensitivity;
          sensitivity.only_this = sensitivity.noise = false;
          const analysis::SensitivityReport report = analysis::measure_sensitivity(
              base_program, base, open_set(setup.calib_dir, setup.sensitivity_images), metrics::DepthMetricsOptions{}, sensitivity);
          const auto promote = static_cast<std::size_t>(std::ceil(setup.mixed_budget * static_cast<double>(report.layers.size())));
          row.int16_operations = analysis::most_sensitive_operations(report, promote);
          options.precision = ptq::Precision::kMixed;
          options.int16_ops.insert(row.int16_operations.begin(), row.int16_operations.end());
        }
        quant::QuantPlan plan = ptq::calibrate(graph, calibration, options);
        const golden::GoldenProgram program = golden::lower_plan(graph, plan, spec.name);
        const golden::GoldenExecutor executor(program);
        row.errors = evaluate(eval_set, metrics::make_depth_predictor(graph, spec.model_path, [&](const models::Tensor& x) {
          std::vector<models::Tensor> decoded;
          for (const golden::GoldenOutput& output : executor.run_float({x})) decoded.push_back(output.decode());
          return decoded;
        }), setup.depth_maps, &row.depth_maps);
        if (spec.name == setup.profiled_path && setup.profile_images > 0) {
          std::vector<std::vector<models::Tensor>> images;
          const models::Shape& shape = graph.value_info(graph.input_names[0]).shape;
          for (const data::DepthSample& sample : open_set(setup.eval_dir, setup.profile_images).samples) {
            const data::DepthPair pair = data::load_depth_pair(sample, data::DepthPngUnit::kKitti256);
            images.push_back({ptq::depth_model_input(pair.image, static_cast<int>(shape[2]), static_cast<int>(shape[3]), sample.rgb_path)});
          }
          row.profile = analysis::profile_plan(program, plan, images);
        }
        row.model_mb = static_cast<double>(analysis::plan_size(program, plan).total()) / kMiB;
        if (setup.npu) try {
          for (int batch : setup.batch_curve) {
            row.batch_curve.emplace_back(batch, sim::simulate_plan_timing(program, plan, *setup.npu, batch));
          }
          const sim::SimulationReport one = sim::simulate_plan_timing(program, plan, *setup.npu, 1);
          row.latency_ms = one.latency_ms;
          row.throughput_ips = one.throughput_ips;
          row.dram_mb = static_cast<double>(one.dram_read_bytes + one.dram_write_bytes) / 1e6;  // MB (10^6 bytes), as sweep and GB/s
          row.energy_mj = one.energy_uj / 1000.0;
          row.simulation = one;
        } catch (const sim::CompileError& error) {
          // A path this NPU cannot run (FP16 on an integer-only NPU ...) is an answer, not a failure.
          row.npu_unsupported = error.what();
          row.batch_curve.clear();
        }
        row.plan = std::move(plan);
      }
    } catch (const std::exception& error) {
      throw std::runtime_error("compare path '" + spec.name + "': " + error.what());
    }
    if (spec.fp32_reference == spec.name) fp32_abs_rel[spec.name] = row.errors.abs_rel;
    auto reference = fp32_abs_rel.find(spec.fp32_reference);
    if (reference == fp32_abs_rel.end()) throw std::logic_error("compare: FP32 reference row runs after " + spec.name);
    row.degradation_pct = 100.0 * (row.errors.abs_rel / reference->second - 1.0);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace npusim::studies
