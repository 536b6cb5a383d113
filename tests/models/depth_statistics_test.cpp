// Pooled depth statistics (models/data/depth_statistics.h): numpy's linear percentile rule
// by hand, and the constant-memory code histogram against the plain sort.
#include "models/data/depth_statistics.h"

#include <gtest/gtest.h>

#include "models/data/scene_random.h"

namespace npusim::data {
namespace {

// numpy.percentile([1, 2, 3, 4], q): position q/100 * 3 -> p50 at 1.5 -> 2.5; p90 at 2.7 ->
// 3 + 0.7 * (4 - 3) = 3.7; p0 = 1, p100 = 4.
TEST(DepthStatistics, PercentileLinearLikeNumpy) {
  const std::vector<float> sorted = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(percentile_linear(sorted, 50), 2.5);
  EXPECT_NEAR(percentile_linear(sorted, 90), 3.7, 1e-12);
  EXPECT_DOUBLE_EQ(percentile_linear(sorted, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile_linear(sorted, 100), 4.0);
  EXPECT_THROW(percentile_linear({}, 50), std::invalid_argument);
}

// Values {0 (invalid), 1, 2, 3, 6}: mean 3, population std sqrt((4 + 1 + 0 + 9) / 4) = 1.8708.
TEST(DepthStatistics, SmallSetByHand) {
  const DepthStatistics s = compute_depth_statistics({0.0f, 6.0f, 1.0f, 3.0f, 2.0f});
  EXPECT_EQ(s.count, 4u);
  EXPECT_DOUBLE_EQ(s.min_m, 1.0);
  EXPECT_DOUBLE_EQ(s.max_m, 6.0);
  EXPECT_DOUBLE_EQ(s.median_m, 2.5);
  EXPECT_DOUBLE_EQ(s.mean_m, 3.0);
  EXPECT_NEAR(s.std_m, 1.8708286934, 1e-9);
}

// The histogram must give what sorting every decoded pixel gives, for KITTI and mm codes.
TEST(DepthStatistics, CodeHistogramEqualsSortedPixels) {
  Pcg32 rng(99);
  for (DepthPngUnit unit : {DepthPngUnit::kKitti256, DepthPngUnit::kMillimetre}) {
    DepthCodeHistogram histogram;
    std::vector<float> decoded;
    for (int i = 0; i < 20001; ++i) {
      // A long-tailed mix: many small codes, some large, some invalid.
      const auto code = static_cast<std::uint16_t>(rng.chance(0.05f) ? 0 : (rng.chance(0.9f) ? rng.uniform_int(1, 2000) : rng.uniform_int(1, 65535)));
      histogram.add(code);
      decoded.push_back(decode_depth_code(code, unit));
    }
    const DepthStatistics a = histogram.statistics(unit);
    const DepthStatistics b = compute_depth_statistics(decoded);
    EXPECT_EQ(a.count, b.count);
    EXPECT_EQ(histogram.invalid(), decoded.size() - b.count);
    EXPECT_DOUBLE_EQ(a.min_m, b.min_m);
    EXPECT_DOUBLE_EQ(a.max_m, b.max_m);
    EXPECT_DOUBLE_EQ(a.median_m, b.median_m);
    EXPECT_DOUBLE_EQ(a.p90_m, b.p90_m);
    EXPECT_DOUBLE_EQ(a.p999_m, b.p999_m);
    EXPECT_NEAR(a.mean_m, b.mean_m, 1e-9 * b.mean_m);
    EXPECT_NEAR(a.std_m, b.std_m, 1e-9 * b.std_m);
  }
}

}  // namespace
}  // namespace npusim::data
