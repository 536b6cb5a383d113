#include "models/metrics/depth_metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace npusim::metrics {

double median_of(std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("median of an empty set");
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return 0.5 * (lower + upper);
}

std::optional<ImageDepthErrors> compute_image_depth_errors(const std::vector<float>& pred_m,
                                                           const std::vector<float>& gt_m,
                                                           const DepthMetricsOptions& options) {
  if (pred_m.size() != gt_m.size()) {
    throw std::invalid_argument("prediction has " + std::to_string(pred_m.size()) + " pixels, ground truth " +
                                std::to_string(gt_m.size()));
  }
  if (!(options.min_depth_m > 0.0) || !(options.max_depth_m > options.min_depth_m)) {
    throw std::invalid_argument("depth caps need 0 < min_depth < max_depth");
  }
  std::vector<double> gt, pred;
  for (std::size_t i = 0; i < gt_m.size(); ++i) {
    const double g = gt_m[i];
    if (!(g > options.min_depth_m && g < options.max_depth_m)) continue;
    if (!std::isfinite(pred_m[i])) {
      throw std::invalid_argument("prediction at pixel " + std::to_string(i) + " is not finite");
    }
    gt.push_back(g);
    pred.push_back(pred_m[i]);
  }
  if (gt.empty()) return std::nullopt;

  ImageDepthErrors out;
  out.valid_pixels = gt.size();
  if (options.median_scaling) {
    std::vector<double> gt_copy = gt, pred_copy = pred;
    const double pred_median = median_of(pred_copy);
    if (!(pred_median > 0.0)) throw std::invalid_argument("median scaling needs a positive median prediction");
    out.median_scale = median_of(gt_copy) / pred_median;
    for (double& p : pred) p *= out.median_scale;
  }
  double abs_rel = 0, sq_rel = 0, squared = 0, squared_log = 0, log10_sum = 0;
  std::uint64_t within1 = 0, within2 = 0, within3 = 0;
  for (std::size_t i = 0; i < gt.size(); ++i) {
    const double g = gt[i];
    const double p = std::clamp(pred[i], options.min_depth_m, options.max_depth_m);
    const double difference = g - p;
    abs_rel += std::fabs(difference) / g;
    sq_rel += difference * difference / g;
    squared += difference * difference;
    const double log_difference = std::log(g) - std::log(p);
    squared_log += log_difference * log_difference;
    log10_sum += std::fabs(std::log10(g) - std::log10(p));
    const double ratio = std::max(g / p, p / g);
    within1 += ratio < 1.25;
    within2 += ratio < 1.25 * 1.25;
    within3 += ratio < 1.25 * 1.25 * 1.25;
  }
  const double n = static_cast<double>(gt.size());
  DepthErrors& e = out.errors;
  e.abs_rel = abs_rel / n;
  e.sq_rel = sq_rel / n;
  e.rmse = std::sqrt(squared / n);
  e.rmse_log = std::sqrt(squared_log / n);
  e.log10 = log10_sum / n;
  e.delta1 = static_cast<double>(within1) / n;
  e.delta2 = static_cast<double>(within2) / n;
  e.delta3 = static_cast<double>(within3) / n;
  return out;
}

void DepthMetricsAverage::add(const std::optional<ImageDepthErrors>& image) {
  if (!image) {
    ++images_skipped_;
    return;
  }
  const DepthErrors& e = image->errors;
  sum_.abs_rel += e.abs_rel;
  sum_.sq_rel += e.sq_rel;
  sum_.rmse += e.rmse;
  sum_.rmse_log += e.rmse_log;
  sum_.log10 += e.log10;
  sum_.delta1 += e.delta1;
  sum_.delta2 += e.delta2;
  sum_.delta3 += e.delta3;
  ++images_used_;
}

DepthErrors DepthMetricsAverage::mean() const {
  if (images_used_ == 0) throw std::runtime_error("no image has a valid ground-truth pixel inside the depth caps");
  const double n = images_used_;
  DepthErrors m;
  m.abs_rel = sum_.abs_rel / n;
  m.sq_rel = sum_.sq_rel / n;
  m.rmse = sum_.rmse / n;
  m.rmse_log = sum_.rmse_log / n;
  m.log10 = sum_.log10 / n;
  m.delta1 = sum_.delta1 / n;
  m.delta2 = sum_.delta2 / n;
  m.delta3 = sum_.delta3 / n;
  return m;
}

}  // namespace npusim::metrics
