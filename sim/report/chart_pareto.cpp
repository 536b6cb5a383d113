// Accuracy against latency of the precision paths, with the Pareto front as a staircase.
#include <algorithm>
#include <cmath>

#include "sim/report/charts.h"
#include "sim/report/plot_frame.h"

namespace npusim::report {

std::vector<std::size_t> pareto_front(const std::vector<PrecisionPathResult>& paths, bool lower_is_better) {
  auto better_or_equal = [&](double a, double b) { return lower_is_better ? a <= b : a >= b; };
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < paths.size() && !dominated; ++j) {
      if (j == i) continue;
      const bool no_worse = paths[j].latency_ms <= paths[i].latency_ms &&
                            better_or_equal(paths[j].accuracy, paths[i].accuracy);
      const bool strictly_better = paths[j].latency_ms < paths[i].latency_ms || paths[j].accuracy != paths[i].accuracy;
      dominated = no_worse && strictly_better;
    }
    if (!dominated) front.push_back(i);
  }
  std::stable_sort(front.begin(), front.end(),
                   [&](std::size_t a, std::size_t b) { return paths[a].latency_ms < paths[b].latency_ms; });
  return front;
}

std::string pareto_chart(const ReportData& data) {
  const auto& paths = data.precision_paths;
  if (paths.empty()) return "";
  double x_lo = paths[0].latency_ms, x_hi = x_lo, y_lo = paths[0].accuracy, y_hi = y_lo;
  for (const auto& path : paths) {
    x_lo = std::min(x_lo, path.latency_ms);
    x_hi = std::max(x_hi, path.latency_ms);
    y_lo = std::min(y_lo, path.accuracy);
    y_hi = std::max(y_hi, path.accuracy);
  }
  if (data.accuracy.goal) {
    y_lo = std::min(y_lo, *data.accuracy.goal);
    y_hi = std::max(y_hi, *data.accuracy.goal);
  }
  // A margin so labels next to the extreme points stay inside the frame.
  const double x_pad = (x_hi - x_lo) * 0.08, y_pad = (y_hi - y_lo) * 0.08;
  Svg svg(640, 400, "pareto", "accuracy against latency of the precision paths, with the Pareto front");
  PlotArea area;
  area.left = 70;
  PlotFrame frame(svg, area, nice_linear_ticks(std::max(0.0, x_lo - x_pad), x_hi + x_pad), false,
                  nice_linear_ticks(y_lo - y_pad, y_hi + y_pad), false);
  frame.draw_axes("latency per batch (ms)", data.accuracy.name + (data.accuracy.lower_is_better ? " (lower is better)"
                                                                                                 : " (higher is better)"));
  frame.title("precision paths: " + data.accuracy.name + " vs latency");

  if (data.accuracy.goal) {
    const double gy = frame.y(*data.accuracy.goal);
    svg.line(frame.left(), gy, frame.right(), gy, {"#009E73", 1.5, "6 4"});
    TextStyle goal_text;
    goal_text.anchor = "end";
    goal_text.color = "#007a5a";
    goal_text.size_px = 11;
    char value[32];
    std::snprintf(value, sizeof value, "%g", *data.accuracy.goal);
    svg.text(frame.right() - 4, gy - 4,
             "goal: " + data.accuracy.name + (data.accuracy.lower_is_better ? " <= " : " >= ") + value, goal_text);
  }

  const auto front = pareto_front(paths, data.accuracy.lower_is_better);
  std::vector<std::pair<double, double>> staircase;
  for (std::size_t k = 0; k < front.size(); ++k) {
    const auto& path = paths[front[k]];
    if (k > 0) staircase.emplace_back(frame.x(path.latency_ms), staircase.back().second);
    staircase.emplace_back(frame.x(path.latency_ms), frame.y(path.accuracy));
  }
  svg.polyline(staircase, {"#D55E00", 1.5, "4 3"});

  TextStyle label;
  label.size_px = 11;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const bool on_front = std::find(front.begin(), front.end(), i) != front.end();
    const double px = frame.x(paths[i].latency_ms), py = frame.y(paths[i].accuracy);
    char tooltip[160];
    std::snprintf(tooltip, sizeof tooltip, "%s: %s %.4g, latency %.4g ms%s", paths[i].name.c_str(),
                  data.accuracy.name.c_str(), paths[i].accuracy, paths[i].latency_ms,
                  on_front ? " (Pareto-optimal)" : "");
    svg.circle(px, py, 5, on_front ? "#D55E00" : "#ffffff", {on_front ? "#D55E00" : "#555555", 1.5, ""}, tooltip);
    svg.text(px + 7, py - 7, paths[i].name, label);
  }
  draw_legend(svg, frame.right() - 150, frame.top() + 8,
              {{"Pareto-optimal path", "#D55E00", true, ""}, {"Pareto front", "#D55E00", false, "4 3"}});
  return svg.str();
}

}  // namespace npusim::report
