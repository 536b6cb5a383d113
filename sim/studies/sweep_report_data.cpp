#include "sim/studies/sweep_report_data.h"

#include <map>
#include <tuple>

namespace npusim::studies {

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
    auto [it, inserted] = series_index.emplace(key, data.batch_series.size());
    if (inserted) data.batch_series.push_back({row.point.precision + ", " + array + ", " + gbps + " GB/s", {}});
    data.batch_series[it->second].points.push_back(
        {row.point.batch, row.measured.throughput_ips, row.measured.latency_ms});
    if (roof_seen.emplace(std::make_pair(row.peak_gops, row.peak_gbps), true).second) {
      data.roofs.push_back({array + " " + row.point.precision + ", " + gbps + " GB/s", row.peak_gops, row.peak_gbps});
    }
    data.roofline_points.push_back({canonical_key(row.point), row.point.precision,
                                    row.operational_intensity_ops_per_byte, row.achieved_gops});
  }
  return data;
}

}  // namespace npusim::studies
