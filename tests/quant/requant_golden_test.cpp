// Hand-worked expected values for the scalar golden requantization. Each comment shows the
// working: x = acc * M / 2^s as a real number, then the rule of the mode.
#include <gtest/gtest.h>

#include <climits>
#include <stdexcept>

#include "quant/requant/requant.h"
#include "quant/requant/rounding_modes.h"

namespace npusim::quant {
namespace {

// The unclamped rounding, zero point 0 and the widest clamp.
std::int64_t rounded(std::int64_t acc, std::int32_t multiplier, int shift, RoundingMode mode) {
  return round_scaled(acc, multiplier, shift, mode);
}

constexpr std::int32_t kHalf = 1 << 30;  // M = 2^30: with s = 31 the scale is exactly 1/2

TEST(RequantGolden, ModeNamesRoundTrip) {
  for (const char* name : {"half_up", "half_away", "half_even", "floor", "truncate", "tflite_double", "fp32"}) {
    const auto mode = parse_rounding_mode(name);
    ASSERT_TRUE(mode.has_value()) << name;
    EXPECT_EQ(rounding_mode_name(*mode), name);
  }
  EXPECT_FALSE(parse_rounding_mode("nearest").has_value());
  EXPECT_FALSE(is_exact_mode(RoundingMode::kFp32));
  EXPECT_TRUE(is_exact_mode(RoundingMode::kTfliteDouble));
}

TEST(RequantGolden, HalfUpTiesGoTowardPlusInfinity) {
  EXPECT_EQ(rounded(5, 1, 1, RoundingMode::kHalfUp), 3);    // 2.5 -> 3
  EXPECT_EQ(rounded(-5, 1, 1, RoundingMode::kHalfUp), -2);  // -2.5 -> -2 (toward +inf)
  EXPECT_EQ(rounded(-7, 1, 1, RoundingMode::kHalfUp), -3);  // -3.5 -> -3
  EXPECT_EQ(rounded(-1125, kHalf, 31, RoundingMode::kHalfUp), -562);  // -562.5 -> -562
  EXPECT_EQ(rounded(-7, 1, 2, RoundingMode::kHalfUp), -2);  // -1.75 -> -2 (not a tie)
}

TEST(RequantGolden, HalfAwayTiesGoAwayFromZero) {
  EXPECT_EQ(rounded(5, 1, 1, RoundingMode::kHalfAway), 3);    // 2.5 -> 3
  EXPECT_EQ(rounded(-5, 1, 1, RoundingMode::kHalfAway), -3);  // -2.5 -> -3
  EXPECT_EQ(rounded(-1125, kHalf, 31, RoundingMode::kHalfAway), -563);  // -562.5 -> -563
  EXPECT_EQ(rounded(-5, 1, 2, RoundingMode::kHalfAway), -1);  // -1.25 -> -1
}

TEST(RequantGolden, HalfEvenTiesGoToEven) {
  EXPECT_EQ(rounded(5, 1, 1, RoundingMode::kHalfEven), 2);    // 2.5 -> 2
  EXPECT_EQ(rounded(7, 1, 1, RoundingMode::kHalfEven), 4);    // 3.5 -> 4
  EXPECT_EQ(rounded(-5, 1, 1, RoundingMode::kHalfEven), -2);  // -2.5 -> -2
  EXPECT_EQ(rounded(-7, 1, 1, RoundingMode::kHalfEven), -4);  // -3.5 -> -4
  EXPECT_EQ(rounded(-1, 1, 1, RoundingMode::kHalfEven), 0);   // -0.5 -> 0 (0 is even)
  EXPECT_EQ(rounded(-1125, kHalf, 31, RoundingMode::kHalfEven), -562);  // -562.5 -> -562 (even)
  EXPECT_EQ(rounded(-1127, kHalf, 31, RoundingMode::kHalfEven), -564);  // -563.5 -> -564 (even)
  EXPECT_EQ(rounded(11, 1, 3, RoundingMode::kHalfEven), 1);   // 1.375 -> 1 (not a tie)
}

TEST(RequantGolden, FloorAndTruncate) {
  EXPECT_EQ(rounded(5, 1, 1, RoundingMode::kFloor), 2);       // 2.5 -> 2
  EXPECT_EQ(rounded(-5, 1, 1, RoundingMode::kFloor), -3);     // -2.5 -> -3
  EXPECT_EQ(rounded(-7, 1, 2, RoundingMode::kFloor), -2);     // -1.75 -> -2
  EXPECT_EQ(rounded(-5, 1, 1, RoundingMode::kTruncate), -2);  // -2.5 -> -2
  EXPECT_EQ(rounded(-7, 1, 2, RoundingMode::kTruncate), -1);  // -1.75 -> -1
  EXPECT_EQ(rounded(7, 1, 2, RoundingMode::kTruncate), 1);    // 1.75 -> 1
}

TEST(RequantGolden, TfliteDoubleNegativeTieGoesUpWhenShiftAtMost31) {
  // s = 31: l = 0, r = 0, so only SaturatingRoundingDoublingHighMul rounds:
  // -1125 * 2^30 / 2^31 = -562.5; gemmlowp adds 1 - 2^30 and truncates: -562.99.. -> -562.
  EXPECT_EQ(rounded(-1125, kHalf, 31, RoundingMode::kTfliteDouble), -562);
  EXPECT_EQ(rounded(1125, kHalf, 31, RoundingMode::kTfliteDouble), 563);  // 562.5 -> 563
  // s = 30: l = 1: (-1125 << 1) * 2^30 / 2^31 = -1125 exactly.
  EXPECT_EQ(rounded(-1125, kHalf, 30, RoundingMode::kTfliteDouble), -1125);
}

TEST(RequantGolden, TfliteDoubleRoundsTwiceWhenShiftAbove31) {
  // s = 33, M = 2^30: x = acc / 8. First SRDHM: round(acc / 2) ties up; then divide by 2^2
  // with ties away from zero.
  // acc = 3: x = 0.375 (half_up gives 0). SRDHM: 1.5 -> 2; 2 / 4 = 0.5 -> 1 (away). Double rounding.
  EXPECT_EQ(rounded(3, kHalf, 33, RoundingMode::kTfliteDouble), 1);
  EXPECT_EQ(rounded(3, kHalf, 33, RoundingMode::kHalfUp), 0);
  // acc = -4: x = -0.5 exactly. SRDHM: -2 exact; -2 / 4 = -0.5 -> -1 (away): this tie goes down.
  EXPECT_EQ(rounded(-4, kHalf, 33, RoundingMode::kTfliteDouble), -1);
  EXPECT_EQ(rounded(-4, kHalf, 33, RoundingMode::kHalfUp), 0);
  // acc = -3: x = -0.375. SRDHM: -1.5 -> -1 (up); -1 / 4 = -0.25 -> 0.
  EXPECT_EQ(rounded(-3, kHalf, 33, RoundingMode::kTfliteDouble), 0);
  // INT32_MIN, M = 1, s = 32: SRDHM(-2^31, 1) = round(-1) = -1; -1 / 2 = -0.5 -> -1.
  EXPECT_EQ(rounded(INT32_MIN, 1, 32, RoundingMode::kTfliteDouble), -1);
}

TEST(RequantGolden, TfliteDoublePreconditionsAreEnforced) {
  // s = 15: l = 16; 2^15 << 16 = 2^31 does not fit int32, -2^15 << 16 = -2^31 does.
  EXPECT_THROW(rounded(1 << 15, kHalf, 15, RoundingMode::kTfliteDouble), std::invalid_argument);
  // -2^15 * 2^30 / 2^15 = -2^30, exact: SRDHM(-2^31, 2^30) = -2^61 / 2^31.
  EXPECT_EQ(rounded(-(1 << 15), kHalf, 15, RoundingMode::kTfliteDouble), -(1 << 30));
  EXPECT_THROW(rounded(std::int64_t{1} << 31, kHalf, 40, RoundingMode::kTfliteDouble), std::invalid_argument);
  EXPECT_THROW(rounded(1, kHalf, 63, RoundingMode::kTfliteDouble), std::invalid_argument);  // r = 32
  EXPECT_EQ(rounded(INT32_MAX, INT32_MAX, 62, RoundingMode::kTfliteDouble), 1);  // (2^31-1)^2 / 2^62 = 0.99.. -> 1
  RequantParams params;
  params.multiplier = kHalf;
  params.shift = 15;
  EXPECT_THROW(check_requant_accumulator(1 << 15, params, RoundingMode::kTfliteDouble), std::invalid_argument);
  EXPECT_NO_THROW(check_requant_accumulator(1 << 15, params, RoundingMode::kHalfUp));
  params.shift = 63;
  EXPECT_THROW(validate_requant_params(params, RoundingMode::kTfliteDouble), std::invalid_argument);
  EXPECT_NO_THROW(validate_requant_params(params, RoundingMode::kFloor));
}

TEST(RequantGolden, GemmlowpPrimitives) {
  using rounding::rounding_divide_by_pot;
  using rounding::saturating_rounding_doubling_high_mul;
  // The one overflow: (-2^31)(-2^31) / 2^31 = 2^31 saturates to 2^31 - 1.
  EXPECT_EQ(saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MIN), INT32_MAX);
  // (-2^31)(2^31 - 1) / 2^31 = -(2^31 - 1) exactly.
  EXPECT_EQ(saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MAX), -INT32_MAX);
  // (2^31 - 1)^2 / 2^31 = 2^31 - 2 + 2^-31 -> 2^31 - 2.
  EXPECT_EQ(saturating_rounding_doubling_high_mul(INT32_MAX, INT32_MAX), INT32_MAX - 1);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-1, kHalf), 0);  // -0.5 -> 0 (up)
  EXPECT_EQ(saturating_rounding_doubling_high_mul(1, kHalf), 1);   // 0.5 -> 1
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-3, kHalf), -1);  // -1.5 -> -1
  EXPECT_EQ(rounding_divide_by_pot(-3, 1), -2);  // -1.5 -> -2 (away)
  EXPECT_EQ(rounding_divide_by_pot(3, 1), 2);    // 1.5 -> 2
  EXPECT_EQ(rounding_divide_by_pot(-5, 2), -1);  // -1.25 -> -1
  EXPECT_EQ(rounding_divide_by_pot(-6, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(rounding_divide_by_pot(-7, 0), -7);
  EXPECT_EQ(rounding_divide_by_pot(INT32_MIN, 31), -1);  // -1 exactly
  EXPECT_EQ(rounding_divide_by_pot(INT32_MAX, 31), 1);   // 0.99.. -> 1
  EXPECT_EQ(rounding_divide_by_pot(-(1 << 30), 31), -1);  // -0.5 -> -1
  EXPECT_THROW(rounding_divide_by_pot(1, 32), std::invalid_argument);
}

TEST(RequantGolden, Fp32IsBinary32NotExact) {
  // 2^24 + 1 is not a float: float(16777217) = 16777216, scale 1 (M = 2^30, s = 30).
  EXPECT_EQ(rounded(16777217, kHalf, 30, RoundingMode::kFp32), 16777216);
  EXPECT_EQ(rounded(16777217, kHalf, 30, RoundingMode::kHalfEven), 16777217);
  // M = 2^24 + 1, s = 25: the exact scale 0.5 + 2^-25 becomes 0.5f, so 5 * scale =
  // 2.50000015 (half_even 3) becomes the float tie 2.5 -> 2.
  EXPECT_EQ(rounded(5, (1 << 24) + 1, 25, RoundingMode::kFp32), 2);
  EXPECT_EQ(rounded(5, (1 << 24) + 1, 25, RoundingMode::kHalfEven), 3);
  EXPECT_EQ(rounded(-5, kHalf, 31, RoundingMode::kFp32), -2);  // -2.5 -> -2 (even)
  EXPECT_EQ(rounded(7, kHalf, 31, RoundingMode::kFp32), 4);    // 3.5 -> 4
}

TEST(RequantGolden, ShiftZeroAndSixtyThree) {
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                            RoundingMode::kFloor, RoundingMode::kTruncate, RoundingMode::kFp32}) {
    EXPECT_EQ(rounded(-7, 3, 0, mode), -21) << rounding_mode_name(mode);  // no rounding at s = 0
  }
  // s = 63, acc = +-2^62, M = 3: x = +-1.5.
  const std::int64_t big = std::int64_t{1} << 62;
  EXPECT_EQ(rounded(big, 3, 63, RoundingMode::kHalfUp), 2);
  EXPECT_EQ(rounded(-big, 3, 63, RoundingMode::kHalfUp), -1);
  EXPECT_EQ(rounded(-big, 3, 63, RoundingMode::kHalfAway), -2);
  EXPECT_EQ(rounded(-big, 3, 63, RoundingMode::kHalfEven), -2);
  EXPECT_EQ(rounded(-big, 3, 63, RoundingMode::kFloor), -2);
  EXPECT_EQ(rounded(-big, 3, 63, RoundingMode::kTruncate), -1);
  // INT64_MIN * (2^31 - 1) / 2^63 = -(2^31 - 1) exactly: a 94-bit product handled exactly.
  EXPECT_EQ(rounded(INT64_MIN, INT32_MAX, 63, RoundingMode::kFloor), -INT32_MAX);
  // s = 0 with the largest operands saturates to int64 instead of wrapping.
  EXPECT_EQ(rounded(INT64_MAX, INT32_MAX, 0, RoundingMode::kHalfUp), INT64_MAX);
  EXPECT_EQ(rounded(INT64_MIN, INT32_MAX, 0, RoundingMode::kTruncate), INT64_MIN);
}

