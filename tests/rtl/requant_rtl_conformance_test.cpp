// RTL conformance: the Verilated requantization unit against the independent reference of
// tests/quant/requant_reference.h, through the shared RequantizationTester, for every exact
// mode and every built width configuration: targeted ties and saturation, exhaustive small
// domains, and random vectors (more than a million per mode, summed over the shapes).
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "tests/rtl/rtl_requant_implementation.h"

namespace npusim::testing {
namespace {

using quant::FusedActivation;
using quant::RoundingMode;

// Random vectors per (mode, shape): a million on every configuration, three million per mode.
constexpr std::size_t kRandomPerShape = 1000000;

class RtlConformance : public ::testing::TestWithParam<std::tuple<RoundingMode, std::string>> {
 protected:
  RoundingMode mode() const { return std::get<0>(GetParam()); }
  const rtl::RequantUnitShape& shape() const { return rtl::find_requant_unit_shape(std::get<1>(GetParam())); }
};

TEST_P(RtlConformance, SpecialCases) {
  auto unit = rtl::make_requant_unit(shape().name);
  const auto rtl = rtl_requant_implementation(unit.get());
  tester_for(shape(), mode()).TestSpecialCases(rtl);
  tester_for(shape(), mode()).zero_point(-7).qmin(-100).qmax(90).TestSpecialCases(rtl);
  tester_for(shape(), mode()).zero_point(128).qmin(0).qmax(255).TestSpecialCases(rtl);  // uint8
}

TEST_P(RtlConformance, ExhaustiveSmallDomain) {
  auto unit = rtl::make_requant_unit(shape().name);
  const auto limit = (1 << shape().out_bits) - 1;
  tester_for(shape(), mode()).qmin(-limit - 1).qmax(limit).TestExhaustiveSmallDomain(
      rtl_requant_implementation(unit.get()), 300);
}

TEST_P(RtlConformance, RandomCases) {
  auto unit = rtl::make_requant_unit(shape().name);
  tester_for(shape(), mode()).TestRandomCases(rtl_requant_implementation(unit.get()), kRandomPerShape,
                                              20261124 + static_cast<int>(mode()));
}

TEST_P(RtlConformance, FusedActivations) {
  auto unit = rtl::make_requant_unit(shape().name);
  const auto rtl = rtl_requant_implementation(unit.get());
  tester_for(shape(), mode()).activation(FusedActivation::kRelu).zero_point(-20).TestSpecialCases(rtl);
  tester_for(shape(), mode()).activation(FusedActivation::kRelu).TestRandomCases(rtl, 40000, 11);
  tester_for(shape(), mode())
      .activation(FusedActivation::kLeakyRelu)
      .negative_scale(1 << 30, 33)
      .TestSpecialCases(rtl);
  tester_for(shape(), mode()).activation(FusedActivation::kLeakyRelu).TestRandomCases(rtl, 40000, 12);
}

std::string name_of(const ::testing::TestParamInfo<std::tuple<RoundingMode, std::string>>& info) {
  return std::string(quant::rounding_mode_name(std::get<0>(info.param))) + "_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(AllModesAllShapes, RtlConformance,
                         ::testing::Combine(::testing::ValuesIn(rtl_exact_modes()),
                                            ::testing::Values("a32o8x8", "a48o16x4", "a40o12x1")),
                         name_of);

}  // namespace
}  // namespace npusim::testing
