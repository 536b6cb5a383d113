// Evaluating a depth predictor on a depth dataset (`npusim eval`).
//
// Input preprocessing (the bundled networks' contract, identical to
// scripts/train/depth_data.py to_input_tensor): 8-bit RGB -> float32 value / 255 in [0, 1],
// channels R, G, B, laid out NCHW (1 x 3 x H x W); no mean/std normalisation. When the
// image size differs from the model's input size, the float image is resized bilinearly
// (half-pixel centres, no antialiasing, like cv2.INTER_LINEAR / PyTorch align_corners=False).
// The prediction is resized bilinearly to the ground truth's size before the metrics
// (as monodepth2 does); the ground truth itself is never resampled.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/data/depth_dataset.h"
#include "models/metrics/depth_metrics.h"

namespace npusim::metrics {

// value / 255, HWC interleaved -> CHW planar.
std::vector<float> rgb_to_planar_unit(const data::RgbImage& image);

// Bilinear resize of `channels` planes (CHW), half-pixel centres, edge samples clamped.
// The identity when the sizes match.
std::vector<float> resize_bilinear(const std::vector<float>& planes, int channels, int in_height, int in_width,
                                   int out_height, int out_width);

// A predictor returns depth in metres for one sample (any size; resized to the GT's).
using DepthPredictor = std::function<data::DepthMap(const data::DepthSample& sample, const data::RgbImage& image)>;

struct EvalImageResult {
  std::string name;
  std::optional<ImageDepthErrors> errors;  // empty: no valid GT pixel inside the caps
};

struct EvalReport {
  std::vector<EvalImageResult> images;
  DepthMetricsAverage average;
};

// How the per-image abs_rel is spread over the images that had valid pixels: the mean
// that monodepth2 reports hides a heavy tail (a few close-ups with over-predicted near
// pixels can double it), so `npusim eval` prints these beside it. Percentiles use numpy's
// default 'linear' rule. Throws std::runtime_error when no image had a valid pixel.
struct AbsRelSpread {
  double median = 0;
  double p90 = 0;
  double max = 0;
};
AbsRelSpread per_image_abs_rel_spread(const EvalReport& report);

// Runs the predictor over every sample and computes the metrics. Errors name the sample.
EvalReport evaluate_depth_dataset(const data::DepthDataset& dataset, const DepthPredictor& predictor,
                                  const DepthMetricsOptions& options);

}  // namespace npusim::metrics