TEST(RequantGolden, MultiplierZeroAndMaximum) {
  EXPECT_EQ(rounded(INT32_MIN, 0, 0, RoundingMode::kHalfUp), 0);
  // M = 2^31 - 1, s = 31: x = acc * 0.99999999953.
  EXPECT_EQ(rounded(1, INT32_MAX, 31, RoundingMode::kHalfUp), 1);
  EXPECT_EQ(rounded(1, INT32_MAX, 31, RoundingMode::kFloor), 0);
  EXPECT_EQ(rounded(-1, INT32_MAX, 31, RoundingMode::kFloor), -1);
  EXPECT_EQ(rounded(-1, INT32_MAX, 31, RoundingMode::kTruncate), 0);
  // INT32_MIN * 2^30 / 2^31 = -2^30 exactly, in every mode.
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kTfliteDouble,
                            RoundingMode::kFp32, RoundingMode::kTruncate}) {
    EXPECT_EQ(rounded(INT32_MIN, kHalf, 31, mode), -(1 << 30)) << rounding_mode_name(mode);
  }
  // INT32_MIN, M = 1, s = 32: x = -0.5.
  EXPECT_EQ(rounded(INT32_MIN, 1, 32, RoundingMode::kHalfUp), 0);
  EXPECT_EQ(rounded(INT32_MIN, 1, 32, RoundingMode::kHalfAway), -1);
  EXPECT_EQ(rounded(INT32_MIN, 1, 32, RoundingMode::kHalfEven), 0);
  EXPECT_EQ(rounded(INT32_MIN, 1, 32, RoundingMode::kFloor), -1);
}

