// The report's depth section: for each image the ground truth, each precision path's
// prediction (one depth colour scale per image) and its absolute error map (one error
// scale per image), as inline PNGs with colour bars and per-path figures.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/report/report_data.h"

namespace npusim::report {

struct DepthErrorStats {
  std::size_t valid_pixels = 0;  // ground truth > 0
  double abs_rel = 0;            // mean |pred - gt| / gt over valid pixels
  double mean_abs_error_m = 0;   // mean |pred - gt| over valid pixels
};

DepthErrorStats depth_error_stats(const std::vector<float>& ground_truth_m, const std::vector<float>& prediction_m);

// The value below which `fraction` of `values` lie (nearest rank); 0 for no values.
double percentile(std::vector<float> values, double fraction);

// The HTML of the section's body ("" when there are no images).
std::string depth_maps_html(const ReportData& data);

}  // namespace npusim::report
