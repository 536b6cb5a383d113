// The unit's timing and handshake (latency, one beat per cycle, random stalls and valid gaps),
// hand-worked fused activation and dual-output cases, input checks, VCD output, and the
// golden-vs-RTL checker itself.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rtl/requant_unit.h"
#include "sim/rtl/requant_rtl_bridge.h"
#include "sim/rtl/requant_rtl_check.h"

namespace npusim::rtl {
namespace {

using quant::RoundingMode;

const char* const kShapes[] = {"a32o8x8", "a48o16x4", "a40o12x1"};

std::vector<quant::RequantCase> random_cases(const RequantUnitShape& shape, RoundingMode mode, std::size_t n,
                                                std::uint64_t seed) {
  sim::RandomRequantCases generator(shape, mode, seed);
  std::vector<quant::RequantCase> cases;
  for (std::size_t i = 0; i < n; ++i) cases.push_back(generator.next());
  return cases;
}

TEST(RequantRtlPipeline, MeasuredLatencyMatchesTheDocumentedFourCycles) {
  for (const char* name : kShapes) {
    auto unit = make_requant_unit(name);
    EXPECT_EQ(unit->measure_latency(), 4) << name;
    EXPECT_EQ(RequantUnit::kLatencyCycles, 4);
  }
}

TEST(RequantRtlPipeline, OneBeatPerCycleWithoutStalls) {
  for (const char* name : kShapes) {
    auto unit = make_requant_unit(name);
    const auto& shape = unit->shape();
    const std::size_t count = 1000;
    std::vector<RequantLaneInput> inputs(count);
    std::vector<RequantLaneOutput> outputs;
    const std::uint64_t before = unit->cycles();
    unit->run(inputs, &outputs);
    const std::uint64_t beats = (count + shape.lanes - 1) / shape.lanes;
    // Beats enter back to back; the last one leaves after the pipeline latency.
    EXPECT_EQ(unit->cycles() - before, beats + RequantUnit::kLatencyCycles) << name;
  }
}

TEST(RequantRtlPipeline, RandomStallsAndValidGapsLeaveResultsUnchanged) {
  for (const char* name : kShapes) {
    for (RoundingMode mode : {RoundingMode::kHalfEven, RoundingMode::kTfliteDouble}) {
      auto unit = make_requant_unit(name);
      const auto cases = random_cases(unit->shape(), mode, 20000, 99);
      StallPattern stalls;
      stalls.input_gap_probability = 0.3;
      stalls.output_stall_probability = 0.4;
      stalls.seed = 5;
      unit->set_stalls(stalls);
      const std::uint64_t before = unit->cycles();
      const auto counts = sim::check_requant_cases(*unit, mode, cases, "stalled", nullptr, 0);
      EXPECT_EQ(counts.failed, 0u) << name;
      EXPECT_EQ(counts.passed, cases.size()) << name;
      // The disturbances really happened: far more cycles than beats + latency.
      const std::uint64_t beats = (cases.size() + unit->shape().lanes - 1) / unit->shape().lanes;
      EXPECT_GT(unit->cycles() - before, beats * 3 / 2) << name;
    }
  }
}

TEST(RequantRtlPipeline, GoldenAgreesOnRandomCasesWithActivationsAndDualOutput) {
  for (const char* name : kShapes) {
    auto unit = make_requant_unit(name);
    for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                              RoundingMode::kFloor, RoundingMode::kTruncate, RoundingMode::kTfliteDouble}) {
      const auto cases = random_cases(unit->shape(), mode, 50000, 7 + static_cast<int>(mode));
      std::vector<sim::RequantMismatch> mismatches;
      const auto counts = sim::check_requant_cases(*unit, mode, cases, "random", &mismatches, 5);
      EXPECT_EQ(counts.failed, 0u) << name << " " << quant::rounding_mode_name(mode);
      for (const auto& m : mismatches) {
        ADD_FAILURE() << name << " acc " << m.input.acc << " M " << m.input.params.multiplier << " s "
                      << m.input.params.shift << ": expected " << m.expected.q << "/" << m.expected.hi << "/"
                      << m.expected.lo << ", got " << m.actual.q << "/" << m.actual.hi << "/" << m.actual.lo;
      }
    }
  }
}