TEST(RequantGolden, ZeroPointAndClampSaturate) {
  RequantParams params;  // int8: clamp [-128, 127]
  params.multiplier = INT32_MAX;
  params.shift = 0;
  EXPECT_EQ(requantize(INT32_MAX, params, RoundingMode::kHalfUp), 127);
  EXPECT_EQ(requantize(INT32_MIN, params, RoundingMode::kHalfUp), -128);
  EXPECT_EQ(requantize(INT64_MAX, params, RoundingMode::kFloor), 127);
  params.multiplier = kHalf;
  params.shift = 31;
  params.zero_point = 10;
  EXPECT_EQ(requantize(-5, params, RoundingMode::kHalfUp), 8);  // -2.5 -> -2, + 10
  EXPECT_EQ(requantize(300, params, RoundingMode::kHalfUp), 127);  // 150 + 10 clamps
  // Full int32 clamp: INT64_MIN * (2^31-1) / 2^63 = -(2^31 - 1); zp -1 reaches INT32_MIN,
  // zp -2 would go below it and clamps.
  params = RequantParams{};
  params.multiplier = INT32_MAX;
  params.shift = 63;
  params.qmin = INT32_MIN;
  params.qmax = INT32_MAX;
  params.zero_point = -1;
  EXPECT_EQ(requantize(INT64_MIN, params, RoundingMode::kHalfEven), INT32_MIN);
  params.zero_point = -2;
  EXPECT_EQ(requantize(INT64_MIN, params, RoundingMode::kHalfEven), INT32_MIN);
}

