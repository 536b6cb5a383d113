// The scalar golden against the independent reference (requant_reference.h) through the
// shared RequantizationTester: targeted ties and saturation, exhaustive small domains and
// random cases, for every mode and fused activation.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "tests/quant/requant_tester.h"

namespace npusim::testing {
namespace {

using quant::FusedActivation;
using quant::RoundingMode;

class GoldenConformance : public ::testing::TestWithParam<RoundingMode> {};

TEST_P(GoldenConformance, SpecialCases) {
  RequantizationTester().mode(GetParam()).TestSpecialCases(golden_requant_implementation);
  RequantizationTester().mode(GetParam()).zero_point(-7).qmin(-100).qmax(90).TestSpecialCases(
      golden_requant_implementation);
  RequantizationTester().mode(GetParam()).accumulator_bits(64).TestSpecialCases(golden_requant_implementation);
}

TEST_P(GoldenConformance, ExhaustiveSmallDomain) {
  RequantizationTester().mode(GetParam()).qmin(INT32_MIN).qmax(INT32_MAX).TestExhaustiveSmallDomain(
      golden_requant_implementation, 512);
}

TEST_P(GoldenConformance, RandomCases) {
  RequantizationTester().mode(GetParam()).TestRandomCases(golden_requant_implementation, 200000, 20261124);
  RequantizationTester().mode(GetParam()).accumulator_bits(32).output_bits(8).TestRandomCases(
      golden_requant_implementation, 200000, 7);
}

TEST_P(GoldenConformance, FusedActivations) {
  RequantizationTester().mode(GetParam()).activation(FusedActivation::kRelu).zero_point(-20).TestSpecialCases(
      golden_requant_implementation);
  RequantizationTester().mode(GetParam()).activation(FusedActivation::kRelu).TestRandomCases(
      golden_requant_implementation, 50000, 11);
  RequantizationTester()
      .mode(GetParam())
      .activation(FusedActivation::kLeakyRelu)
      .negative_scale(1 << 30, 34)
      .TestSpecialCases(golden_requant_implementation);
  RequantizationTester().mode(GetParam()).activation(FusedActivation::kLeakyRelu).TestRandomCases(
      golden_requant_implementation, 50000, 12);
}

// The tester must be able to fail: half_up presented as half_even differs on ties.
std::vector<std::int32_t> half_up_posing_as_another_mode(quant::RoundingMode, const std::vector<RequantCase>& cases) {
  return golden_requant_implementation(RoundingMode::kHalfUp, cases);
}

// Runs a tester call with failures intercepted; returns how many failures it reported.
template <typename Body>
int count_reported_failures(Body body) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    body();
  }
  return results.size();
}

TEST(RequantizationTesterSelfCheck, CatchesAWrongImplementation) {
  EXPECT_GT(count_reported_failures([] {
              RequantizationTester().mode(RoundingMode::kHalfEven).TestSpecialCases(half_up_posing_as_another_mode);
            }),
            0);
  EXPECT_GT(count_reported_failures([] {
              RequantizationTester().mode(RoundingMode::kTfliteDouble).TestRandomCases(half_up_posing_as_another_mode,
                                                                                      100000, 3);
            }),
            0);
  EXPECT_EQ(count_reported_failures([] {
              RequantizationTester().mode(RoundingMode::kHalfUp).TestSpecialCases(half_up_posing_as_another_mode);
            }),
            0);
}

INSTANTIATE_TEST_SUITE_P(AllModes, GoldenConformance,
                         ::testing::Values(RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                                           RoundingMode::kFloor, RoundingMode::kTruncate,
                                           RoundingMode::kTfliteDouble, RoundingMode::kFp32),
                         [](const auto& info) { return std::string(quant::rounding_mode_name(info.param)); });

}  // namespace
}  // namespace npusim::testing
