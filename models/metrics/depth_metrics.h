// Depth metrics with the monodepth2 definitions (Godard et al., evaluate_depth.py,
// compute_errors), plus log10 (Eigen et al. / the NYU literature):
//   abs_rel  = mean(|gt - pred| / gt)
//   sq_rel   = mean((gt - pred)^2 / gt)
//   rmse     = sqrt(mean((gt - pred)^2))                      [m]
//   rmse_log = sqrt(mean((ln gt - ln pred)^2))
//   log10    = mean(|log10 gt - log10 pred|)
//   delta_k  = mean(max(gt / pred, pred / gt) < 1.25^k),  k = 1, 2, 3
// Per image, in this order (as monodepth2):
//   1. valid pixels: min_depth < gt < max_depth (strict both sides; gt = 0 is invalid);
//   2. optional median scaling: pred *= median(gt_valid) / median(pred_valid);
//   3. pred clamped to [min_depth, max_depth];
//   4. the metrics over the valid pixels, accumulated in double.
// Over a set: the mean of the per-image metrics (monodepth2 averages per image, it does
// not pool pixels); images without a valid pixel are skipped and counted.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace npusim::metrics {

struct DepthMetricsOptions {
  double min_depth_m = 1e-3;  // monodepth2 MIN_DEPTH
  double max_depth_m = 80.0;  // monodepth2 MAX_DEPTH (KITTI); raise it for longer ranges
  bool median_scaling = false;  // for scale-ambiguous (self-supervised) predictions
};

struct DepthErrors {
  double abs_rel = 0, sq_rel = 0, rmse = 0, rmse_log = 0, log10 = 0;
  double delta1 = 0, delta2 = 0, delta3 = 0;
};

struct ImageDepthErrors {
  DepthErrors errors;
  std::uint64_t valid_pixels = 0;
  double median_scale = 1.0;  // the factor applied to pred (1 without median scaling)
};

// pred and gt are same-sized depth maps in metres. Returns nothing when no pixel is valid.
// Throws std::invalid_argument for a size mismatch, bad options (min >= max, min <= 0) or
// a NaN/Inf prediction at a valid pixel (naming the pixel index).
std::optional<ImageDepthErrors> compute_image_depth_errors(const std::vector<float>& pred_m,
                                                           const std::vector<float>& gt_m,
                                                           const DepthMetricsOptions& options);

// The mean over images of each metric.
class DepthMetricsAverage {
 public:
  void add(const std::optional<ImageDepthErrors>& image);
  int images_used() const { return images_used_; }
  int images_skipped() const { return images_skipped_; }
  // Throws std::runtime_error when no image had a valid pixel.
  DepthErrors mean() const;

 private:
  DepthErrors sum_;
  int images_used_ = 0;
  int images_skipped_ = 0;
};

// numpy.median: the middle value, or the mean of the two middle values for an even count.
// `values` is reordered. Precondition: not empty.
double median_of(std::vector<double>& values);

}  // namespace npusim::metrics
