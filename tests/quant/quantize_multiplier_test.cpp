// quantize_multiplier: hand-worked (M, s) pairs, the 2^31 carry, the range ends and errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "quant/requant/quantize_multiplier.h"

namespace npusim::quant {
namespace {

void expect_pair(double scale, std::int32_t multiplier, int shift) {
  const QuantizedMultiplier q = quantize_multiplier(scale);
  EXPECT_EQ(q.multiplier, multiplier) << "scale " << scale;
  EXPECT_EQ(q.shift, shift) << "scale " << scale;
}

TEST(QuantizeMultiplier, HandWorkedScales) {
  expect_pair(0.5, 1 << 30, 31);        // 0.5 = 0.5 * 2^0: M = 0.5 * 2^31, s = 31 - 0
  expect_pair(1.0, 1 << 30, 30);        // 1 = 0.5 * 2^1
  expect_pair(0.75, 1610612736, 31);    // 0.75 * 2^31 = 1610612736
  expect_pair(0.1, 1717986918, 34);     // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 -> ...918
  expect_pair(3.0, 1610612736, 29);     // 3 = 0.75 * 2^2
}

TEST(QuantizeMultiplierCarry, FractionRoundingUpToOneCarriesIntoTheShift) {
  // 1 - 2^-33 = (1 - 2^-33) * 2^0; (1 - 2^-33) * 2^31 = 2^31 - 0.25 rounds to 2^31, which is
  // renormalised: M = 2^30 and the exponent becomes 1, so s = 30 (the scale 1.0).
  expect_pair(1.0 - std::ldexp(1.0, -33), 1 << 30, 30);
  // Just below the rounding point the carry does not happen: 2^31 - 0.75 -> 2^31 - 1.
  expect_pair(1.0 - 3 * std::ldexp(1.0, -33), INT32_MAX, 31);
}

TEST(QuantizeMultiplierRange, EndsOfTheRepresentableRange) {
  expect_pair(2147483647.0, INT32_MAX, 0);         // (2^31 - 1) * 2^0
  expect_pair(std::ldexp(1.0, -33), 1 << 30, 63);  // 2^30 * 2^-63
  // Slightly below 2^-33: the fraction rounds up to 1.0, the carry brings s back to 63.
  expect_pair(std::ldexp(1.0, -33) - std::ldexp(1.0, -73), 1 << 30, 63);
  EXPECT_THROW(quantize_multiplier(std::ldexp(1.0, -34)), std::invalid_argument);
  EXPECT_THROW(quantize_multiplier(2147483648.0), std::invalid_argument);
}

TEST(QuantizeMultiplierRange, BadScalesGiveClearErrors) {
  for (double bad : {0.0, -0.5, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    EXPECT_THROW(quantize_multiplier(bad), std::invalid_argument) << bad;
  }
  try {
    quantize_multiplier(1e-12);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("too small"), std::string::npos) << e.what();
  }
  try {
    quantize_multiplier(1e10);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
  }
}

TEST(QuantizeMultiplierRange, RandomScalesAreNormalisedAndWithinHalfAnUlpOfM) {
  const std::uint64_t seed = 99;
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> log2_scale(-32.9, 30.9);
  for (int i = 0; i < 100000; ++i) {
    const double scale = std::exp2(log2_scale(random));
    const QuantizedMultiplier q = quantize_multiplier(scale);
    ASSERT_GE(q.multiplier, 1 << 30) << "seed " << seed << " scale " << scale;
    ASSERT_GE(q.shift, 0);
    ASSERT_LE(q.shift, 63);
    // |M - scale * 2^s| <= 1/2: M is the nearest integer to the exact scaled value.
    ASSERT_LE(std::fabs(q.multiplier - std::ldexp(scale, q.shift)), 0.5) << "scale " << scale;
    EXPECT_NEAR(dequantize_multiplier(q.multiplier, q.shift) / scale, 1.0, 1e-9);
  }
}

}  // namespace
}  // namespace npusim::quant
