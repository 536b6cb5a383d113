// A small SVG writer for the HTML report: shapes, escaped text, groups with tooltips.
// Output is deterministic (coordinates printed with two decimals, attributes in a fixed
// order), so the same data always gives the same bytes.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace npusim::report {

// Escapes & < > " ' for use in XML/HTML text and attribute values.
std::string escape_xml(const std::string& text);
// 12.3456 -> "12.35", -0.001 -> "0" (never "-0"), 3 -> "3": coordinates in user units.
std::string format_coordinate(double value);

struct Stroke {
  std::string color = "none";
  double width = 1;
  std::string dash;  // SVG stroke-dasharray, e.g. "4 3"; empty: solid
};

struct TextStyle {
  double size_px = 12;
  std::string anchor = "start";  // start, middle, end
  std::string color = "#222";
  bool bold = false;
  double rotate_degrees = 0;  // about the text's anchor point
  std::string baseline;       // dominant-baseline, e.g. "middle"; empty: alphabetic
};

class Svg {
 public:
  // `plot_id` becomes data-plot="..." so tests and readers can find each plot (none when empty).
  Svg(double width, double height, const std::string& plot_id, const std::string& description);

  void line(double x1, double y1, double x2, double y2, const Stroke& stroke);
  void rect(double x, double y, double width, double height, const std::string& fill, const Stroke& stroke = {},
            const std::string& tooltip = "");
  void circle(double cx, double cy, double radius, const std::string& fill, const Stroke& stroke = {},
              const std::string& tooltip = "");
  void polyline(const std::vector<std::pair<double, double>>& points, const Stroke& stroke);
  void text(double x, double y, const std::string& text, const TextStyle& style = {});

  double width() const { return width_; }
  double height() const { return height_; }
  std::string str() const;

 private:
  double width_, height_;
  std::string head_;
  std::string body_;
};

// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), cycled.
const std::string& series_color(std::size_t index);

}  // namespace npusim::report
