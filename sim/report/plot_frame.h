// The frame every report chart shares: a plot rectangle inside an SVG, grid lines and
// ticks from two Ticks, axis titles, and a legend. Charts draw their data through x()
// and y(), which map data values to pixels.
#pragma once

#include <string>
#include <vector>

#include "sim/report/axis.h"
#include "sim/report/svg.h"

namespace npusim::report {

struct PlotArea {
  double left = 64;  // pixels from the SVG's edges to the plot rectangle
  double top = 28;
  double right = 16;
  double bottom = 48;
};

class PlotFrame {
 public:
  PlotFrame(Svg& svg, const PlotArea& area, Ticks x_ticks, bool x_log, Ticks y_ticks, bool y_log);
  // Draws background, grid, ticks, tick labels and the axis titles.
  void draw_axes(const std::string& x_title, const std::string& y_title);
  void title(const std::string& text);

  double x(double value) const { return x_scale_(value); }
  double y(double value) const { return y_scale_(value); }
  double left() const { return left_; }
  double right() const { return right_; }
  double top() const { return top_; }
  double bottom() const { return bottom_; }
  // Keeps a pixel coordinate inside the plot rectangle (for points beyond the axes).
  double clamp_x(double px) const;
  double clamp_y(double py) const;

 private:
  Svg& svg_;
  double left_, right_, top_, bottom_;
  Ticks x_ticks_, y_ticks_;
  Scale x_scale_, y_scale_;
};

struct LegendEntry {
  std::string label;
  std::string color;
  bool marker = true;  // a dot; false: a short line
  std::string dash;
};

// A legend box with its top-left corner at (x, y), one entry per row.
void draw_legend(Svg& svg, double x, double y, const std::vector<LegendEntry>& entries);

}  // namespace npusim::report
