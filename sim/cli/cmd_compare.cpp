// `npusim compare`: the precision paths of one depth network side by side
// (sim/studies/compare.h; docs/compare.md). Without --data/--calib-data it generates
// held-out scenes (100, seed 1000, the main job's set) and calibration scenes (64, seed 7)
// in a temporary folder and removes them afterwards.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <memory>

#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/npu_inputs.h"
#include "sim/report/html_report.h"
#include "sim/studies/compare_report.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/subcommands.h"
#include "sim/cli/temporary_scenes.h"
#include "sim/studies/compare.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace npusim::cli {
namespace {

nlohmann::json number_or_null(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json row_json(const studies::CompareRow& row) {
  nlohmann::json out = {{"path", row.path},
                        {"abs_rel", row.errors.abs_rel},
                        {"rmse", row.errors.rmse},
                        {"delta1", row.errors.delta1},
                        {"degradation_pct", row.degradation_pct},
                        {"model_mb", row.model_mb},
                        {"latency_ms", number_or_null(row.latency_ms)},
                        {"throughput_ips", number_or_null(row.throughput_ips)},
                        {"dram_mb", number_or_null(row.dram_mb)},
                        {"energy_mj", number_or_null(row.energy_mj)},
                        {"model", row.model},
                        {"description", row.description}};
  if (!row.int16_operations.empty()) out["int16_operations"] = row.int16_operations;
  if (!row.npu_unsupported.empty()) out["npu_unsupported"] = row.npu_unsupported;
  return out;
}

std::string optional_cell(const std::optional<double>& value) {
  if (!value) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", *value);
  return text;
}

}  // namespace

int run_compare(const std::vector<std::string>& args) {
  studies::CompareSetup setup;
  std::string out_dir, paths;
  const std::string models_dir = std::string(NPUSIM_SOURCE_DIR) + "/models/";
  po::options_description options("compare options");
  options.add_options()
      ("model", po::value<std::string>(&setup.model_path)->default_value(models_dir + "depth_l2_relu.onnx"), "float ONNX depth model")
      ("dualhead-model", po::value<std::string>(&setup.dualhead_model_path)->default_value(models_dir + "depth_dualhead.onnx"),
       "the trained dual-head network for the int8_dualhead row")
      ("data", po::value<std::string>(&setup.eval_dir)->default_value(""),
       "held-out depth set (default: 100 fresh scenes, seed 1000)")
      ("calib-data", po::value<std::string>(&setup.calib_dir)->default_value(""),
       "calibration images (default: 64 fresh scenes, seed 7)")
      ("calib-count", po::value<int>(&setup.calib_count)->default_value(64), "calibration images used")
      ("mixed-budget", po::value<double>(&setup.mixed_budget)->default_value(0.1, "0.1"),
       "mixed: share of the requantizing operations promoted to W16A16, 0..1")
      ("paths", po::value<std::string>(&paths)->default_value(""),
       "comma-separated rows (fp32, int8_minmax, int8, int8_out16, int8_dual, int8_dualhead, int16, fp16, mixed); empty = all")
      ("npu", po::value<std::string>()->default_value("hailo8_like"),
       "NPU configuration that times every quantized path (file or preset in sim/configs); \"none\": accuracy only")
      ("out", po::value<std::string>(&out_dir)->default_value("."), "folder for report.json, report.csv, report.html and its data report_data.json")
      ("json", "print the report as JSON instead of a table");
  po::variables_map values;
  if (!parse_options("compare", "[--model M] [--data DIR] [--calib-data DIR] [--paths a,b] [--out DIR] [--json]", options,
                     args, &values)) {
    return kExitOk;
  }
  if (setup.calib_count < 1 || setup.calib_count > 100000) throw UsageError("--calib-count " + std::to_string(setup.calib_count) + " (1..100000)");
  if (!(setup.mixed_budget >= 0.0 && setup.mixed_budget <= 1.0)) throw UsageError("--mixed-budget must lie in 0..1");
  if (!paths.empty()) setup.paths = split_list(paths, "--paths");
  const std::string npu = values["npu"].as<std::string>();
  if (npu != "none") setup.npu = sim::load_npu_config(resolve_npu_config_path(npu));
  const bool terminal = ProgressBar::stderr_options().enabled;
  std::unique_ptr<TemporaryScenes> eval_scenes, calib_scenes;
  if (setup.eval_dir.empty()) {
    if (terminal) std::cerr << "compare: generating 100 held-out scenes (seed 1000)\n";
    eval_scenes = std::make_unique<TemporaryScenes>(100, 1000);
    setup.eval_dir = eval_scenes->path();
    setup.eval_label = "100 fresh scenes, seed 1000";
  }
  if (setup.calib_dir.empty()) {
    if (terminal) std::cerr << "compare: generating 64 calibration scenes (seed 7)\n";
    calib_scenes = std::make_unique<TemporaryScenes>(64, 7);
    setup.calib_dir = calib_scenes->path();
    setup.calib_label = "64 fresh scenes, seed 7";
  }
  const std::vector<studies::CompareRow> rows =
      studies::run_compare(setup, [&](const std::string& path) {
        if (terminal) std::cerr << "compare: " << path << "\n";
      });
  nlohmann::json report = {{"schema", "npusim.compare/1"},
                           {"model", setup.model_path},
                           {"eval_data", setup.eval_label.empty() ? setup.eval_dir : setup.eval_label},
                           {"calibration", {{"data", setup.calib_label.empty() ? setup.calib_dir : setup.calib_label},
                                            {"count", setup.calib_count}}},
                           {"rows", nlohmann::json::array()},
                           {"references", nlohmann::json::array()}};
  for (const studies::CompareRow& row : rows) report[row.listed ? "rows" : "references"].push_back(row_json(row));
  const report::ReportData report_data = studies::compare_report_data(setup, rows);
  io::create_output_directories(out_dir);
  {
    io::AtomicOutputFile json_file((fs::path(out_dir) / "report.json").string());
    json_file.stream() << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    io::AtomicOutputFile csv((fs::path(out_dir) / "report.csv").string());
    csv.stream() << "path,abs_rel,rmse,delta1,degradation_pct,model_mb,latency_ms,throughput_ips,dram_mb,energy_mj\n";
    for (const studies::CompareRow& row : rows) {
      if (!row.listed) continue;
      char numbers[160];
      std::snprintf(numbers, sizeof numbers, "%.6g,%.6g,%.6g,%.4f,%.4f", row.errors.abs_rel, row.errors.rmse,
                    row.errors.delta1, row.degradation_pct, row.model_mb);
      csv.stream() << row.path << "," << numbers << "," << optional_cell(row.latency_ms) << ","
                   << optional_cell(row.throughput_ips) << "," << optional_cell(row.dram_mb) << ","
                   << optional_cell(row.energy_mj) << "\n";
    }
    io::AtomicOutputFile html((fs::path(out_dir) / "report.html").string());
    html.stream() << report::render_html_report(report_data);
    // The HTML's data in the schema `npusim report` reads, so the page can be re-rendered.
    io::AtomicOutputFile html_data((fs::path(out_dir) / "report_data.json").string());
    html_data.stream() << report::report_data_to_json(report_data).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    json_file.commit();
    csv.commit();
    html.commit();
    html_data.commit();
  }
  if (values.count("json")) {
    std::cout << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("%-14s %9s %8s %8s %12s %9s %11s %12s %8s %10s\n", "path", "abs_rel", "rmse", "delta1", "degradation%",
              "model_mb", "latency_ms", "throughput", "dram_mb", "energy_mj");
  const auto cell = [](const std::optional<double>& value, const char* format) {
    char text[32];
    std::snprintf(text, sizeof text, format, value ? *value : 0.0);
    return value ? std::string(text) : std::string("-");
  };
  for (const studies::CompareRow& row : rows) {
    if (!row.listed) continue;
    std::printf("%-14s %9.5f %8.4f %8.4f %+12.2f %9.3f %11s %12s %8s %10s\n", row.path.c_str(), row.errors.abs_rel,
                row.errors.rmse, row.errors.delta1, row.degradation_pct, row.model_mb, cell(row.latency_ms, "%.4f").c_str(),
                cell(row.throughput_ips, "%.1f").c_str(), cell(row.dram_mb, "%.3f").c_str(), cell(row.energy_mj, "%.4f").c_str());
  }
  if (setup.npu) {
    std::printf("NPU: %s (throughput in images/s, batch 1)\n", setup.npu->name.c_str());
    for (const studies::CompareRow& row : rows) {
      if (row.listed && !row.npu_unsupported.empty()) std::printf("  %s: not run on the NPU: %s\n", row.path.c_str(), row.npu_unsupported.c_str());
    }
  }
  std::printf("report: %s, %s, %s\n", (fs::path(out_dir) / "report.json").c_str(), (fs::path(out_dir) / "report.csv").c_str(),
              (fs::path(out_dir) / "report.html").c_str());
  return kExitOk;
}

}  // namespace npusim::cli
