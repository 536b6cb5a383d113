// `npusim sensitivity`: per-operation sensitivity of a quantized network with the depth
// metric, and (--assign) a mixed-precision plan that promotes the most sensitive operations
// to W16A16 under a budget: a share of the operations, or a latency on an NPU configuration
// simulated by the SystemC model (models/analysis/sensitivity.h,
// sim/studies/latency_budget_assignment.h; docs/ptq.md, "Sensitivity").
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <nlohmann/json.hpp>

#include "models/analysis/sensitivity.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "sim/config/npu_config.h"
#include "sim/studies/latency_budget_assignment.h"
#include "sim/cli/calibration_options.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/npu_inputs.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

nlohmann::json optional_json(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

}  // namespace

int run_sensitivity(const std::vector<std::string>& args) {
  std::string model_path, data_dir, plan_path, out_path;
  int count = 8;
  double budget = 0.1;
  double latency_budget_ms = 0;
  std::string npu = "hailo8_like";
  po::options_description options("sensitivity options");
  options.add_options()
      ("model", po::value<std::string>(&model_path)->required(), "float ONNX depth model")
      ("data", po::value<std::string>(&data_dir)->required(), "depth data set: calibration images and the images measured")
      ("plan", po::value<std::string>(&plan_path)->default_value(""), "the quantized plan to analyse (default: calibrate one)")
      ("count", po::value<int>(&count)->default_value(8), "images the depth metric is measured on (the first N by name)")
      ("no-only-this", "skip the 'only this operation quantized' measurement")
      ("no-all-but-this", "skip the 'every operation but this one' measurement")
      ("no-noise", "skip the noise-injection measurement")
      ("assign", "write a mixed plan promoting the most sensitive operations to W16A16 (needs --out)")
      ("budget", po::value<double>(&budget)->default_value(0.1, "0.1"), "--assign: share of the requantizing operations at 16 bits, 0..1")
      ("latency-budget-ms", po::value<double>(&latency_budget_ms),
       "--assign: instead of --budget, promote the most sensitive operations while the network's latency on --npu "
       "(SystemC model, batch 1) stays within this many ms; one that does not fit is skipped")
      ("npu", po::value<std::string>(&npu)->default_value("hailo8_like"),
       "--latency-budget-ms: NPU configuration, a preset name or a JSON file")
      ("out", po::value<std::string>(&out_path)->default_value(""), "--assign: the mixed plan to write")
      ("json", "print JSON instead of a table");
  add_calibration_options(options);
  po::variables_map values;
  if (!parse_options("sensitivity", "--model M.onnx --data DIR [--plan P] [--assign (--budget B | --latency-budget-ms L [--npu N]) --out mixed.json] [--json]",
                     options, args, &values)) {
    return kExitOk;
  }
  if (count < 1 || count > 100000) throw UsageError("--count " + std::to_string(count) + " (1..100000)");
  const bool assign = values.count("assign") > 0;
  if (assign && out_path.empty()) throw UsageError("--assign needs --out for the mixed plan");
  if (!assign && !out_path.empty()) throw UsageError("--out is the plan --assign writes; give --assign");
  if (!(budget >= 0.0 && budget <= 1.0)) throw UsageError("--budget " + std::to_string(budget) + " (a share in 0..1)");
  const bool latency_budget = values.count("latency-budget-ms") > 0;
  if (latency_budget && !assign) throw UsageError("--latency-budget-ms is a budget for --assign; give --assign");
  if (latency_budget && !values["budget"].defaulted()) throw UsageError("give --budget or --latency-budget-ms, not both");
  if (latency_budget && !(std::isfinite(latency_budget_ms) && latency_budget_ms > 0 && latency_budget_ms <= 1e6)) {
    throw UsageError("--latency-budget-ms " + std::to_string(latency_budget_ms) + " (must be in (0, 1e6] ms)");
  }
  if (!values["npu"].defaulted() && !latency_budget) throw UsageError("--npu is the NPU of --latency-budget-ms; give it too");
  analysis::SensitivityOptions sensitivity_options;
  sensitivity_options.only_this = !values.count("no-only-this");
  sensitivity_options.all_but_this = !values.count("no-all-but-this");
  sensitivity_options.noise = !values.count("no-noise");
  if (assign && !sensitivity_options.all_but_this && !sensitivity_options.only_this && !sensitivity_options.noise) {
    throw UsageError("--assign needs at least one measurement to rank by");
  }
  CalibrationRequest request = calibration_request_from(values);
  const models::Graph graph = models::load_onnx_model(model_path);
  const quant::QuantPlan plan =
      plan_path.empty() ? calibrate_on_dataset(graph, data_dir, request, std::cerr) : quant::load_quant_plan(plan_path);
  const golden::GoldenProgram program = golden::lower_plan(graph, plan, plan_path.empty() ? "calibrated plan" : plan_path);
  data::DepthDatasetOptions dataset_options;
  dataset_options.limit = count;
  const data::DepthDataset dataset = data::open_depth_dataset(data_dir, dataset_options);
  const analysis::SensitivityReport report =
      [&] {
        ProgressBar progress("sensitivity", "runs", 0, std::cerr, ProgressBar::stderr_options());
        return analysis::measure_sensitivity(program, plan, dataset, metrics::DepthMetricsOptions{}, sensitivity_options,
                                             [&progress](std::size_t done, std::size_t total) {
                                               progress.set_total(total);
                                               progress.update(done);
                                             });
      }();
  std::vector<std::string> promoted;
  std::optional<sim::LatencyAssignment> latency_assignment;
  if (assign) {
    if (latency_budget) {
      const sim::NpuConfig config = sim::load_npu_config(resolve_npu_config_path(npu));
      // Timing does not depend on the values, so each candidate is calibrated on one image.
      CalibrationRequest timing_request = request;
      timing_request.count = 1;
      timing_request.options.precision = ptq::Precision::kMixed;
      std::ostringstream quiet;
      const auto make_plan = [&](const std::set<std::string>& int16_ops) {
        CalibrationRequest candidate = timing_request;
        candidate.options.int16_ops = int16_ops;
        return calibrate_on_dataset(graph, data_dir, candidate, quiet, false);
      };
      latency_assignment = sim::assign_under_latency_budget(
          graph, analysis::most_sensitive_operations(report, report.layers.size()), latency_budget_ms, config, 1,
          make_plan);
      promoted = latency_assignment->promoted;
    } else {
      const auto promote = static_cast<std::size_t>(std::ceil(budget * static_cast<double>(report.layers.size())));
      promoted = analysis::most_sensitive_operations(report, promote);
    }
    request.options.precision = ptq::Precision::kMixed;
    request.options.int16_ops.insert(promoted.begin(), promoted.end());
    const quant::QuantPlan mixed = calibrate_on_dataset(graph, data_dir, request, std::cerr);
    golden::lower_plan(graph, mixed, out_path);
    quant::save_quant_plan(out_path, mixed);
  }
  if (values.count("json")) {
    nlohmann::json out = {{"model", model_path},        {"images", report.images},
                          {"fp32_abs_rel", report.fp32_abs_rel}, {"quantized_abs_rel", report.quantized_abs_rel},
                          {"layers", nlohmann::json::array()}, {"promoted", promoted}};
    for (const auto& layer : report.layers) {
      out["layers"].push_back({{"operation", layer.operation}, {"kind", layer.kind}, {"tensor", layer.tensor},
                               {"only_this_abs_rel", optional_json(layer.only_this)},
                               {"all_but_this_abs_rel", optional_json(layer.all_but_this)},
                               {"noise_abs_rel", optional_json(layer.noise)}, {"noise_std", layer.noise_std}});
    }
    if (assign) out["plan"] = out_path;
    if (latency_assignment) {
      out["latency_budget"] = {{"npu", npu},
                               {"budget_ms", latency_budget_ms},
                               {"int8_latency_ms", latency_assignment->base_latency_ms},
                               {"latency_ms", latency_assignment->latency_ms},
                               {"skipped", latency_assignment->skipped}};
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("%d images: FP32 abs_rel %.5f, all quantized (fake-quant) %.5f\n", report.images, report.fp32_abs_rel,
              report.quantized_abs_rel);
  std::printf("%-44s %-13s %12s %14s %12s\n", "operation", "kind", "only_this", "all_but_this", "noise");
  const auto cell = [](const std::optional<double>& v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.5f", v ? *v : NAN);
    return std::string(v ? text : "-");
  };
  for (const auto& layer : report.layers) {
    const std::string name = layer.operation.size() > 44 ? "..." + layer.operation.substr(layer.operation.size() - 41) : layer.operation;
    std::printf("%-44s %-13s %12s %14s %12s\n", name.c_str(), layer.kind.c_str(), cell(layer.only_this).c_str(),
                cell(layer.all_but_this).c_str(), cell(layer.noise).c_str());
  }
  if (assign) {
    std::printf("promoted to W16A16 (%zu of %zu):", promoted.size(), report.layers.size());
    for (const std::string& name : promoted) std::printf(" %s", name.c_str());
    std::printf("\n");
    if (latency_assignment) {
      std::printf("latency on %s (batch 1): all INT8 %.4f ms, mixed %.4f ms, budget %.4f ms (%d simulations; %zu skipped)\n",
                  npu.c_str(), latency_assignment->base_latency_ms, latency_assignment->latency_ms, latency_budget_ms,
                  latency_assignment->simulations, latency_assignment->skipped.size());
    }
    std::printf("mixed plan -> %s\n", out_path.c_str());
  }
  return kExitOk;
}

}  // namespace npusim::cli
