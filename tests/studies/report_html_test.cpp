// Report data (JSON schema, validation naming the place), depth statistics, and the HTML
// page: sections, escaping, determinism. The browser test (tests/browser) checks the pixels.
#include <gtest/gtest.h>

#include <map>

#include "sim/report/depth_maps.h"
#include "sim/report/html_report.h"
#include "sim/report/report_data.h"
#include "sim/studies/sweep_report_data.h"

namespace npusim::report {
namespace {

ReportData small_report() {
  ReportData data;
  data.title = "t <1>";
  data.facts = {{"model", "m&m.onnx"}};
  data.accuracy.goal = 0.05;
  data.precision_paths = {{"int8", 0.11, 2.1, 476.2, 3.5, {}}, {"fp32", 0.03, 9.8, {}, {}, 12.0}};
  data.batch_series = {{"int8", {{1, 100, 10}, {4, 300, 13.3}}}};
  data.layers = {{"conv<script>", 1000, 200, 30.5, 0.07}, {"relu", 50, 0, {}, 0.0}};
  data.roofs = {{"32x32", 2048, 25.6}};
  data.roofline_points = {{"conv", "layers", 12.5, 300}};
  DepthImage image;
  image.name = "scene 1";
  image.height = 2;
  image.width = 2;
  image.ground_truth_m = {2, 0, 4, 8};
  image.predictions = {{"int8", {3, 5, 3, 8}}};
  data.depth_images = {image};
  return data;
}

std::string error_of(const nlohmann::json& json) {
  try {
    report_data_from_json(json);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReportData, JsonRoundTrips) {
  const ReportData data = small_report();
  const nlohmann::json json = report_data_to_json(data);
  EXPECT_EQ(json["schema"], "npusim.report/1-draft");
  const ReportData back = report_data_from_json(nlohmann::json::parse(json.dump()));
  EXPECT_EQ(report_data_to_json(back), json);
  EXPECT_EQ(back.layers[1].sqnr_db, std::nullopt);
  EXPECT_EQ(back.precision_paths[1].energy_mj, 12.0);
}

TEST(ReportData, ErrorsNameTheJsonPath) {
  nlohmann::json json = report_data_to_json(small_report());
  json["layers"][1]["saturation_rate"] = 1.5;
  EXPECT_EQ(error_of(json), "layers[1].saturation_rate: must lie in 0..1");
  json = report_data_to_json(small_report());
  json["precision_paths"][0].erase("latency_ms");
  EXPECT_EQ(error_of(json), "report.precision_paths[0]: lacks \"latency_ms\"");
  json = report_data_to_json(small_report());
  json["batch_series"][0]["points"][1]["batch"] = 2.5;
  EXPECT_EQ(error_of(json), "report.batch_series[0].points[1].batch: is not an integer");
  json = report_data_to_json(small_report());
  json["depth_images"][0]["ground_truth_m"] = {1, 2, 3};
  EXPECT_EQ(error_of(json), "depth_images[0].ground_truth_m: holds 3 values, height x width is 4");
  json = report_data_to_json(small_report());
  json["roofs"][0]["peak_gbps"] = 0;
  EXPECT_EQ(error_of(json), "roofs[0].peak_gbps: must be a finite number > 0");
  json["schema"] = "npusim.report/0";
  EXPECT_EQ(error_of(json), "report.schema: is not \"npusim.report/1-draft\"");
  EXPECT_EQ(error_of(nlohmann::json::array()), "report: is not a JSON object");
}

TEST(DepthMaps, StatisticsOverValidPixelsOnly) {
  // Valid pixels (gt > 0): |3-2|/2 = 0.5, |3-4|/4 = 0.25, |8-8|/8 = 0; the gt = 0 pixel is left out.
  const DepthErrorStats stats = depth_error_stats({2, 0, 4, 8}, {3, 5, 3, 8});
  EXPECT_EQ(stats.valid_pixels, 3u);
  EXPECT_DOUBLE_EQ(stats.abs_rel, 0.25);
  EXPECT_DOUBLE_EQ(stats.mean_abs_error_m, 2.0 / 3.0);
  EXPECT_EQ(percentile({5, 1, 4, 2, 3}, 0.99), 5);
  EXPECT_EQ(percentile({5, 1, 4, 2, 3}, 0.5), 3);  // nearest rank: ceil(2.5) = 3rd smallest
  EXPECT_EQ(percentile({}, 0.5), 0);
}

TEST(HtmlReport, HoldsEveryPlotEscapedAndSelfContained) {
  const std::string html = render_html_report(small_report());
  for (const char* plot : {"pareto", "batch-throughput", "batch-latency", "layer-cycles", "roofline", "layer-sqnr",
                           "layer-saturation", "depth-0-gt", "depth-0-pred-0", "depth-0-error-0"}) {
    EXPECT_NE(html.find(std::string("data-plot=\"") + plot + "\""), std::string::npos) << plot;
  }
  EXPECT_NE(html.find("<title>t &lt;1&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("m&amp;m.onnx"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // the layer named conv<script> is text, not markup
  EXPECT_NE(html.find("conv&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("|error| of int8: abs_rel 0.2500, mean 0.667 m over 3 pixels"), std::string::npos);
  EXPECT_EQ(html.find("not in this report"), std::string::npos);
  EXPECT_EQ(html, render_html_report(small_report()));
}

TEST(HtmlReport, EmptySectionsAreLeftOutAndNamed) {
  ReportData data;
  data.roofs = {{"r", 100, 10}};
  const std::string html = render_html_report(data);
  EXPECT_NE(html.find("data-plot=\"roofline\""), std::string::npos);
  EXPECT_EQ(html.find("data-plot=\"pareto\""), std::string::npos);
  EXPECT_NE(html.find("not in this report (no data): Accuracy vs latency of the precision paths, Throughput and "
                      "latency vs batch size, Cycles per layer, SQNR and saturation per layer, Depth and error maps"),
            std::string::npos);
  data.layers = {{"a", -1, 0, {}, {}}};
  EXPECT_THROW(render_html_report(data), std::invalid_argument);
}

TEST(SweepReportData, OneCurvePerConfigurationAndOneRoofPerPeak) {
  studies::SweepReport sweep;
  sweep.manifest.fingerprint = "f";
  auto row = [](int batch, const std::string& precision, double peak) {
    studies::SweepMeasurement m{2.0 * batch, 500, 1e6 * batch, 1e9 * batch, 0.5, "compute", peak};
    return studies::derive_row({batch, {16, 16}, 25.6, precision}, m);
  };
  sweep.rows = {row(1, "int8", 512), row(2, "int8", 512), row(1, "fp16", 256), row(2, "fp16", 256)};
  const ReportData data = studies::sweep_report_data(sweep);
  ASSERT_EQ(data.batch_series.size(), 2u);
  EXPECT_EQ(data.batch_series[0].label, "int8, 16x16, 25.6 GB/s");
  EXPECT_EQ(data.batch_series[1].points[1].batch, 2);
  ASSERT_EQ(data.roofs.size(), 2u);
  EXPECT_EQ(data.roofs[1].peak_gops, 256);
  ASSERT_EQ(data.roofline_points.size(), 4u);
  EXPECT_EQ(data.roofline_points[2].group, "fp16");
  EXPECT_DOUBLE_EQ(data.roofline_points[0].operational_intensity_ops_per_byte, 1000);  // 1e9 ops / 1e6 bytes
}

}  // namespace
}  // namespace npusim::report

namespace npusim::studies {
namespace {

TEST(SweepReportData, LargeSweepsDrawAtMostEightCurvesAndNoPartialRoofs) {
  SweepReport sweep;
  for (int array = 1; array <= 9; ++array) {  // 9 arrays: 9 curves, 9 distinct peaks
    for (int batch : {1, 2}) {
      SweepMeasurement m{1.0 * batch, 1000, 1e6, 1e9, 0.5, "compute", 100.0 * array};
      sweep.rows.push_back(derive_row({batch, {array, 8}, 10, "int8"}, m));
    }
  }
  const report::ReportData data = sweep_report_data(sweep);
  EXPECT_EQ(data.batch_series.size(), 8u);
  EXPECT_EQ(data.batch_series[7].points.size(), 2u);
  EXPECT_TRUE(data.roofs.empty());  // some roofs would leave points above every drawn roof
  EXPECT_EQ(data.roofline_points.size(), 18u);
  std::map<std::string, std::string> facts(data.facts.begin(), data.facts.end());
  EXPECT_EQ(facts["batch curves drawn"], "8 of 9 (all in report.csv)");
  EXPECT_EQ(facts["roofs"], "9 distinct, too many to draw (each row's attainable_gops is in report.csv)");
}

}  // namespace
}  // namespace npusim::studies