TEST(RequantGolden, FusedRelu) {
  RequantParams params;
  params.multiplier = kHalf;  // scale 1/2
  params.shift = 31;
  params.zero_point = -10;
  params.activation = FusedActivation::kRelu;
  EXPECT_EQ(requantize(-100, params, RoundingMode::kHalfUp), -10);  // -50 - 10 = -60 -> max(-128, zp) = -10
  EXPECT_EQ(requantize(40, params, RoundingMode::kHalfUp), 10);     // 20 - 10
  EXPECT_EQ(requantize(19, params, RoundingMode::kHalfUp), 0);      // 9.5 -> 10, - 10 = 0
  params.zero_point = 200;  // zp above qmax: everything clamps to qmax
  EXPECT_EQ(requantize(-100, params, RoundingMode::kHalfUp), 127);
}

TEST(RequantGolden, FusedLeakyReluUsesTheSecondMultiplierBelowZero) {
  RequantParams params;
  params.multiplier = kHalf;  // positive side: 1/2
  params.shift = 31;
  params.activation = FusedActivation::kLeakyRelu;
  params.negative_multiplier = kHalf;  // negative side: 2^30 / 2^34 = 1/16 (alpha = 1/8)
  params.negative_shift = 34;
  EXPECT_EQ(requantize(100, params, RoundingMode::kHalfUp), 50);
  EXPECT_EQ(requantize(-100, params, RoundingMode::kHalfUp), -6);  // -6.25 -> -6
  EXPECT_EQ(requantize(-8, params, RoundingMode::kHalfUp), 0);     // -0.5 -> 0
  EXPECT_EQ(requantize(-8, params, RoundingMode::kHalfAway), -1);  // -0.5 -> -1
  EXPECT_EQ(requantize(-4000, params, RoundingMode::kFloor), -128);  // -250 clamps
  EXPECT_EQ(requantize(0, params, RoundingMode::kFloor), 0);
}