// Hand-worked: M = 2^30, s = 31 is a scale of 1/2; LeakyReLU's M_neg = 2^30, s_neg = 34 is 1/16.
TEST(RequantRtlPipeline, HandWorkedActivationsAndDualOutput) {
  auto unit = make_requant_unit("a48o16x4");
  std::vector<RequantLaneInput> inputs(6);
  for (auto& in : inputs) {
    in.multiplier = 1u << 30;
    in.shift = 31;
    in.qmin = -32768;
    in.qmax = 32767;
  }
  inputs[0].acc = 101;  // 50.5 -> 51 (half_up); lo_bits 4: 51 = 3 * 16 + 3
  inputs[0].lo_bits = 4;
  inputs[1].acc = -100;  // LeakyReLU: -100 / 16 = -6.25 -> -6; -6 = -1 * 16 + 10
  inputs[1].activation = RtlActivation::kLeakyRelu;
  inputs[1].negative_multiplier = 1u << 30;
  inputs[1].negative_shift = 34;
  inputs[1].lo_bits = 4;
  inputs[2].acc = 100;  // LeakyReLU, positive side: 50
  inputs[2].activation = RtlActivation::kLeakyRelu;
  inputs[2].negative_multiplier = 1u << 30;
  inputs[2].negative_shift = 34;
  inputs[3].acc = -100;  // ReLU: -50 + 5 = -45, lower bound max(qmin, zp) = 5
  inputs[3].activation = RtlActivation::kRelu;
  inputs[3].zero_point = 5;
  inputs[4].acc = 9000;  // 4500 + 100 = 4600, clamped to 4095; 12-bit split 8 + 4: 255, 15
  inputs[4].zero_point = 100;
  inputs[4].qmin = 0;
  inputs[4].qmax = 4095;
  inputs[4].lo_bits = 4;
  inputs[5].acc = -5;  // -2.5: half_even -> -2, then zp 3 -> 1
  inputs[5].zero_point = 3;
  inputs[5].rounding = RtlRounding::kHalfEven;
  std::vector<RequantLaneOutput> out;
  unit->run(inputs, &out);
  EXPECT_EQ(out[0].q, 51);
  EXPECT_EQ(out[0].hi, 3);
  EXPECT_EQ(out[0].lo, 3);
  EXPECT_EQ(out[1].q, -6);
  EXPECT_EQ(out[1].hi, -1);
  EXPECT_EQ(out[1].lo, 10);
  EXPECT_EQ(out[2].q, 50);
  EXPECT_EQ(out[2].hi, 50);  // lo_bits 0: hi = w, lo = 0
  EXPECT_EQ(out[2].lo, 0);
  EXPECT_EQ(out[3].q, 5);
  EXPECT_EQ(out[4].q, 4095);
  EXPECT_EQ(out[4].hi, 255);
  EXPECT_EQ(out[4].lo, 15);
  EXPECT_EQ(out[5].q, 1);
}

TEST(RequantRtlPipeline, InputsOutsideTheUnitAreRejectedWithTheElementIndex) {
  auto unit = make_requant_unit("a32o8x8");
  std::vector<RequantLaneInput> inputs(3);
  std::vector<RequantLaneOutput> out;
  inputs[2].acc = std::int64_t{1} << 31;  // beyond ACC_W = 32
  try {
    unit->run(inputs, &out);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("element 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("acc"), std::string::npos) << e.what();
  }
  inputs[2] = RequantLaneInput{};
  inputs[1].lo_bits = 9;  // beyond OUT_W = 8
  EXPECT_THROW(unit->run(inputs, &out), std::invalid_argument);
  inputs[1] = RequantLaneInput{};
  inputs[0].qmax = 256;  // beyond the 9-bit edge range
  EXPECT_THROW(unit->run(inputs, &out), std::invalid_argument);
  inputs[0] = RequantLaneInput{};
  inputs[0].shift = 64;
  EXPECT_THROW(unit->run(inputs, &out), std::invalid_argument);
  EXPECT_THROW(sim::to_rtl_lane(0, quant::RequantParams{}, RoundingMode::kFp32), std::invalid_argument);
  EXPECT_THROW(make_requant_unit("a64o32x1"), std::invalid_argument);
}

TEST(RequantRtlPipeline, VcdOnRequestRecordsTheHandshake) {
  const std::string path = ::testing::TempDir() + "requant_rtl_pipeline_test.vcd";
  {
    auto unit = make_requant_unit("a40o12x1");
    unit->open_vcd(path);
    std::vector<RequantLaneInput> inputs(10);
    std::vector<RequantLaneOutput> out;
    unit->run(inputs, &out);
  }
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_NE(text.str().find("$enddefinitions"), std::string::npos);
  EXPECT_NE(text.str().find("o_valid"), std::string::npos);
  EXPECT_NE(text.str().find("i_ready"), std::string::npos);
  std::remove(path.c_str());
}

// A unit that gets one element wrong: the checker must count it and report it.
class OffByOneUnit final : public RequantUnit {
 public:
  explicit OffByOneUnit(std::unique_ptr<RequantUnit> inner) : inner_(std::move(inner)) {}
  const RequantUnitShape& shape() const override { return inner_->shape(); }
  void run(const RequantLaneInput* in, std::size_t n, RequantLaneOutput* out) override {
    inner_->run(in, n, out);
    if (n > 7) out[7].q += 1;
  }
  void set_stalls(const StallPattern& p) override { inner_->set_stalls(p); }
  void open_vcd(const std::string& path) override { inner_->open_vcd(path); }
  void close_vcd() override { inner_->close_vcd(); }
  std::uint64_t cycles() const override { return inner_->cycles(); }
  int measure_latency() override { return inner_->measure_latency(); }

 private:
  std::unique_ptr<RequantUnit> inner_;
};

TEST(RequantRtlPipeline, CheckerCountsAndReportsAMismatch) {
  OffByOneUnit unit(make_requant_unit("a32o8x8"));
  const auto cases = random_cases(unit.shape(), RoundingMode::kFloor, 100, 3);
  std::vector<sim::RequantMismatch> mismatches;
  const auto counts = sim::check_requant_cases(unit, RoundingMode::kFloor, cases, "random", &mismatches, 10);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.passed, 99u);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].input.acc, cases[7].acc);
  EXPECT_EQ(mismatches[0].actual.q, mismatches[0].expected.q + 1);
}

}  // namespace
}  // namespace npusim::rtl
