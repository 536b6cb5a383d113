// Module testbench for rtl/requant_round.v (the combinational rounding stage), verilated alone
// with W = 12: every 12-bit value x every shift 0..63 x every mode code 0..7, against the
// independent reference divide of tests/quant/requant_reference.h. Shifts at and beyond W
// check that the module sees the sign extension, as the exact quotient does.
#include <gtest/gtest.h>

#include <memory>

#include "Vrequant_round_w12.h"
#include "tests/quant/requant_reference.h"

namespace npusim::testing {
namespace {

constexpr int kWidth = 12;

TEST(RequantRoundModule, ExhaustiveTwelveBitValuesEveryShiftEveryMode) {
  VerilatedContext context;
  auto round = std::make_unique<Vrequant_round_w12>(&context, "round");
  // i_mode codes 0..4 are the rules; 5..7 are reserved and behave as floor.
  const quant::RoundingMode modes[8] = {
      quant::RoundingMode::kHalfUp, quant::RoundingMode::kHalfAway, quant::RoundingMode::kHalfEven,
      quant::RoundingMode::kFloor,  quant::RoundingMode::kTruncate, quant::RoundingMode::kFloor,
      quant::RoundingMode::kFloor,  quant::RoundingMode::kFloor};
  std::size_t mismatches = 0;
  for (int code = 0; code < 8; ++code) {
    for (int shift = 0; shift < 64; ++shift) {
      for (int value = -(1 << (kWidth - 1)); value < (1 << (kWidth - 1)); ++value) {
        round->i_value = static_cast<std::uint32_t>(value) & ((1u << kWidth) - 1);
        round->i_shift = static_cast<std::uint32_t>(shift);
        round->i_mode = static_cast<std::uint32_t>(code);
        round->eval();
        const std::uint32_t bits = round->o_value;
        const int actual = static_cast<int>(bits ^ (1u << (kWidth - 1))) - (1 << (kWidth - 1));
        const auto expected =
            static_cast<int>(reference_divide(value, static_cast<__int128>(1) << shift, modes[code]));
        if (actual != expected && mismatches++ < 10) {
          ADD_FAILURE() << "mode code " << code << ", " << value << " / 2^" << shift << ": got " << actual
                        << ", expected " << expected;
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  round->final();
}

}  // namespace
}  // namespace npusim::testing
