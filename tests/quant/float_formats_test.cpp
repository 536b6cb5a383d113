// FP16 / BF16 / FP8 E4M3 / FP8 E5M2 emulation.
//  - decode: every code of every format against the textbook formula
//    (-1)^s * 2^(e - bias) * (1 + m / 2^M), subnormals (-1)^s * 2^(1 - bias) * (m / 2^M);
//  - published constants (IEEE 754-2008 binary16, the bfloat16 definition, OCP 8-bit
//    floating point spec v1.0 tables for E4M3 and E5M2);
//  - encode: exhaustive round trip of every code, every midpoint between neighbours (ties go
//    to the even code) and its two float32 neighbours, random float32 bit patterns against a
//    brute-force nearest-value search, and the overflow rules of both modes.
#include "quant/formats/float_formats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace npusim::quant {
namespace {

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

const MiniFloatFormat* const kAllFormats[] = {&kFp16, &kBf16, &kFp8E4M3, &kFp8E5M2};

int code_count(const MiniFloatFormat& format) { return 1 << (1 + format.exponent_bits + format.mantissa_bits); }

bool textbook_is_nan(std::uint32_t code, const MiniFloatFormat& format) {
  const std::uint32_t magnitude = code & ((1u << (format.exponent_bits + format.mantissa_bits)) - 1u);
  const std::uint32_t exponent = magnitude >> format.mantissa_bits;
  const std::uint32_t mantissa = magnitude & ((1u << format.mantissa_bits) - 1u);
  const std::uint32_t top = (1u << format.exponent_bits) - 1u;
  if (format.has_infinity) return exponent == top && mantissa != 0;
  return exponent == top && mantissa == (1u << format.mantissa_bits) - 1u;  // E4M3: S.1111.111 only
}

// The textbook value of a code (NaN codes excluded by the caller), in double with pow().
double textbook_value(std::uint32_t code, const MiniFloatFormat& format) {
  const int fraction_bits = format.mantissa_bits;
  const std::uint32_t sign = code >> (format.exponent_bits + fraction_bits);
  const std::uint32_t exponent = (code >> fraction_bits) & ((1u << format.exponent_bits) - 1u);
  const std::uint32_t mantissa = code & ((1u << fraction_bits) - 1u);
  const double sign_factor = sign ? -1.0 : 1.0;
  if (format.has_infinity && exponent == (1u << format.exponent_bits) - 1u) {
    return sign_factor * std::numeric_limits<double>::infinity();
  }
  const double fraction = mantissa / std::pow(2.0, fraction_bits);
  if (exponent == 0) return sign_factor * std::pow(2.0, 1 - format.exponent_bias) * fraction;
  return sign_factor * std::pow(2.0, static_cast<int>(exponent) - format.exponent_bias) * (1.0 + fraction);
}

TEST(FloatFormats, DecodeEveryCodeMatchesTextbookFormula) {
  for (const MiniFloatFormat* format : kAllFormats) {
    SCOPED_TRACE(format->name);
    for (int code = 0; code < code_count(*format); ++code) {
      const float decoded = decode_minifloat(static_cast<std::uint16_t>(code), *format);
      if (textbook_is_nan(code, *format)) {
        EXPECT_TRUE(std::isnan(decoded)) << code;
        EXPECT_EQ(std::signbit(decoded), (code >> (format->exponent_bits + format->mantissa_bits)) != 0) << code;
        continue;
      }
      const double expected = textbook_value(code, *format);
      EXPECT_EQ(static_cast<double>(decoded), expected) << "code " << code;
      EXPECT_EQ(std::signbit(decoded), std::signbit(expected)) << "code " << code;  // -0 stays -0
    }
  }
}

TEST(FloatFormats, PublishedConstants) {
  // IEEE 754 binary16: max 65504 (0x7bff), min normal 2^-14, min subnormal 2^-24.
  EXPECT_EQ(minifloat_max_finite(kFp16), 65504.0f);
  EXPECT_EQ(minifloat_min_normal(kFp16), 6.103515625e-05f);
  EXPECT_EQ(minifloat_min_subnormal(kFp16), 5.9604644775390625e-08f);
  EXPECT_EQ(fp16_bits_to_float(0x3c00), 1.0f);
  EXPECT_EQ(fp16_bits_to_float(0x3555), 0.333251953125f);  // 1.0101010101b * 2^-2
  EXPECT_EQ(fp16_bits_to_float(0xc000), -2.0f);
  EXPECT_EQ(fp16_bits_to_float(0x7c00), std::numeric_limits<float>::infinity());
  // bfloat16: the top half of binary32. Max 0x7f7f = (2 - 2^-7) * 2^127, min normal 2^-126,
  // min subnormal 2^-133; 0x4049 = 3.140625 (pi's bfloat16).
  EXPECT_EQ(minifloat_max_finite(kBf16), 3.3895313892515355e38f);
  EXPECT_EQ(minifloat_min_normal(kBf16), 1.1754943508222875e-38f);
  EXPECT_EQ(minifloat_min_subnormal(kBf16), 9.183549615799121e-41f);
  EXPECT_EQ(bf16_bits_to_float(0x4049), 3.140625f);
  // OCP FP8 E4M3: bias 7, max S.1111.110 = 448, min normal S.0001.000 = 2^-6,
  // min subnormal S.0000.001 = 2^-9, NaN S.1111.111, no infinities.
  EXPECT_EQ(minifloat_max_finite(kFp8E4M3), 448.0f);
  EXPECT_EQ(minifloat_min_normal(kFp8E4M3), 0.015625f);
  EXPECT_EQ(minifloat_min_subnormal(kFp8E4M3), 0.001953125f);
  EXPECT_EQ(decode_minifloat(0x38, kFp8E4M3), 1.0f);  // 0.0111.000
  EXPECT_EQ(decode_minifloat(0x7e, kFp8E4M3), 448.0f);
  EXPECT_EQ(decode_minifloat(0x78, kFp8E4M3), 256.0f);  // 0.1111.000 is finite in "fn"
  EXPECT_TRUE(std::isnan(decode_minifloat(0x7f, kFp8E4M3)));
  EXPECT_TRUE(std::isnan(decode_minifloat(0xff, kFp8E4M3)));
  // OCP FP8 E5M2: bias 15, max S.11110.11 = 57344, min normal 2^-14, min subnormal 2^-16,
  // inf S.11111.00, NaN S.11111.{01,10,11}.
  EXPECT_EQ(minifloat_max_finite(kFp8E5M2), 57344.0f);
  EXPECT_EQ(minifloat_min_normal(kFp8E5M2), 6.103515625e-05f);
  EXPECT_EQ(minifloat_min_subnormal(kFp8E5M2), 1.52587890625e-05f);
  EXPECT_EQ(decode_minifloat(0x3c, kFp8E5M2), 1.0f);
  EXPECT_EQ(decode_minifloat(0xfc, kFp8E5M2), -std::numeric_limits<float>::infinity());
  for (std::uint16_t nan_code : {0x7d, 0x7e, 0x7f}) EXPECT_TRUE(std::isnan(decode_minifloat(nan_code, kFp8E5M2)));
  EXPECT_THROW(decode_minifloat(0x100, kFp8E4M3), std::invalid_argument);
}

TEST(FloatFormats, EncodeRoundTripsEveryCode) {
  for (const MiniFloatFormat* format : kAllFormats) {
    SCOPED_TRACE(format->name);
    for (int code = 0; code < code_count(*format); ++code) {
      const float value = decode_minifloat(static_cast<std::uint16_t>(code), *format);
      const std::uint16_t again = encode_minifloat(value, *format);
      if (textbook_is_nan(code, *format)) {
        EXPECT_TRUE(textbook_is_nan(again, *format)) << code;
      } else {
        EXPECT_EQ(again, code) << "value " << value;
      }
    }
  }
}

// Every pair of neighbouring non-negative finite codes (c, c + 1): the exact midpoint (a
// float32: these formats have at most 11 significant bits) encodes to the even code, and
// the float32 just below / above it to c / c + 1. Negative values mirror.
TEST(FloatFormats, MidpointsTieToEvenCode) {
  for (const MiniFloatFormat* format : kAllFormats) {
    SCOPED_TRACE(format->name);
    const int positive_codes = code_count(*format) / 2;
    for (int code = 0; code + 1 < positive_codes; ++code) {
      if (textbook_is_nan(code + 1, *format) || std::isinf(textbook_value(code + 1, *format))) break;
      const double low = textbook_value(code, *format);
      const double high = textbook_value(code + 1, *format);
      const float midpoint = static_cast<float>((low + high) / 2.0);
      ASSERT_EQ(static_cast<double>(midpoint), (low + high) / 2.0) << "midpoint not exact";
      const int even_code = (code % 2 == 0) ? code : code + 1;
      EXPECT_EQ(encode_minifloat(midpoint, *format), even_code) << "midpoint " << midpoint;
      EXPECT_EQ(encode_minifloat(std::nextafter(midpoint, 0.0f), *format), code) << midpoint;
      EXPECT_EQ(encode_minifloat(std::nextafter(midpoint, std::numeric_limits<float>::infinity()), *format), code + 1) << midpoint;
      const int sign_bit = positive_codes;
      EXPECT_EQ(encode_minifloat(-midpoint, *format), even_code | sign_bit) << "midpoint " << -midpoint;
    }
  }
}

TEST(FloatFormats, OverflowRules) {
  const float inf = std::numeric_limits<float>::infinity();
  // FP16: max 65504, next binade step 32; the midpoint to 65536 is 65520. Ties go to the
  // even code, and the "code" past 0x7bff is inf (0x7c00), so 65520 overflows.
  EXPECT_EQ(float_to_fp16_bits(65519.99609375f), 0x7bff);
  EXPECT_EQ(float_to_fp16_bits(65520.0f), 0x7c00);
  EXPECT_EQ(encode_minifloat(65520.0f, kFp16, OverflowMode::kSaturate), 0x7bff);
  EXPECT_EQ(encode_minifloat(-1e9f, kFp16, OverflowMode::kSaturate), 0xfbff);
  EXPECT_EQ(encode_minifloat(-inf, kFp16, OverflowMode::kSaturate), 0xfbff);
  EXPECT_EQ(float_to_fp16_bits(-inf), 0xfc00);
  // E4M3 "fn": max 448 = 0.1111.110; the next step would be 480 (0.1111.111 is NaN), so the
  // midpoint is 464 and ties to 448 (mantissa 110 is even). Above it: NaN, or 448 saturating.
  EXPECT_EQ(encode_minifloat(464.0f, kFp8E4M3), 0x7e);
  EXPECT_EQ(encode_minifloat(std::nextafter(464.0f, 1e9f), kFp8E4M3), 0x7f);
  EXPECT_EQ(encode_minifloat(std::nextafter(464.0f, 1e9f), kFp8E4M3, OverflowMode::kSaturate), 0x7e);
  EXPECT_EQ(encode_minifloat(-1e6f, kFp8E4M3), 0xff);
  EXPECT_EQ(encode_minifloat(inf, kFp8E4M3), 0x7f);
  EXPECT_EQ(encode_minifloat(inf, kFp8E4M3, OverflowMode::kSaturate), 0x7e);
  // E5M2: max 57344 = 1.75 * 2^15, next step 65536; midpoint 61440 overflows (11 is odd).
  EXPECT_EQ(encode_minifloat(std::nextafter(61440.0f, 0.0f), kFp8E5M2), 0x7b);
  EXPECT_EQ(encode_minifloat(61440.0f, kFp8E5M2), 0x7c);
  EXPECT_EQ(encode_minifloat(61440.0f, kFp8E5M2, OverflowMode::kSaturate), 0x7b);
  // BF16: FLT_MAX = (2 - 2^-23) * 2^127 is above max + half a step = (2 - 2^-8) * 2^127.
  EXPECT_EQ(float_to_bf16_bits(std::numeric_limits<float>::max()), 0x7f80);
  EXPECT_EQ(encode_minifloat(std::numeric_limits<float>::max(), kBf16, OverflowMode::kSaturate), 0x7f7f);
}

TEST(FloatFormats, NaNAndZeroAndSubnormals) {
  const float quiet_nan = std::numeric_limits<float>::quiet_NaN();
  // NaN -> canonical quiet NaN with the input's sign; saturation never touches NaN.
  EXPECT_EQ(float_to_fp16_bits(quiet_nan), 0x7e00);
  EXPECT_EQ(float_to_fp16_bits(-quiet_nan), 0xfe00);
  EXPECT_EQ(float_to_bf16_bits(float_of(0x7f800001u)), 0x7fc0);  // signalling NaN input
  EXPECT_EQ(encode_minifloat(quiet_nan, kFp8E4M3, OverflowMode::kSaturate), 0x7f);
  EXPECT_EQ(encode_minifloat(-quiet_nan, kFp8E5M2), 0xfe);
  // Signed zeros.
  EXPECT_EQ(float_to_fp16_bits(-0.0f), 0x8000);
  EXPECT_EQ(encode_minifloat(-0.0f, kFp8E4M3), 0x80);
  // FP16 subnormal ties: 2^-25 is half of the smallest subnormal -> 0 (even);
  // 3 * 2^-25 is between codes 1 and 2 -> 2 (even); just above 2^-25 -> code 1.
  EXPECT_EQ(float_to_fp16_bits(std::ldexp(1.0f, -25)), 0x0000);
  EXPECT_EQ(float_to_fp16_bits(std::ldexp(3.0f, -25)), 0x0002);
  EXPECT_EQ(float_to_fp16_bits(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
  EXPECT_EQ(float_to_fp16_bits(-std::ldexp(1.0f, -26)), 0x8000);  // underflow keeps the sign
  // float32 subnormals: bf16's smallest subnormal is 2^-133; 2^-149 is far below half of it.
  EXPECT_EQ(float_to_bf16_bits(std::numeric_limits<float>::denorm_min()), 0x0000);
  EXPECT_EQ(float_to_bf16_bits(std::ldexp(1.0f, -133)), 0x0001);
  EXPECT_EQ(float_to_bf16_bits(std::ldexp(1.0f, -126)), 0x0080);
  // E4M3 subnormals: 2^-9 steps; 0.5 * 2^-9 -> 0, 1.5 * 2^-9 -> 2 (even), 7.5 * 2^-9 -> 8 = min normal.
  EXPECT_EQ(encode_minifloat(std::ldexp(1.0f, -10), kFp8E4M3), 0x00);
  EXPECT_EQ(encode_minifloat(std::ldexp(3.0f, -10), kFp8E4M3), 0x02);
  EXPECT_EQ(encode_minifloat(std::ldexp(15.0f, -10), kFp8E4M3), 0x08);
}

// Brute force: the nearest finite value among all codes (ties to the even code), or the
// overflow result when |x| >= max + half the top binade's step (strictly above when the
// max code is even, as for E4M3). Independent of the encoder's binade arithmetic.
std::uint16_t brute_force_encode(float value, const MiniFloatFormat& format, OverflowMode overflow,
                                 const std::vector<double>& positive_values) {
  const int sign_bit = code_count(format) / 2;
  const int sign = std::signbit(value) ? sign_bit : 0;
  const double magnitude = std::fabs(static_cast<double>(value));
  const int max_code = static_cast<int>(positive_values.size()) - 1;
  const double max_value = positive_values.back();
  const double top_step = max_value - positive_values[max_code - 1];
  const double threshold = max_value + top_step / 2.0;
  if (magnitude > threshold || (magnitude == threshold && (max_code % 2 == 1)) || std::isinf(magnitude)) {
    if (overflow == OverflowMode::kSaturate) return static_cast<std::uint16_t>(sign | max_code);
    return encode_minifloat(std::copysign(std::numeric_limits<float>::infinity(), value), format);
  }
  const auto upper = std::lower_bound(positive_values.begin(), positive_values.end(), magnitude);
  if (upper == positive_values.end()) return static_cast<std::uint16_t>(sign | max_code);
  int high = static_cast<int>(upper - positive_values.begin());
  if (positive_values[high] == magnitude || high == 0) return static_cast<std::uint16_t>(sign | high);
  const int low = high - 1;
  const double below = magnitude - positive_values[low];  // exact: operands within a factor 2
  const double above = positive_values[high] - magnitude;
  int chosen = below < above ? low : (above < below ? high : (low % 2 == 0 ? low : high));
  return static_cast<std::uint16_t>(sign | chosen);
}

TEST(FloatFormats, RandomFloatsMatchBruteForceNearest) {
  const std::uint32_t seed = 20261124;
  std::mt19937 generator(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  for (const MiniFloatFormat* format : kAllFormats) {
    SCOPED_TRACE(format->name);
    std::vector<double> positive_values;
    for (int code = 0; code < code_count(*format) / 2; ++code) {
      if (textbook_is_nan(code, *format) || std::isinf(textbook_value(code, *format))) break;
      positive_values.push_back(textbook_value(code, *format));
    }
    // Half the samples are arbitrary bit patterns, half lie inside the format's range.
    std::uniform_int_distribution<std::uint32_t> any_bits;
    const double max_value = positive_values.back();
    std::uniform_real_distribution<double> log_magnitude(std::log2(positive_values[1]) - 2, std::log2(max_value) + 1);
    for (int sample = 0; sample < 100000; ++sample) {
      float value = (sample % 2 == 0) ? float_of(any_bits(generator))
                                      : static_cast<float>(std::exp2(log_magnitude(generator)));
      if (sample % 4 == 1) value = -value;
      if (std::isnan(value)) continue;
      for (OverflowMode overflow : {OverflowMode::kNonSaturating, OverflowMode::kSaturate}) {
        const std::uint16_t expected = brute_force_encode(value, *format, overflow, positive_values);
        ASSERT_EQ(encode_minifloat(value, *format, overflow), expected)
            << "value " << value << " bits " << std::hex << bits_of(value);
      }
    }
  }
}

TEST(FloatFormats, NamesAndTensorRounding) {
  EXPECT_EQ(find_minifloat_format("fp8_e4m3"), &kFp8E4M3);
  EXPECT_EQ(find_minifloat_format("bf16"), &kBf16);
  EXPECT_EQ(find_minifloat_format("fp32"), nullptr);
  // 1 + 2^-11 is the FP16 midpoint between 1 and 1 + 2^-10 -> 1 (even);
  // 3 * 2^-11 + 1 -> 1 + 2^-9 (the midpoint 1 + 3*2^-11 ties to mantissa 2, even).
  const std::vector<float> values = {1.0f + std::ldexp(1.0f, -11), 1.0f + std::ldexp(3.0f, -11), 70000.0f};
  const std::vector<float> expected = {1.0f, 1.0f + std::ldexp(1.0f, -9), std::numeric_limits<float>::infinity()};
  EXPECT_EQ(round_tensor_to_minifloat(values, kFp16), expected);
}

}  // namespace
}  // namespace npusim::quant
