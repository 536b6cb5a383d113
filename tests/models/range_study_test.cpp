// The output-range study (models/metrics/range_study.h) against the original team's table
// (int8-theory-vs-practice.md: step = (high - low) / 255, error = +- step / 2).
#include "models/metrics/range_study.h"

#include <gtest/gtest.h>

#include <cmath>

namespace npusim::metrics {
namespace {

TEST(RangeStudy, StepsMatchTheOriginalTable) {
  // [0.5, 15] m at 8 bits: 14.5 / 255 = 56.86 mm, +-28.43 mm ("+-28.4 mm" in their table).
  EXPECT_NEAR(linear_step_m({0.5, 15.0}, 8), 0.0568627451, 1e-10);
  EXPECT_NEAR(linear_step_m({0.5, 15.0}, 8) / 2, 0.0284313725, 1e-10);
  // The other rows: +-13.7, +-18.6, +-23.5 mm.
  EXPECT_NEAR(linear_step_m({0.5, 7.5}, 8) / 2, 0.0137, 5e-5);
  EXPECT_NEAR(linear_step_m({0.5, 10.0}, 8) / 2, 0.0186, 5e-5);
  EXPECT_NEAR(linear_step_m({0.5, 12.5}, 8) / 2, 0.0235, 5e-5);
  // 16 bits: 14.5 / 65535 = 0.2213 mm.
  EXPECT_NEAR(linear_step_m({0.5, 15.0}, 16), 14.5 / 65535.0, 1e-15);
  // Log code over [0.5, 15] at 8 bits: ratio 30 spread over 255 steps,
  // r = 30^(1/255) - 1 = 0.0134273; step 0.5 r = 6.714 mm at 0.5 m, 15 r / (1 + r) = 198.74 mm at 15 m.
  EXPECT_NEAR(log_relative_step({0.5, 15.0}, 8), 0.01342737726, 1e-10);
}

// Depths {0.2, 1, 5, 10, 20} (and a 0 = invalid) against [0.5, 7.5]:
// 2 of 5 valid pixels inside (1, 5): coverage 40 %; below 1/5, above 2/5.
TEST(RangeStudy, CoverageAndLostShares) {
  const auto rows = run_range_study({0.2f, 1.0f, 5.0f, 10.0f, 20.0f, 0.0f}, {{0.5, 7.5}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].coverage, 0.4, 1e-12);
  EXPECT_NEAR(rows[0].below, 0.2, 1e-12);
  EXPECT_NEAR(rows[0].above, 0.4, 1e-12);
  EXPECT_NEAR(rows[0].lost, 0.6, 1e-12);
  const auto log_rows = run_range_study({1.0f}, {{0.5, 15.0}});
  EXPECT_NEAR(log_rows[0].log8.step_low_m, 0.00671368863, 1e-10);
  EXPECT_NEAR(log_rows[0].log8.step_high_m, 0.19874207405, 1e-10);
}

// Range [1, 2] at 8 bits, step 1/255. A depth a quarter step above a code, 1 + 0.25/255,
// quantises down to 1: error -0.25/255 = -0.980 mm. A depth of 3 m clips to 2 m: error -1 m.
// RMS over covered pixels = 0.980 mm; over all = sqrt((0.980e-3^2 + 1^2) / 2) = 0.70711 m.
TEST(RangeStudy, MeasuredQuantisationAndClippingErrors) {
  const float quarter = static_cast<float>(1.0 + 0.25 / 255.0);
  const auto rows = run_range_study({quarter, 3.0f}, {{1.0, 2.0}});
  const double quarter_error = static_cast<double>(quarter) - 1.0;  // the float's exact offset
  EXPECT_NEAR(rows[0].linear8.rms_covered_m, quarter_error, 1e-12);
  EXPECT_NEAR(rows[0].linear8.max_abs_covered_m, quarter_error, 1e-12);
  EXPECT_NEAR(rows[0].linear8.rms_all_m, std::sqrt((quarter_error * quarter_error + 1.0) / 2.0), 1e-9);
  EXPECT_NEAR(rows[0].coverage, 0.5, 1e-12);
}

TEST(RangeStudy, ParseRanges) {
  const auto ranges = parse_depth_ranges("0.5:7.5,0.5:10");
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[1].high_m, 10.0);
  EXPECT_THROW(parse_depth_ranges("0.5-7.5"), std::invalid_argument);
  EXPECT_THROW(parse_depth_ranges("0:7.5"), std::invalid_argument);     // log needs low > 0
  EXPECT_THROW(parse_depth_ranges("5:5"), std::invalid_argument);
  EXPECT_THROW(parse_depth_ranges("1:abc"), std::invalid_argument);
  EXPECT_THROW(parse_depth_ranges("1:nan"), std::invalid_argument);
  EXPECT_THROW(run_range_study({0.0f, -1.0f}, {{0.5, 1.0}}), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::metrics
