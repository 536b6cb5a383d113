// Throughput and latency against batch size, one curve per configuration (log2 batch axis).
#include <algorithm>
#include <cstdio>

#include "sim/report/charts.h"
#include "sim/report/plot_frame.h"

namespace npusim::report {
namespace {

std::string batch_chart(const ReportData& data, bool throughput) {
  std::vector<double> batches;
  double y_max = 0;
  for (const auto& series : data.batch_series) {
    for (const auto& point : series.points) {
      batches.push_back(point.batch);
      y_max = std::max(y_max, throughput ? point.throughput_ips : point.latency_ms);
    }
  }
  if (batches.empty()) return "";
  const std::string id = throughput ? "batch-throughput" : "batch-latency";
  Svg svg(528, 340, id, throughput ? "throughput against batch size" : "latency against batch size");
  PlotArea area;
  area.left = 70;
  area.right = 196;  // the legend sits right of the plot
  // Batch sizes are powers of two in practice: a log axis spaces them evenly.
  PlotFrame frame(svg, area, ticks_at(batches, 1.3), true, nice_linear_ticks(0, y_max * 1.05), false);
  frame.draw_axes("batch size", throughput ? "throughput (images/s)" : "latency per batch (ms)");
  frame.title(throughput ? "throughput vs batch size" : "latency vs batch size");
  std::vector<LegendEntry> legend;
  for (std::size_t s = 0; s < data.batch_series.size(); ++s) {
    const auto& series = data.batch_series[s];
    auto points = series.points;
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.batch < b.batch; });
    std::vector<std::pair<double, double>> line;
    for (const auto& p : points) line.emplace_back(frame.x(p.batch), frame.y(throughput ? p.throughput_ips : p.latency_ms));
    svg.polyline(line, {series_color(s), 2, ""});
    for (std::size_t i = 0; i < points.size(); ++i) {
      char tooltip[200];
      std::snprintf(tooltip, sizeof tooltip, "%s, batch %d: %.4g images/s, %.4g ms", series.label.c_str(),
                    points[i].batch, points[i].throughput_ips, points[i].latency_ms);
      svg.circle(line[i].first, line[i].second, 3.5, series_color(s), {}, tooltip);
    }
    legend.push_back({shorten_label(series.label, 26), series_color(s), true, ""});
  }
  draw_legend(svg, frame.right() + 10, frame.top(), legend);
  return svg.str();
}

}  // namespace

std::string batch_throughput_chart(const ReportData& data) { return batch_chart(data, true); }
std::string batch_latency_chart(const ReportData& data) { return batch_chart(data, false); }

std::string shorten_label(const std::string& text, std::size_t max_chars) {
  if (text.size() <= max_chars || max_chars < 4) return text;
  // Cut on a UTF-8 character boundary (never inside a multi-byte sequence).
  std::size_t cut = max_chars - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

}  // namespace npusim::report
