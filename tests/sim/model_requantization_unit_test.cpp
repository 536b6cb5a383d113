// The C++ model of the requantization unit: values from the golden (quant::requantize, checked
// here against the independent reference), timing ceil(n / lanes) + latency, worked by hand.
#include <gtest/gtest.h>

#include <vector>

#include "sim/requant/requantization_unit.h"
#include "tests/quant/requant_reference.h"

namespace npusim::sim {
namespace {

using quant::RoundingMode;

TEST(ModelRequantizationUnit, TimingFormulaByHand) {
  const RequantUnitTiming timing{16, 3};
  EXPECT_EQ(timing.cycles_for(0), 0u);    // an empty burst costs nothing, not the latency
  EXPECT_EQ(timing.cycles_for(1), 4u);    // one beat + 3 stages
  EXPECT_EQ(timing.cycles_for(16), 4u);
  EXPECT_EQ(timing.cycles_for(17), 5u);
  EXPECT_EQ(timing.cycles_for(1600), 103u);
  auto unit = make_model_requantization_unit(16, 3);
  EXPECT_EQ(unit->timing(32, 8).lanes, 16);
  EXPECT_EQ(unit->timing(48, 16).latency_cycles, 3);  // one setting, whatever the widths
  EXPECT_THROW(make_model_requantization_unit(0, 3), std::invalid_argument);
  EXPECT_THROW(make_model_requantization_unit(4, -1), std::invalid_argument);
}

TEST(ModelRequantizationUnit, DefaultsAreTheRtlInt8Configuration) {
  auto unit = make_model_requantization_unit();
  EXPECT_EQ(unit->timing(32, 8).lanes, 8);             // docs/rtl.md: a32o8x8, LANES 8
  EXPECT_EQ(unit->timing(32, 8).latency_cycles, 4);    // docs/rtl.md: latency 4 cycles
}

TEST(ModelRequantizationUnit, ValuesEqualTheReferenceAndTimeTheBatch) {
  std::vector<quant::RequantCase> cases;
  for (std::int64_t acc = -1000; acc <= 1000; acc += 7) {
    quant::RequantCase c;
    c.acc = acc;
    c.params.multiplier = 1 << 30;  // scale 1/4: ties at acc = 4k + 2
    c.params.shift = 32;
    c.params.zero_point = 3;
    cases.push_back(c);
  }
  auto unit = make_model_requantization_unit(8, 4);
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kFloor}) {
    std::vector<std::int32_t> wide(cases.size());
    unit->requantize(mode, cases.data(), cases.size(), wide.data());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const auto expected = testing::reference_requantize(cases[i].acc, cases[i].params, mode);
      ASSERT_TRUE(expected.has_value());
      ASSERT_EQ(wide[i], *expected) << quant::rounding_mode_name(mode) << " acc " << cases[i].acc;
    }
    EXPECT_EQ(unit->last_batch_cycles(), (cases.size() + 7) / 8 + 4);
  }
}

}  // namespace
}  // namespace npusim::sim