TEST(RequantGolden, DualOutputSplit) {
  // 1234 = 77 * 16 + 2.
  EXPECT_EQ(split_dual_output(1234, 4).hi, 77);
  EXPECT_EQ(split_dual_output(1234, 4).lo, 2);
  // -1234 = -78 * 16 + 14: hi is the floor, lo stays in 0..15.
  EXPECT_EQ(split_dual_output(-1234, 4).hi, -78);
  EXPECT_EQ(split_dual_output(-1234, 4).lo, 14);
  // A 12-bit depth code: 4095 = 15 * 256 + 255.
  EXPECT_EQ(split_dual_output(4095, 8).hi, 15);
  EXPECT_EQ(split_dual_output(4095, 8).lo, 255);
  EXPECT_EQ(split_dual_output(INT32_MIN, 30).hi, -2);
  EXPECT_EQ(split_dual_output(INT32_MIN, 30).lo, 0);
  EXPECT_EQ(split_dual_output(7, 0).hi, 7);  // b = 0 is the identity split
  EXPECT_EQ(split_dual_output(7, 0).lo, 0);
  EXPECT_THROW(split_dual_output(7, 31), std::invalid_argument);
}

TEST(RequantGolden, ValidationNamesTheField) {
  auto message_of = [](const RequantParams& params) -> std::string {
    try {
      validate_requant_params(params);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  RequantParams params;
  EXPECT_EQ(message_of(params), "");
  params.multiplier = -1;
  EXPECT_NE(message_of(params).find("multiplier"), std::string::npos);
  params = RequantParams{};
  params.shift = 64;
  EXPECT_NE(message_of(params).find("shift"), std::string::npos);
  params = RequantParams{};
  params.qmin = 5;
  params.qmax = 4;
  EXPECT_NE(message_of(params).find("qmin"), std::string::npos);
  params = RequantParams{};
  params.lo_bits = 31;
  EXPECT_NE(message_of(params).find("lo_bits"), std::string::npos);
  params = RequantParams{};
  params.activation = FusedActivation::kLeakyRelu;
  params.negative_shift = 64;
  EXPECT_NE(message_of(params).find("negative_shift"), std::string::npos);
  EXPECT_THROW(round_scaled(1, -1, 0, RoundingMode::kHalfUp), std::invalid_argument);
  EXPECT_THROW(round_scaled(1, 1, 64, RoundingMode::kHalfUp), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::quant
