#include "sim/studies/sweep_report_data.h"

#include <map>
#include <tuple>

namespace npusim::studies {
namespace {

// Past these a plot's legend no longer fits and its lines cannot be told apart; the rest
// stay in report.csv, and the facts table says how many are drawn.
constexpr std::size_t kMaxBatchCurves = 8;
constexpr std::size_t kMaxRoofs = 8;

}  // namespace

report::ReportData sweep_report_data(const SweepReport& sweep) {
  report::ReportData data;
  data.title = "npusim sweep";
  data.facts = {{"model", sweep.manifest.context.model.empty() ? "(default)" : sweep.manifest.context.model},
                {"NPU config", sweep.manifest.context.npu_config.empty() ? "(default)" : sweep.manifest.context.npu_config},
                {"configurations", std::to_string(sweep.rows.size())},
                {"evaluator", sweep.manifest.fingerprint}};
  // Rows come in grid order (batch innermost), so series and roofs keep the grid's order.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> series_index;
  std::map<std::pair<double, double>, bool> roof_seen;
  for (const SweepRow& row : sweep.rows) {
    const std::string array = format_array_shape(row.point.array);
    const std::string gbps = format_shortest(row.point.dram_gbps);
    const auto key = std::make_tuple(row.point.precision, array, gbps);
    auto [it, inserted] = series_index.emplace(key, series_index.size());
    if (inserted && data.batch_series.size() < kMaxBatchCurves) {
      data.batch_series.push_back({row.point.precision + ", " + array + ", " + gbps + " GB/s", {}});
    }
    if (it->second < data.batch_series.size()) {
      data.batch_series[it->second].points.push_back(
          {row.point.batch, row.measured.throughput_ips, row.measured.latency_ms});
    }
    if (roof_seen.emplace(std::make_pair(row.peak_gops, row.peak_gbps), true).second) {
      data.roofs.push_back({array + " " + row.point.precision + ", " + gbps + " GB/s", row.peak_gops, row.peak_gbps});
    }
    data.roofline_points.push_back({canonical_key(row.point), row.point.precision,
                                    row.operational_intensity_ops_per_byte, row.achieved_gops});
  }
  if (series_index.size() > data.batch_series.size()) {
    data.facts.emplace_back("batch curves drawn", std::to_string(data.batch_series.size()) + " of " +
                                                      std::to_string(series_index.size()) + " (all in report.csv)");
  }
  // A subset of roofs would leave points above any drawn roof, which reads as a model
  // error: past the limit none is drawn.
  if (data.roofs.size() > kMaxRoofs) {
    data.facts.emplace_back("roofs", std::to_string(data.roofs.size()) +
                                         " distinct, too many to draw (each row's attainable_gops is in report.csv)");
    data.roofs.clear();
  }
  return data;
}

}  // namespace npusim::studies
