// Per-layer horizontal bars, one row per layer in network order: cycles split into compute
// and stall, SQNR, and saturation (the share of values clipped).
#include <algorithm>
#include <cstdio>

#include "sim/report/charts.h"
#include "sim/report/plot_frame.h"

namespace npusim::report {
namespace {

constexpr double kRowPx = 16;
constexpr double kNameColumnPx = 150;
constexpr std::size_t kNameChars = 22;
// Above 5 % of values clipped a layer's range is too narrow; at 0 % it is wider than the
// data needs and resolution is wasted (docs/metrics.md, the profiler advice in the seeds).
constexpr double kHeavyClippingRate = 0.05;

PlotArea layer_area(double right) {
  PlotArea area;
  area.left = kNameColumnPx;
  area.top = 40;
  area.right = right;
  area.bottom = 44;
  return area;
}

double chart_height(std::size_t rows) { return 40 + 44 + kRowPx * static_cast<double>(rows); }

// Row i's layer name on the left, with the full name as a tooltip when it was cut.
void draw_row_label(Svg& svg, const PlotFrame& frame, std::size_t i, const std::string& name) {
  TextStyle text;
  text.size_px = 11;
  text.anchor = "end";
  text.baseline = "middle";
  svg.text(frame.left() - 6, frame.top() + kRowPx * (static_cast<double>(i) + 0.5), shorten_label(name, kNameChars), text);
}

// Top of row i's bar (2 px inside the row).
double row_top(const PlotFrame& frame, std::size_t i) { return frame.top() + kRowPx * static_cast<double>(i) + 2; }

// A grey note ("n/a", "0 %") at the start of row i's bar.
void draw_row_note(Svg& svg, const PlotFrame& frame, std::size_t i, const std::string& note) {
  TextStyle text;
  text.size_px = 10;
  text.color = "#888";
  text.baseline = "middle";
  svg.text(frame.x(0) + 4, row_top(frame, i) + (kRowPx - 4) / 2, note, text);
}

// A y axis whose range is the rows: row i spans [i, i+1] from the top.
Ticks row_ticks(std::size_t rows) {
  Ticks ticks;
  ticks.lo = 0;
  ticks.hi = static_cast<double>(rows);
  return ticks;
}

}  // namespace

std::string layer_cycles_chart(const ReportData& data) {
  const auto& layers = data.layers;
  if (layers.empty()) return "";
  double max_total = 0;
  for (const auto& layer : layers) max_total = std::max(max_total, layer.compute_cycles + layer.stall_cycles);
  Svg svg(760, chart_height(layers.size()), "layer-cycles", "cycles per layer, compute and stall");
  PlotFrame frame(svg, layer_area(20), nice_linear_ticks(0, std::max(1.0, max_total)), false, row_ticks(layers.size()),
                  false);
  frame.draw_axes("cycles", "");
  frame.title("cycles per layer: compute and stall");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& layer = layers[i];
    const double top = row_top(frame, i);
    const double total = layer.compute_cycles + layer.stall_cycles;
    char tooltip[256];
    std::snprintf(tooltip, sizeof tooltip, "%s: %.0f cycles, %.0f compute, %.0f stall (%.1f %% stalled)",
                  layer.name.c_str(), total, layer.compute_cycles, layer.stall_cycles,
                  total > 0 ? 100 * layer.stall_cycles / total : 0.0);
    const double x0 = frame.x(0), x1 = frame.x(layer.compute_cycles), x2 = frame.x(total);
    svg.rect(x0, top, x1 - x0, kRowPx - 4, "#0072B2", {}, tooltip);
    svg.rect(x1, top, x2 - x1, kRowPx - 4, "#E69F00", {}, tooltip);
    draw_row_label(svg, frame, i, layer.name);
  }
  draw_legend(svg, frame.right() - 110, frame.top() + 4,
              {{"compute", "#0072B2", true, ""}, {"stall (memory)", "#E69F00", true, ""}});
  return svg.str();
}

std::string layer_sqnr_chart(const ReportData& data) {
  const auto& layers = data.layers;
  bool any = false;
  double lo = 0, hi = 0;
  for (const auto& layer : layers) {
    if (!layer.sqnr_db) continue;
    any = true;
    lo = std::min(lo, *layer.sqnr_db);
    hi = std::max(hi, *layer.sqnr_db);
  }
  if (!any) return "";
  Svg svg(400, chart_height(layers.size()), "layer-sqnr", "SQNR per layer in dB");
  PlotFrame frame(svg, layer_area(16), nice_linear_ticks(lo, std::max(hi, lo + 1)), false, row_ticks(layers.size()),
                  false);
  frame.draw_axes("SQNR (dB, higher is better)", "");
  frame.title("SQNR per layer");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    draw_row_label(svg, frame, i, layers[i].name);
    if (!layers[i].sqnr_db) {
      draw_row_note(svg, frame, i, "n/a");
      continue;
    }
    const double value = *layers[i].sqnr_db;
    const double x0 = frame.x(std::min(0.0, value)), x1 = frame.x(std::max(0.0, value));
    char tooltip[200];
    std::snprintf(tooltip, sizeof tooltip, "%s: SQNR %.2f dB", layers[i].name.c_str(), value);
    svg.rect(x0, row_top(frame, i), x1 - x0, kRowPx - 4, value < 0 ? "#D55E00" : "#0072B2", {}, tooltip);
  }
  return svg.str();
}

std::string layer_saturation_chart(const ReportData& data) {
  const auto& layers = data.layers;
  bool any = false;
  double max_percent = 2 * kHeavyClippingRate * 100;  // the 5 % line always shows
  for (const auto& layer : layers) {
    if (!layer.saturation_rate) continue;
    any = true;
    max_percent = std::max(max_percent, *layer.saturation_rate * 100);
  }
  if (!any) return "";
  Svg svg(400, chart_height(layers.size()), "layer-saturation", "share of values clipped per layer");
  PlotFrame frame(svg, layer_area(16), nice_linear_ticks(0, max_percent), false, row_ticks(layers.size()), false);
  frame.draw_axes("values clipped (%)", "");
  frame.title("saturation per layer");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    draw_row_label(svg, frame, i, layers[i].name);
    if (!layers[i].saturation_rate) {
      draw_row_note(svg, frame, i, "n/a");
      continue;
    }
    const double rate = *layers[i].saturation_rate;
    char tooltip[240];
    std::snprintf(tooltip, sizeof tooltip, "%s: %.3f %% of values clipped%s", layers[i].name.c_str(), rate * 100,
                  rate > kHeavyClippingRate ? " (heavy clipping)" : rate == 0 ? " (none: resolution wasted)" : "");
    if (rate == 0) {
      draw_row_note(svg, frame, i, "0 %");
      continue;
    }
    const std::string color = rate > kHeavyClippingRate ? "#D55E00" : "#0072B2";
    svg.rect(frame.x(0), row_top(frame, i), std::max(1.0, frame.x(rate * 100) - frame.x(0)), kRowPx - 4, color, {}, tooltip);
  }
  const double limit_x = frame.x(kHeavyClippingRate * 100);
  svg.line(limit_x, frame.top(), limit_x, frame.bottom(), {"#D55E00", 1, "4 3"});
  TextStyle limit_text;
  limit_text.size_px = 10;
  limit_text.color = "#D55E00";
  svg.text(limit_x + 3, frame.top() - 2 + 12, "5 %", limit_text);
  return svg.str();
}

}  // namespace npusim::report
