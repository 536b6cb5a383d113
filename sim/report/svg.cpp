#include "sim/report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace npusim::report {
namespace {

std::string stroke_attributes(const Stroke& stroke) {
  std::string text = " stroke=\"" + escape_xml(stroke.color) + "\"";
  if (stroke.color != "none") {
    text += " stroke-width=\"" + format_coordinate(stroke.width) + "\"";
    if (!stroke.dash.empty()) text += " stroke-dasharray=\"" + escape_xml(stroke.dash) + "\"";
  }
  return text;
}

}  // namespace

std::string escape_xml(const std::string& text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0; a name carrying one shows '?'.
        escaped += (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') ? '?' : c;
    }
  }
  return escaped;
}

std::string format_coordinate(double value) {
  if (!std::isfinite(value)) return "0";
  char text[48];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string s = text;
  // Trim "12.50" -> "12.5", "3.00" -> "3"; "-0" -> "0".
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

Svg::Svg(double width, double height, const std::string& plot_id, const std::string& description)
    : width_(width), height_(height) {
  const std::string plot_attribute = plot_id.empty() ? "" : " data-plot=\"" + escape_xml(plot_id) + "\"";
  head_ = "<svg xmlns=\"http://www.w3.org/2000/svg\"" + plot_attribute + " width=\"" +
          format_coordinate(width) + "\" height=\"" + format_coordinate(height) + "\" viewBox=\"0 0 " +
          format_coordinate(width) + " " + format_coordinate(height) + "\" role=\"img\" aria-label=\"" +
          escape_xml(description) + "\">\n";
}


void Svg::line(double x1, double y1, double x2, double y2, const Stroke& stroke) {
  body_ += "<line x1=\"" + format_coordinate(x1) + "\" y1=\"" + format_coordinate(y1) + "\" x2=\"" +
           format_coordinate(x2) + "\" y2=\"" + format_coordinate(y2) + "\"" + stroke_attributes(stroke) + "/>\n";
}

void Svg::rect(double x, double y, double width, double height, const std::string& fill, const Stroke& stroke,
               const std::string& tooltip) {
  body_ += "<rect x=\"" + format_coordinate(x) + "\" y=\"" + format_coordinate(y) + "\" width=\"" +
           format_coordinate(std::max(0.0, width)) + "\" height=\"" + format_coordinate(std::max(0.0, height)) +
           "\" fill=\"" + escape_xml(fill) + "\"" + stroke_attributes(stroke);
  body_ += tooltip.empty() ? "/>\n" : "><title>" + escape_xml(tooltip) + "</title></rect>\n";
}

void Svg::circle(double cx, double cy, double radius, const std::string& fill, const Stroke& stroke,
                 const std::string& tooltip) {
  body_ += "<circle cx=\"" + format_coordinate(cx) + "\" cy=\"" + format_coordinate(cy) + "\" r=\"" +
           format_coordinate(radius) + "\" fill=\"" + escape_xml(fill) + "\"" + stroke_attributes(stroke);
  body_ += tooltip.empty() ? "/>\n" : "><title>" + escape_xml(tooltip) + "</title></circle>\n";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, const Stroke& stroke) {
  if (points.size() < 2) return;
  body_ += "<polyline fill=\"none\" points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    body_ += (i ? " " : "") + format_coordinate(points[i].first) + "," + format_coordinate(points[i].second);
  }
  body_ += "\"" + stroke_attributes(stroke) + "/>\n";
}

void Svg::text(double x, double y, const std::string& content, const TextStyle& style) {
  body_ += "<text x=\"" + format_coordinate(x) + "\" y=\"" + format_coordinate(y) + "\" font-size=\"" +
           format_coordinate(style.size_px) + "\" text-anchor=\"" + style.anchor + "\" fill=\"" +
           escape_xml(style.color) + "\"";
  if (style.bold) body_ += " font-weight=\"bold\"";
  if (!style.baseline.empty()) body_ += " dominant-baseline=\"" + style.baseline + "\"";
  if (style.rotate_degrees != 0) {
    body_ += " transform=\"rotate(" + format_coordinate(style.rotate_degrees) + " " + format_coordinate(x) + " " +
             format_coordinate(y) + ")\"";
  }
  body_ += ">" + escape_xml(content) + "</text>\n";
}

std::string Svg::str() const { return head_ + body_ + "</svg>\n"; }

const std::string& series_color(std::size_t index) {
  static const std::string kColors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                        "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
  return kColors[index % (sizeof kColors / sizeof kColors[0])];
}

}  // namespace npusim::report
