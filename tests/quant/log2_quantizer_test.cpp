// Log2 quantizer: q = clamp(round(-log2 x), 0, 2^bits - 1), x' = 2^-q.
// The reference everywhere is that literal formula evaluated with long double log2 (no
// input is within its error of a threshold: the thresholds 2^-(k+1/2) are irrational and a
// 24-bit significand stays >= 2^-48 (relative) away from them).
#include "quant/quantizer/log2_quantizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>

namespace npusim::quant {
namespace {

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::int32_t reference_code(long double x, int bits) {
  const std::int32_t max_code = (1 << bits) - 1;
  if (x == 0.0L) return max_code;
  const long double code = std::round(-std::log2(x));
  if (code < 0) return 0;
  if (code > max_code) return max_code;
  return static_cast<std::int32_t>(code);
}

TEST(Log2Quantizer, WorkedExamples) {
  const Log2QuantSpec spec{4};  // codes 0..15
  // -log2(0.3) = 1.737 -> 2 -> 0.25;  -log2(0.2) = 2.322 -> 2 -> 0.25
  EXPECT_EQ(log2_quantize(0.3f, spec), 2);
  EXPECT_EQ(log2_fake_quantize(0.3f, spec), 0.25f);
  EXPECT_EQ(log2_quantize(0.2f, spec), 2);
  // -log2(0.01) = 6.644 -> 7 -> 2^-7 = 0.0078125
  EXPECT_EQ(log2_fake_quantize(0.01f, spec), 0.0078125f);
  // -log2(1e-6) = 19.93 -> 20 -> clamp 15; 0 and -0 -> 15; 1 -> 0; 3 (> 1) -> -1.58 -> clamp 0
  EXPECT_EQ(log2_quantize(1e-6f, spec), 15);
  EXPECT_EQ(log2_quantize(0.0f, spec), 15);
  EXPECT_EQ(log2_quantize(-0.0f, spec), 15);
  EXPECT_EQ(log2_quantize(1.0f, spec), 0);
  EXPECT_EQ(log2_quantize(3.0f, spec), 0);
  EXPECT_EQ(log2_dequantize(15), 1.0f / 32768.0f);
  // Integer form, UQ0.16: 0.3 -> v = round(0.3 * 65536) = 19661, leading one p = 14,
  // floor(sqrt(2) * 2^14) = 23170 >= 19661 -> q = 16 - 14 = 2.
  EXPECT_EQ(log2_quantize_fixed_point(19661, 16, spec), 2);
  // v = 23171 > 23170 -> q = 16 - 14 - 1 = 1 (23171 / 65536 = 0.35356 > 2^-1.5 = 0.35355).
  EXPECT_EQ(log2_quantize_fixed_point(23171, 16, spec), 1);
  EXPECT_EQ(log2_quantize_fixed_point(23170, 16, spec), 2);
}

TEST(Log2Quantizer, ThresholdIsTheGeometricMidpoint) {
  const Log2QuantSpec spec{4};
  // Between 0.5 (q = 1) and 1 (q = 0) the threshold is 2^-0.5 = 0.70710678118654752...
  // 0x3f3504f3 = 11863283 / 2^24 = 0.707106769... (below) -> 0.5
  // 0x3f3504f4 = 11863284 / 2^24 = 0.707106829... (above) -> 1.0
  EXPECT_EQ(log2_fake_quantize(float_of(0x3f3504f3), spec), 0.5f);
  EXPECT_EQ(log2_fake_quantize(float_of(0x3f3504f4), spec), 1.0f);
  // 0.72 is arithmetically nearer 0.5 (0.22 < 0.28) but geometrically nearer 1
  // (1/0.72 = 1.39 < 0.72/0.5 = 1.44): an arithmetic-midpoint (0.75) quantizer would give 0.5.
  EXPECT_EQ(log2_fake_quantize(0.72f, spec), 1.0f);
  EXPECT_EQ(log2_fake_quantize(0.74f, spec), 1.0f);
  EXPECT_EQ(log2_fake_quantize(0.70f, spec), 0.5f);
  // Same one binade lower: threshold 2^-3.5 = 0.0883883476483184...
  // 0x3db504f3 = 11863283 / 2^27 = 0.08838834613... -> 2^-4; 0x3db504f4 -> 2^-3.
  EXPECT_EQ(log2_fake_quantize(float_of(0x3db504f3), spec), 0.0625f);
  EXPECT_EQ(log2_fake_quantize(float_of(0x3db504f4), spec), 0.125f);
}

TEST(Log2Quantizer, IntegerAndFloatFormsAgreeOnEveryUint16Input) {
  // Every v in 0..65535 for several fixed-point formats and code widths: integer form ==
  // float form on the exact float v / 2^F == the formula.
  for (int frac_bits : {16, 15, 12, 8}) {
    for (int bits = 1; bits <= 7; ++bits) {
      const Log2QuantSpec spec{bits};
      for (std::uint32_t value = 0; value <= 0xffffu; ++value) {
        const float x = std::ldexp(static_cast<float>(value), -frac_bits);  // exact: v < 2^24
        const std::int32_t integer_form = log2_quantize_fixed_point(value, frac_bits, spec);
        ASSERT_EQ(integer_form, log2_quantize(x, spec)) << "v " << value << " F " << frac_bits << " bits " << bits;
        ASSERT_EQ(integer_form, reference_code(static_cast<long double>(x), bits))
            << "v " << value << " F " << frac_bits << " bits " << bits;
      }
    }
  }
}

TEST(Log2Quantizer, EveryFloatOfOneBinadeAndRandomFloatsMatchTheFormula) {
  const Log2QuantSpec spec{7};  // codes 0..127: no clamping inside the binades tested
  // Every float in [0.5, 1): 2^23 values.
  for (std::uint32_t bits = 0x3f000000u; bits < 0x3f800000u; ++bits) {
    const float x = float_of(bits);
    ASSERT_EQ(log2_quantize(x, spec), reference_code(x, 7)) << x;
  }
  // Random positive floats of every exponent, subnormals included (seed logged).
  const std::uint32_t seed = 424242;
  std::mt19937 generator(seed);
  std::uniform_int_distribution<std::uint32_t> positive_finite(1u, 0x7f7fffffu);
  for (int sample = 0; sample < 1000000; ++sample) {
    const float x = float_of(positive_finite(generator));
    ASSERT_EQ(log2_quantize(x, spec), reference_code(x, 7)) << x << " seed " << seed;
  }
}

TEST(Log2Quantizer, RejectsBadInputs) {
  const Log2QuantSpec spec{4};
  EXPECT_THROW(log2_quantize(std::nanf(""), spec), std::invalid_argument);
  EXPECT_THROW(log2_quantize(std::numeric_limits<float>::infinity(), spec), std::invalid_argument);
  EXPECT_THROW(log2_quantize(-0.25f, spec), std::invalid_argument);
  EXPECT_THROW(log2_quantize(0.5f, Log2QuantSpec{0}), std::invalid_argument);
  EXPECT_THROW(log2_quantize(0.5f, Log2QuantSpec{8}), std::invalid_argument);
  EXPECT_THROW(log2_quantize_fixed_point(1, 32, spec), std::invalid_argument);
  EXPECT_THROW(log2_dequantize(128), std::invalid_argument);
  try {
    log2_quantize_tensor({0.5f, -1.0f}, spec);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("element 1"), std::string::npos) << error.what();
  }
  EXPECT_EQ(log2_fake_quantize_tensor({1.0f, 0.3f, 0.0f}, spec), (std::vector<float>{1.0f, 0.25f, 1.0f / 32768.0f}));
}

}  // namespace
}  // namespace npusim::quant
