// What the HTML report shows, as data: filled by `npusim compare` and `npusim sweep` (or
// read from JSON, schema "npusim.report/1-draft", docs/report_schema.md), rendered by
// html_report.h. Every section is optional; one without data is left out (and named in a
// note at the end), never drawn as an empty plot.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace npusim::report {

// One precision path (fp32, int8, int16, fp16, mixed, dual_output ...) of `npusim compare`.
struct PrecisionPathResult {
  std::string name;
  double accuracy = 0;    // the report's accuracy metric (AccuracyMetric) on the evaluation set
  double latency_ms = 0;  // one batch on the simulated NPU
  std::optional<double> throughput_ips, dram_mb, energy_mj;  // dram_mb: 10^6 bytes per image
};

struct AccuracyMetric {
  std::string name = "abs_rel";
  bool lower_is_better = true;
  std::optional<double> goal;  // drawn as a line (the team's goal: abs_rel <= 0.05)
};

struct BatchPoint {
  int batch = 1;
  double throughput_ips = 0;
  double latency_ms = 0;
};

// One curve of the batch plots, e.g. "int8, 32x32, 25.6 GB/s".
struct BatchSeries {
  std::string label;
  std::vector<BatchPoint> points;
};

struct LayerResult {
  std::string name;
  double compute_cycles = 0;
  double stall_cycles = 0;
  std::optional<double> sqnr_db;          // quantized vs float output of the layer
  std::optional<double> saturation_rate;  // share of values clipped, 0..1
};

struct Roof {
  std::string label;  // e.g. "32x32 int8, 25.6 GB/s"
  double peak_gops = 0;
  double peak_gbps = 0;
};

struct RooflinePoint {
  std::string label;  // a layer or a configuration
  std::string group;  // one colour and legend entry per group ("layers", "int8", ...)
  double operational_intensity_ops_per_byte = 0;
  double achieved_gops = 0;
};

struct DepthPrediction {
  std::string path;            // the precision path that produced it
  std::vector<float> depth_m;  // height x width, row-major
};

struct DepthImage {
  std::string name;
  int height = 0;
  int width = 0;
  std::vector<float> ground_truth_m;  // 0 = no ground truth at that pixel (KITTI convention)
  std::vector<DepthPrediction> predictions;
};

struct ReportData {
  std::string title = "npusim report";
  std::vector<std::pair<std::string, std::string>> facts;  // shown as a table on top (model, NPU, images, ...)
  AccuracyMetric accuracy;
  std::vector<PrecisionPathResult> precision_paths;
  std::vector<BatchSeries> batch_series;
  std::vector<LayerResult> layers;  // in network order
  std::vector<Roof> roofs;
  std::vector<RooflinePoint> roofline_points;
  std::vector<DepthImage> depth_images;
};

// Checks what the renderer relies on: finite numbers, positive latencies, throughputs,
// roofs and intensities, batch >= 1, cycles >= 0, saturation in 0..1, image sizes that
// match their arrays. Throws std::invalid_argument naming the place ("layers[3].stall_cycles").
void validate(const ReportData& data);

// JSON in the schema of docs/report_schema.md. from_json checks types and then validate()s;
// errors name the JSON path.
nlohmann::json report_data_to_json(const ReportData& data);
ReportData report_data_from_json(const nlohmann::json& json);

}  // namespace npusim::report
