// The requantization unit as Verilated RTL (sim/rtl/rtl_requantization_unit.cpp) against the
// C++ model (the golden) behind the same interface: equal results on random cases of both
// datapath widths, with fused activations; its timing is what the RTL measures; case errors.
#include <gtest/gtest.h>

#include <vector>

#include "rtl/requant_unit.h"
#include "sim/requant/requantization_unit.h"
#include "sim/rtl/requant_rtl_check.h"

namespace npusim::sim {
namespace {

using quant::RoundingMode;

std::vector<quant::RequantCase> random_cases(const char* shape_name, RoundingMode mode, std::size_t count) {
  RandomRequantCases generator(rtl::find_requant_unit_shape(shape_name), mode, 77);
  std::vector<quant::RequantCase> cases;
  while (cases.size() < count) cases.push_back(generator.next());
  return cases;
}

TEST(RtlRequantizationUnit, EqualsTheModelOnEveryExactMode) {
  auto rtl_unit = make_rtl_requantization_unit();
  auto model_unit = make_model_requantization_unit();
  EXPECT_EQ(rtl_unit->name(), "rtl");
  EXPECT_EQ(model_unit->name(), "model");
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                            RoundingMode::kFloor, RoundingMode::kTruncate, RoundingMode::kTfliteDouble}) {
    for (const char* shape : {"a32o8x8", "a48o16x4"}) {  // INT8-sized cases, then INT16-sized ones
      const auto cases = random_cases(shape, mode, 30000);
      std::vector<std::int32_t> expected(cases.size()), actual(cases.size());
      model_unit->requantize(mode, cases.data(), cases.size(), expected.data());
      rtl_unit->requantize(mode, cases.data(), cases.size(), actual.data());
      std::size_t differing = 0;
      for (std::size_t i = 0; i < cases.size(); ++i) differing += expected[i] != actual[i];
      EXPECT_EQ(differing, 0u) << quant::rounding_mode_name(mode) << " " << shape;
    }
  }
}

// The RTL's lanes and latency are those of docs/rtl.md (8 lanes at INT8, 4 at INT16, 4 stages),
// and a batch of n elements takes ceil(n / lanes) + 4 clock edges on the Verilated model: the
// formula the C++ model uses, so the two units time a tile alike when their settings match.
TEST(RtlRequantizationUnit, TimingIsWhatTheRtlMeasures) {
  auto rtl_unit = make_rtl_requantization_unit();
  const RequantUnitTiming int8 = rtl_unit->timing(32, 8);
  const RequantUnitTiming int16 = rtl_unit->timing(48, 16);
  EXPECT_EQ(int8.lanes, 8);
  EXPECT_EQ(int8.latency_cycles, 4);
  EXPECT_EQ(int16.lanes, 4);
  EXPECT_EQ(int16.latency_cycles, 4);
  EXPECT_THROW(rtl_unit->timing(64, 8), std::invalid_argument);

  auto model_unit = make_model_requantization_unit(8, 4);
  for (std::size_t n : {1u, 7u, 8u, 9u, 64u, 1000u, 1001u}) {
    std::vector<quant::RequantCase> cases(n);  // int8-sized: acc 0, default int8 clamp
    std::vector<std::int32_t> wide(n);
    rtl_unit->requantize(RoundingMode::kHalfEven, cases.data(), n, wide.data());
    model_unit->requantize(RoundingMode::kHalfEven, cases.data(), n, wide.data());
    const std::uint64_t by_hand = (n + 7) / 8 + 4;
    EXPECT_EQ(rtl_unit->last_batch_cycles(), by_hand) << n << " elements";
    EXPECT_EQ(model_unit->last_batch_cycles(), by_hand) << n << " elements";
  }
  std::vector<quant::RequantCase> wide_cases(10);
  wide_cases[3].params.qmax = 1000;  // beyond int8's edge range: the INT16 configuration, 4 lanes
  std::vector<std::int32_t> wide(wide_cases.size());
  rtl_unit->requantize(RoundingMode::kFloor, wide_cases.data(), wide_cases.size(), wide.data());
  EXPECT_EQ(rtl_unit->last_batch_cycles(), 3u + 4u);  // ceil(10 / 4) + 4
}

TEST(RtlRequantizationUnit, CasesWiderThanTheUnitAreCaseErrors) {
  auto unit = make_rtl_requantization_unit();
  std::vector<quant::RequantCase> cases(4);
  cases[2].params.qmax = 70000;  // beyond the INT16 unit's 17-bit bounds
  std::vector<std::int32_t> wide(cases.size());
  try {
    unit->requantize(RoundingMode::kFloor, cases.data(), cases.size(), wide.data());
    FAIL() << "expected RequantCaseError";
  } catch (const RequantCaseError& e) {
    EXPECT_EQ(e.case_index(), 2u);
    EXPECT_NE(std::string(e.what()).find("qmax"), std::string::npos) << e.what();
  }
  cases[2].params.qmax = 127;
  cases[1].acc = std::int64_t{1} << 50;  // beyond ACC_W = 48
  EXPECT_THROW(unit->requantize(RoundingMode::kFloor, cases.data(), cases.size(), wide.data()), RequantCaseError);
  cases[1].acc = 0;
  EXPECT_THROW(unit->requantize(RoundingMode::kFp32, cases.data(), cases.size(), wide.data()), std::runtime_error);
}

TEST(RtlRequantizationUnit, DualOutputCasesReturnTheWideResult) {
  auto unit = make_rtl_requantization_unit();
  std::vector<quant::RequantCase> cases(1);
  cases[0].acc = 9000;  // 9000 / 2 + 100 = 4600 -> clamp 4095; lo_bits 20 exceeds OUT_W, yet is the caller's split
  cases[0].params.multiplier = 1 << 30;
  cases[0].params.shift = 31;
  cases[0].params.zero_point = 100;
  cases[0].params.qmin = 0;
  cases[0].params.qmax = 4095;
  cases[0].params.lo_bits = 20;
  std::int32_t wide = 0;
  unit->requantize(RoundingMode::kHalfUp, cases.data(), 1, &wide);
  EXPECT_EQ(wide, 4095);
}

}  // namespace
}  // namespace npusim::sim
