// The conformance vector generator: every group is non-empty, every row lies inside the
// mode's domain, and the golden results written for it equal the independent reference.
#include <gtest/gtest.h>

#include "sim/requant/conformance_vectors.h"
#include "tests/quant/requant_reference.h"

namespace npusim::sim {
namespace {

using quant::RoundingMode;

class ConformanceVectors : public ::testing::TestWithParam<RoundingMode> {};

TEST_P(ConformanceVectors, EveryRowIsAcceptedAndTheGoldenMatchesTheReference) {
  const auto groups = conformance_vectors(GetParam(), 2000, 5);
  ASSERT_EQ(groups.size(), 7u);
  for (const auto& group : groups) {
    EXPECT_FALSE(group.rows.empty()) << group.name;
    for (const quant::RequantCase& row : group.rows) {
      const auto expected = testing::reference_requantize(row.acc, row.params, GetParam());
      ASSERT_TRUE(expected.has_value()) << group.name << ": acc " << row.acc << " s " << row.params.shift;
      ASSERT_EQ(quant::requantize(row.acc, row.params, GetParam()), *expected)
          << group.name << ": acc " << row.acc << " M " << row.params.multiplier << " s " << row.params.shift;
    }
  }
  EXPECT_EQ(groups.back().name, "random");
  EXPECT_EQ(groups.back().rows.size(), 2000u);
}

TEST_P(ConformanceVectors, TiesOnBothSignsArePresent) {
  const auto groups = conformance_vectors(GetParam(), 0, 1);
  std::size_t positive_ties = 0, negative_ties = 0;
  for (const quant::RequantCase& row : groups.front().rows) {
    const __int128 product = static_cast<__int128>(row.acc) * row.params.multiplier;
    if (row.params.shift == 0) continue;
    const __int128 mask = (static_cast<__int128>(1) << row.params.shift) - 1;
    if ((product & mask) != (static_cast<__int128>(1) << (row.params.shift - 1))) continue;
    (product > 0 ? positive_ties : negative_ties) += 1;
  }
  EXPECT_GT(positive_ties, 50u);
  EXPECT_GT(negative_ties, 50u);
}

INSTANTIATE_TEST_SUITE_P(AllModes, ConformanceVectors,
                         ::testing::Values(RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                                           RoundingMode::kFloor, RoundingMode::kTruncate,
                                           RoundingMode::kTfliteDouble, RoundingMode::kFp32),
                         [](const auto& info) { return std::string(quant::rounding_mode_name(info.param)); });

}  // namespace
}  // namespace npusim::sim
