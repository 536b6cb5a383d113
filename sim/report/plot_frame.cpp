#include "sim/report/plot_frame.h"

#include <algorithm>

namespace npusim::report {
namespace {

constexpr const char* kGridColor = "#e3e3e3";
constexpr const char* kAxisColor = "#555";

}  // namespace

PlotFrame::PlotFrame(Svg& svg, const PlotArea& area, Ticks x_ticks, bool x_log, Ticks y_ticks, bool y_log)
    : svg_(svg),
      left_(area.left),
      right_(svg.width() - area.right),
      top_(area.top),
      bottom_(svg.height() - area.bottom),
      x_ticks_(std::move(x_ticks)),
      y_ticks_(std::move(y_ticks)),
      x_scale_(x_ticks_.lo, x_ticks_.hi, left_, right_, x_log),
      y_scale_(y_ticks_.lo, y_ticks_.hi, bottom_, top_, y_log) {}

void PlotFrame::draw_axes(const std::string& x_title, const std::string& y_title) {
  svg_.rect(left_, top_, right_ - left_, bottom_ - top_, "#fbfbfb");
  TextStyle tick_text;
  tick_text.size_px = 11;
  tick_text.color = "#444";
  tick_text.anchor = "middle";
  for (std::size_t i = 0; i < x_ticks_.values.size(); ++i) {
    const double px = x(x_ticks_.values[i]);
    if (px < left_ - 0.5 || px > right_ + 0.5) continue;
    svg_.line(px, top_, px, bottom_, {kGridColor, 1, ""});
    svg_.line(px, bottom_, px, bottom_ + 4, {kAxisColor, 1, ""});
    svg_.text(px, bottom_ + 16, x_ticks_.labels[i], tick_text);
  }
  tick_text.anchor = "end";
  tick_text.baseline = "middle";
  for (std::size_t i = 0; i < y_ticks_.values.size(); ++i) {
    const double py = y(y_ticks_.values[i]);
    if (py < top_ - 0.5 || py > bottom_ + 0.5) continue;
    svg_.line(left_, py, right_, py, {kGridColor, 1, ""});
    svg_.line(left_ - 4, py, left_, py, {kAxisColor, 1, ""});
    svg_.text(left_ - 6, py, y_ticks_.labels[i], tick_text);
  }
  svg_.line(left_, bottom_, right_, bottom_, {kAxisColor, 1, ""});
  svg_.line(left_, top_, left_, bottom_, {kAxisColor, 1, ""});
  TextStyle axis_title;
  axis_title.anchor = "middle";
  axis_title.color = "#222";
  if (!x_title.empty()) svg_.text((left_ + right_) / 2, bottom_ + 36, x_title, axis_title);
  axis_title.rotate_degrees = -90;
  if (!y_title.empty()) svg_.text(16, (top_ + bottom_) / 2, y_title, axis_title);
}

void PlotFrame::title(const std::string& text) {
  TextStyle style;
  style.bold = true;
  style.size_px = 13;
  svg_.text(left_, top_ - 10, text, style);
}

double PlotFrame::clamp_x(double px) const { return std::clamp(px, left_, right_); }
double PlotFrame::clamp_y(double py) const { return std::clamp(py, top_, bottom_); }

void draw_legend(Svg& svg, double x, double y, const std::vector<LegendEntry>& entries) {
  if (entries.empty()) return;
  std::size_t longest = 0;
  for (const auto& entry : entries) longest = std::max(longest, entry.label.size());
  const double row_height = 16;
  // 6.6 px per character approximates 11 px DejaVu Sans; the box only has to look right.
  svg.rect(x, y, 32 + 6.6 * static_cast<double>(longest), 6 + row_height * static_cast<double>(entries.size()),
           "#ffffff", {"#cccccc", 1, ""});
  TextStyle text;
  text.size_px = 11;
  text.baseline = "middle";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const double cy = y + 11 + row_height * static_cast<double>(i);
    if (entries[i].marker) {
      svg.circle(x + 12, cy, 4, entries[i].color);
    } else {
      svg.line(x + 5, cy, x + 19, cy, {entries[i].color, 2, entries[i].dash});
    }
    svg.text(x + 24, cy, entries[i].label, text);
  }
}

}  // namespace npusim::report
