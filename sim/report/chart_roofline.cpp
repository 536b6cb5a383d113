// The roofline (Williams, Waterman, Patterson 2009) on log-log axes: attainable performance
// min(peak compute, intensity x bandwidth) for each roof, its ridge point, and the
// measured points (layers or configurations) by group.
#include <algorithm>
#include <cstdio>
#include <map>

#include "sim/report/charts.h"
#include "sim/report/plot_frame.h"

namespace npusim::report {

constexpr std::size_t kMaxLabelledRidges = 3;

std::string roofline_chart(const ReportData& data) {
  if (data.roofs.empty() && data.roofline_points.empty()) return "";
  double x_lo = 1e300, x_hi = 0, y_lo = 1e300, y_hi = 0;
  for (const auto& roof : data.roofs) {
    const double ridge = roof.peak_gops / roof.peak_gbps;
    x_lo = std::min(x_lo, ridge / 10);
    x_hi = std::max(x_hi, ridge * 10);
    y_hi = std::max(y_hi, roof.peak_gops * 2);
    y_lo = std::min(y_lo, roof.peak_gops / 100);
  }
  for (const auto& point : data.roofline_points) {
    x_lo = std::min(x_lo, point.operational_intensity_ops_per_byte / 2);
    x_hi = std::max(x_hi, point.operational_intensity_ops_per_byte * 2);
    y_lo = std::min(y_lo, point.achieved_gops / 2);
    y_hi = std::max(y_hi, point.achieved_gops * 2);
  }
  Svg svg(700, 440, "roofline", "roofline: attainable performance against operational intensity");
  PlotArea area;
  area.left = 70;
  area.right = 190;
  const Ticks x_ticks = decade_ticks(x_lo, x_hi), y_ticks = decade_ticks(y_lo, y_hi);
  PlotFrame frame(svg, area, x_ticks, true, y_ticks, true);
  frame.draw_axes("operational intensity (ops per DRAM byte)", "performance (GOPS)");
  frame.title("roofline");
  std::vector<LegendEntry> legend;
  TextStyle ridge_text;
  ridge_text.size_px = 10;
  ridge_text.color = "#444";
  for (std::size_t r = 0; r < data.roofs.size(); ++r) {
    const Roof& roof = data.roofs[r];
    const double ridge = roof.peak_gops / roof.peak_gbps;
    // The bandwidth slope from where it enters the frame (left edge or bottom edge) up to
    // the ridge, then the flat compute roof to the right edge.
    const double enter_oi = std::max(x_ticks.lo, y_ticks.lo / roof.peak_gbps);
    const std::vector<std::pair<double, double>> line = {
        {frame.x(enter_oi), frame.y(enter_oi * roof.peak_gbps)},
        {frame.x(ridge), frame.y(roof.peak_gops)},
        {frame.x(x_ticks.hi), frame.y(roof.peak_gops)}};
    const std::string color = data.roofs.size() == 1 ? "#333333" : series_color(r + 4);
    svg.polyline(line, {color, 2, ""});
    char tooltip[200];
    std::snprintf(tooltip, sizeof tooltip, "%s: ridge at %.3g ops/byte (%.4g GOPS / %.4g GB/s)", roof.label.c_str(),
                  ridge, roof.peak_gops, roof.peak_gbps);
    svg.circle(frame.x(ridge), frame.y(roof.peak_gops), 4, "#ffffff", {color, 2, ""}, tooltip);
    if (data.roofs.size() <= kMaxLabelledRidges) {  // more labels would overlap; the tooltip keeps the figure
      char label[64];
      std::snprintf(label, sizeof label, "ridge %.3g ops/B", ridge);
      svg.text(frame.x(ridge) + 6, frame.y(roof.peak_gops) + 14, label, ridge_text);
    }
    legend.push_back({shorten_label(roof.label, 26), color, false, ""});
  }
  std::map<std::string, std::size_t> group_color;
  std::vector<std::string> group_order;
  for (const auto& point : data.roofline_points) {
    if (group_color.emplace(point.group, group_order.size()).second) group_order.push_back(point.group);
  }
  for (const auto& point : data.roofline_points) {
    char tooltip[240];
    std::snprintf(tooltip, sizeof tooltip, "%s (%s): %.3g ops/byte, %.4g GOPS", point.label.c_str(), point.group.c_str(),
                  point.operational_intensity_ops_per_byte, point.achieved_gops);
    svg.circle(frame.x(point.operational_intensity_ops_per_byte), frame.y(point.achieved_gops), 3.5,
               series_color(group_color[point.group]), {"#ffffff", 0.5, ""}, tooltip);
  }
  for (const auto& group : group_order) legend.push_back({shorten_label(group, 26), series_color(group_color[group]), true, ""});
  draw_legend(svg, frame.right() + 10, frame.top(), legend);
  return svg.str();
}

}  // namespace npusim::report
