// The rtl-check run as a library call (sim/rtl/rtl_check_run.h): counts per phase add up, the
// latency is measured, the seed replays, bad selections are refused, the CSV has its header.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/rtl/rtl_check_run.h"

namespace npusim::sim {
namespace {

using quant::RoundingMode;

RtlCheckOptions small_run() {
  RtlCheckOptions options;
  options.random_vectors = 3000;
  options.seed = 9;
  options.modes = {RoundingMode::kHalfEven, RoundingMode::kTfliteDouble};
  options.shapes = {rtl::find_requant_unit_shape("a40o12x1")};
  return options;
}

TEST(RtlCheckRun, CountsEveryPhaseAndFindsNoMismatch) {
  int units_seen = 0;
  const RtlCheckResult result = run_rtl_check(small_run(), [&](const RtlCheckUnit& unit) {
    ++units_seen;
    EXPECT_EQ(unit.shape.name, "a40o12x1");
  });
  EXPECT_EQ(units_seen, 1);
  ASSERT_EQ(result.units.size(), 1u);
  EXPECT_EQ(result.units[0].measured_latency_cycles, rtl::RequantUnit::kLatencyCycles);
  ASSERT_EQ(result.per_mode.size(), 2u);
  for (const auto& [mode, counts] : result.per_mode) {
    EXPECT_EQ(counts.random, 3000u);
    EXPECT_GT(counts.targeted, 1000u);
    EXPECT_GT(counts.exhaustive, 1000u);
    EXPECT_EQ(counts.passed + counts.failed, counts.targeted + counts.exhaustive + counts.random);
    EXPECT_EQ(counts.failed, 0u) << quant::rounding_mode_name(mode);
  }
  EXPECT_EQ(result.failed(), 0u);
  EXPECT_EQ(result.passed(), result.rtl_vectors);
  EXPECT_TRUE(result.mismatches.empty());
}

TEST(RtlCheckRun, SameSeedSameCounts) {
  const RtlCheckResult a = run_rtl_check(small_run());
  const RtlCheckResult b = run_rtl_check(small_run());
  EXPECT_EQ(a.passed(), b.passed());
  EXPECT_EQ(a.per_mode.at(RoundingMode::kHalfEven).targeted, b.per_mode.at(RoundingMode::kHalfEven).targeted);
}

TEST(RtlCheckRun, RefusesInexactModesAndEmptySelections) {
  RtlCheckOptions options = small_run();
  options.modes = {RoundingMode::kFp32};
  EXPECT_THROW(run_rtl_check(options), std::invalid_argument);
  options.modes.clear();
  EXPECT_THROW(run_rtl_check(options), std::invalid_argument);
  options = small_run();
  options.shapes.clear();
  EXPECT_THROW(run_rtl_check(options), std::invalid_argument);
}

TEST(RtlCheckRun, MismatchCsvRowsFollowTheHeader) {
  RequantMismatch m;
  m.shape = "a32o8x8";
  m.phase = "random";
  m.mode = RoundingMode::kFloor;
  m.input.acc = -5;
  m.input.params.multiplier = 3;
  m.expected = {1, 1, 0};
  m.actual = {2, 2, 0};
  std::ostringstream out;
  write_rtl_mismatch_csv(out, {m});
  const std::string text = out.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "shape,mode,phase,acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,activation,negative_multiplier,"
            "negative_shift,expected_q,expected_hi,expected_lo,rtl_q,rtl_hi,rtl_lo");
  EXPECT_NE(text.find("\na32o8x8,floor,random,-5,3,0,0,-128,127,0,none,0,0,1,1,0,2,2,0\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace npusim::sim
