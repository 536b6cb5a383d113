#include "sim/report/depth_maps.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/report/image_encoding.h"
#include "sim/report/svg.h"

namespace npusim::report {
namespace {

// Error maps saturate at the 99th percentile of the image's errors: one wild pixel would
// otherwise turn the rest of the map black.
constexpr double kErrorScalePercentile = 0.99;
constexpr int kDisplayWidthPx = 300;

std::string colorbar_svg(Colormap map, double lo, double hi, const std::string& unit) {
  // Colour bars are legends, not plots: no data-plot id.
  Svg svg(kDisplayWidthPx, 34, "", "colour scale from " + format_coordinate(lo) + " to " + format_coordinate(hi) + " " + unit);
  constexpr int kSteps = 60;
  const double step_px = (kDisplayWidthPx - 20) / static_cast<double>(kSteps);
  for (int i = 0; i < kSteps; ++i) {
    const Rgb c = colormap_color(map, (i + 0.5) / kSteps);
    char color[8];
    std::snprintf(color, sizeof color, "#%02x%02x%02x", c.r, c.g, c.b);
    svg.rect(10 + i * step_px, 2, step_px + 0.5, 12, color);
  }
  TextStyle text;
  text.size_px = 10;
  char label[48];
  std::snprintf(label, sizeof label, "%.3g %s", lo, unit.c_str());
  svg.text(10, 28, label, text);
  text.anchor = "end";
  std::snprintf(label, sizeof label, "%.3g %s", hi, unit.c_str());
  svg.text(kDisplayWidthPx - 10, 28, label, text);
  return svg.str();
}

std::string image_tag(const data::RgbImage& image, const std::string& plot_id, const std::string& alt) {
  const int display_height = static_cast<int>(std::lround(static_cast<double>(image.height) * kDisplayWidthPx / image.width));
  return "<img data-plot=\"" + escape_xml(plot_id) + "\" src=\"" + png_data_uri(image) + "\" width=\"" +
         std::to_string(kDisplayWidthPx) + "\" height=\"" + std::to_string(display_height) + "\" alt=\"" +
         escape_xml(alt) + "\">";
}

std::string figure(const std::string& image_html, const std::string& caption) {
  return "<figure>" + image_html + "<figcaption>" + caption + "</figcaption></figure>\n";
}

}  // namespace

DepthErrorStats depth_error_stats(const std::vector<float>& ground_truth_m, const std::vector<float>& prediction_m) {
  DepthErrorStats stats;
  double relative_sum = 0, absolute_sum = 0;
  for (std::size_t i = 0; i < ground_truth_m.size() && i < prediction_m.size(); ++i) {
    if (ground_truth_m[i] <= 0) continue;
    const double error = std::fabs(static_cast<double>(prediction_m[i]) - ground_truth_m[i]);
    relative_sum += error / ground_truth_m[i];
    absolute_sum += error;
    ++stats.valid_pixels;
  }
  if (stats.valid_pixels > 0) {
    stats.abs_rel = relative_sum / static_cast<double>(stats.valid_pixels);
    stats.mean_abs_error_m = absolute_sum / static_cast<double>(stats.valid_pixels);
  }
  return stats;
}

double percentile(std::vector<float> values, double fraction) {
  if (values.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(std::clamp(fraction, 0.0, 1.0) * values.size()));
  const std::size_t index = rank == 0 ? 0 : rank - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
  return values[index];
}

std::string depth_maps_html(const ReportData& data) {
  std::string html;
  for (std::size_t n = 0; n < data.depth_images.size(); ++n) {
    const DepthImage& image = data.depth_images[n];
    const std::string id = "depth-" + std::to_string(n);
    double lo = INFINITY, hi = -INFINITY;
    for (float value : image.ground_truth_m) {
      if (value > 0) {
        lo = std::min(lo, static_cast<double>(value));
        hi = std::max(hi, static_cast<double>(value));
      }
    }
    if (!(lo < hi)) {  // no usable ground truth: scale on the predictions
      for (const auto& prediction : image.predictions) {
        for (float value : prediction.depth_m) {
          lo = std::min(lo, static_cast<double>(value));
          hi = std::max(hi, static_cast<double>(value));
        }
      }
    }
    if (!(lo < hi)) {
      lo = 0;
      hi = std::isfinite(hi) ? std::max(hi, 1.0) : 1.0;
    }
    std::vector<float> errors;
    for (const auto& prediction : image.predictions) {
      for (std::size_t i = 0; i < prediction.depth_m.size(); ++i) {
        if (image.ground_truth_m[i] > 0) errors.push_back(std::fabs(prediction.depth_m[i] - image.ground_truth_m[i]));
      }
    }
    const double error_hi = std::max(1e-6, percentile(errors, kErrorScalePercentile));

    html += "<h3>" + escape_xml(image.name) + "</h3>\n<div class=\"maps\">\n";
    html += figure(image_tag(colorize(image.ground_truth_m, image.height, image.width, lo, hi, Colormap::kDepth,
                                      &image.ground_truth_m),
                             id + "-gt", image.name + ": ground truth"),
                   "ground truth (grey: none)");
    for (std::size_t p = 0; p < image.predictions.size(); ++p) {
      const auto& prediction = image.predictions[p];
      html += figure(image_tag(colorize(prediction.depth_m, image.height, image.width, lo, hi, Colormap::kDepth),
                               id + "-pred-" + std::to_string(p), image.name + ": " + prediction.path + " prediction"),
                     escape_xml(prediction.path) + " prediction");
    }
    html += "</div>\n" + colorbar_svg(Colormap::kDepth, lo, hi, "m") + "<div class=\"maps\">\n";
    for (std::size_t p = 0; p < image.predictions.size(); ++p) {
      const auto& prediction = image.predictions[p];
      std::vector<float> error(prediction.depth_m.size());
      for (std::size_t i = 0; i < error.size(); ++i) error[i] = std::fabs(prediction.depth_m[i] - image.ground_truth_m[i]);
      const DepthErrorStats stats = depth_error_stats(image.ground_truth_m, prediction.depth_m);
      char caption[200];
      std::snprintf(caption, sizeof caption, "|error| of %s: abs_rel %.4f, mean %.3f m over %zu pixels",
                    escape_xml(prediction.path).c_str(), stats.abs_rel, stats.mean_abs_error_m, stats.valid_pixels);
      html += figure(image_tag(colorize(error, image.height, image.width, 0, error_hi, Colormap::kError,
                                        &image.ground_truth_m),
                               id + "-error-" + std::to_string(p), image.name + ": " + prediction.path + " error"),
                     caption);
    }
    html += "</div>\n";
    if (!image.predictions.empty()) html += colorbar_svg(Colormap::kError, 0, error_hi, "m");
  }
  return html;
}

}  // namespace npusim::report
