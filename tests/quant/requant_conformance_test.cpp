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

// Every parameter at once over a tiny domain: acc, M, s, zero point, clamp and ReLU.
TEST_P(GoldenConformance, TinyDomainEveryParameter) {
  std::vector<RequantCase> cases;
  const std::pair<std::int32_t, std::int32_t> clamps[] = {{-5, 5}, {0, 3}, {-128, 127}};
  for (FusedActivation activation : {FusedActivation::kNone, FusedActivation::kRelu}) {
    for (const auto& [qmin, qmax] : clamps) {
      for (std::int32_t zero_point : {-1, 0, 2}) {
        for (int shift = 0; shift <= 6; ++shift) {
          for (std::int32_t multiplier = 0; multiplier <= 33; ++multiplier) {
            for (std::int64_t acc = -33; acc <= 33; ++acc) {
              quant::RequantParams params;
              params.multiplier = multiplier;
              params.shift = shift;
              params.zero_point = zero_point;
              params.qmin = qmin;
              params.qmax = qmax;
              params.activation = activation;
              cases.push_back({acc, params});
            }
          }
        }
      }
    }
  }
  std::vector<RequantCase> accepted;
  std::vector<std::int32_t> expected;
  for (const RequantCase& c : cases) {
    if (const auto value = reference_requantize(c.acc, c.params, GetParam())) {
      accepted.push_back(c);
      expected.push_back(*value);
    }
  }
  const std::vector<std::int32_t> actual = golden_requant_implementation(GetParam(), accepted);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < accepted.size(); ++i) mismatches += actual[i] != expected[i] ? 1 : 0;
  EXPECT_EQ(mismatches, 0u) << "of " << accepted.size();
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
