// Depth metrics (models/metrics/depth_metrics.h) on tiny images worked by hand.
#include "models/metrics/depth_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace npusim::metrics {
namespace {

// 2x2 image, gt = [1, 2, 4, 0], pred = [1.25, 1, 4, 3]. The last pixel has gt 0: invalid,
// so its prediction (3) is ignored. Over the 3 valid pixels:
//   abs_rel  = (0.25/1 + 1/2 + 0) / 3                    = 0.25
//   sq_rel   = (0.0625/1 + 1/2 + 0) / 3                  = 0.1875
//   rmse     = sqrt((0.0625 + 1 + 0) / 3)                = 0.5951190
//   rmse_log = sqrt((ln(1/1.25)^2 + ln(2)^2 + 0) / 3)
//            = sqrt((0.0497930 + 0.4804530) / 3)         = 0.4204149
//   log10    = (log10 1.25 + log10 2 + 0) / 3
//            = (0.0969100 + 0.3010300) / 3               = 0.1326467
//   ratios max(gt/pred, pred/gt) = 1.25, 2, 1
//   delta1: ratio < 1.25 (strict; 1.25 itself fails)     = 1/3
//   delta2: ratio < 1.5625                               = 2/3
//   delta3: ratio < 1.953125 (2 fails)                   = 2/3
TEST(DepthMetrics, HandWorkedTwoByTwo) {
  const auto result = compute_image_depth_errors({1.25f, 1.0f, 4.0f, 3.0f}, {1.0f, 2.0f, 4.0f, 0.0f}, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->valid_pixels, 3u);
  const DepthErrors& e = result->errors;
  EXPECT_NEAR(e.abs_rel, 0.25, 1e-12);
  EXPECT_NEAR(e.sq_rel, 0.1875, 1e-12);
  EXPECT_NEAR(e.rmse, 0.5951190357, 1e-9);
  EXPECT_NEAR(e.rmse_log, 0.4204148976, 1e-9);
  EXPECT_NEAR(e.log10, 0.1326466696, 1e-9);
  EXPECT_NEAR(e.delta1, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(e.delta2, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(e.delta3, 2.0 / 3.0, 1e-12);
}

TEST(DepthMetrics, PerfectPredictionIsZeroErrorFullDelta) {
  const auto result = compute_image_depth_errors({0.5f, 3.0f, 7.0f, 12.0f}, {0.5f, 3.0f, 7.0f, 12.0f}, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->errors.abs_rel, 0.0);
  EXPECT_EQ(result->errors.rmse, 0.0);
  EXPECT_EQ(result->errors.delta1, 1.0);
}

// Caps (defaults 1e-3 and 80 m): gt = [0.0005, 100, 2, 50] keeps only 2 and 50 (strictly
// inside). pred = [1, 1, 2, 100]: the 100 is clamped to 80 before the errors:
//   abs_rel = (0 + 30/50) / 2 = 0.3,  rmse = sqrt((0 + 900) / 2) = 21.2132034
TEST(DepthMetrics, CapsMaskGroundTruthAndClampPredictions) {
  const auto result = compute_image_depth_errors({1.0f, 1.0f, 2.0f, 100.0f}, {0.0005f, 100.0f, 2.0f, 50.0f}, {});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->valid_pixels, 2u);
  EXPECT_NEAR(result->errors.abs_rel, 0.3, 1e-12);
  EXPECT_NEAR(result->errors.rmse, 21.2132034356, 1e-9);

  // A prediction of 0 (or below) is clamped to min_depth = 0.001: abs_rel = |1 - 0.001| / 1.
  const auto low = compute_image_depth_errors({0.0f}, {1.0f}, {});
  EXPECT_NEAR(low->errors.abs_rel, 0.999, 1e-12);

  // A wider cap keeps the 100 m pixel: gt = 100, pred = 1 -> abs_rel 0.99.
  DepthMetricsOptions wide;
  wide.max_depth_m = 250;
  const auto kept = compute_image_depth_errors({1.0f}, {100.0f}, wide);
  EXPECT_NEAR(kept->errors.abs_rel, 0.99, 1e-12);
}

// gt = [1, 2, 3, 4] (median 2.5, the mean of the two middle values, like numpy),
// pred = [2, 4, 6, 8] (median 5): scale 0.5 makes the prediction exact.
TEST(DepthMetrics, MedianScaling) {
  DepthMetricsOptions options;
  options.median_scaling = true;
  const auto result = compute_image_depth_errors({2, 4, 6, 8}, {1, 2, 3, 4}, options);
  ASSERT_TRUE(result.has_value());
  EXPECT_DOUBLE_EQ(result->median_scale, 0.5);
  EXPECT_NEAR(result->errors.abs_rel, 0.0, 1e-15);
  EXPECT_EQ(result->errors.delta1, 1.0);
}

TEST(DepthMetrics, NoValidPixelAndBadInput) {
  EXPECT_FALSE(compute_image_depth_errors({1, 2}, {0, 0}, {}).has_value());
  EXPECT_THROW(compute_image_depth_errors({1, 2, 3}, {1, 2}, {}), std::invalid_argument);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(compute_image_depth_errors({1, nan}, {1, 2}, {}), std::invalid_argument);
  // NaN where the ground truth is invalid is ignored.
  EXPECT_TRUE(compute_image_depth_errors({1, nan}, {1, 0}, {}).has_value());
  DepthMetricsOptions bad;
  bad.min_depth_m = 5;
  bad.max_depth_m = 1;
  EXPECT_THROW(compute_image_depth_errors({1}, {1}, bad), std::invalid_argument);
}

// monodepth2 averages per image: image A (3 pixels, abs_rel 0.25, the 2x2 case above) and
// image B (4 perfect pixels, abs_rel 0) average to 0.125. Pooling pixels would give
// 0.75 / 7 = 0.107, so the test tells the two apart.
TEST(DepthMetrics, AverageIsOverImagesNotPixels) {
  DepthMetricsAverage average;
  average.add(compute_image_depth_errors({1.25f, 1.0f, 4.0f, 3.0f}, {1.0f, 2.0f, 4.0f, 0.0f}, {}));
  average.add(compute_image_depth_errors({1, 2, 3, 4}, {1, 2, 3, 4}, {}));
  average.add(compute_image_depth_errors({1}, {0}, {}));  // no valid pixel: skipped
  EXPECT_EQ(average.images_used(), 2);
  EXPECT_EQ(average.images_skipped(), 1);
  EXPECT_NEAR(average.mean().abs_rel, 0.125, 1e-12);
  EXPECT_NEAR(average.mean().delta1, (1.0 / 3.0 + 1.0) / 2.0, 1e-12);
  DepthMetricsAverage empty;
  EXPECT_THROW(empty.mean(), std::runtime_error);
}

TEST(DepthMetrics, MedianLikeNumpy) {
  std::vector<double> odd = {5, 1, 3};
  EXPECT_EQ(median_of(odd), 3.0);
  std::vector<double> even = {4, 1, 3, 2};
  EXPECT_EQ(median_of(even), 2.5);
}

}  // namespace
}  // namespace npusim::metrics
