// Affine quantizer: rounding primitives, code ranges, scale/zero-point choice (nudging,
// symmetric, narrow range, degenerate ranges), quantize/dequantize per mode, exactness of
// the quotient, per-channel tensors along any axis, and every rejection.
// Every expected value is worked by hand in the comment next to it.
#include "quant/quantizer/affine_quantizer.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "quant/quantizer/affine_quantizer_kernel.h"
#include "quant/quantizer/float_rounding.h"

namespace npusim::quant {
namespace {

float float_from_bits(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

QuantSpec make_spec(int bits, bool is_signed, QuantScheme scheme, bool narrow = false,
                    RoundingMode rounding = RoundingMode::kHalfEven) {
  QuantSpec spec;
  spec.bits = bits;
  spec.is_signed = is_signed;
  spec.scheme = scheme;
  spec.narrow_range = narrow;
  spec.rounding = rounding;
  return spec;
}

// Expects `call` to throw std::invalid_argument whose message contains `needle`.
template <typename Call>
void expect_invalid(Call call, const std::string& needle) {
  try {
    call();
    ADD_FAILURE() << "no exception, expected one mentioning '" << needle << "'";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find(needle), std::string::npos) << error.what();
  }
}

TEST(FloatRounding, TiesPerMode) {
  // value: half_up, half_away, half_even, floor, truncate
  struct Row { double value, half_up, half_away, half_even, floor, truncate; };
  const Row rows[] = {
      {2.5, 3, 3, 2, 2, 2},      // tie, 2 is even
      {3.5, 4, 4, 4, 3, 3},      // tie, 4 is even
      {-2.5, -2, -3, -2, -3, -2},  // half_up goes toward +inf: floor(-2.5 + 0.5) = -2
      {-3.5, -3, -4, -4, -4, -3},
      {-0.5, 0, -1, 0, -1, 0},
      {1.25, 1, 1, 1, 1, 1},
      {-1.75, -2, -2, -2, -2, -1},
      // 0.5 - 2^-54: x + 0.5 would round to 1.0 in double; every nearest mode must give 0.
      {0.49999999999999994, 0, 0, 0, 0, 0},
      // 2^52 + 1 is an odd integer: x + 0.5 would round to 2^52 + 2.
      {4503599627370497.0, 4503599627370497.0, 4503599627370497.0, 4503599627370497.0, 4503599627370497.0,
       4503599627370497.0},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.value);
    EXPECT_EQ(round_half_up(row.value), row.half_up);
    EXPECT_EQ(round_half_away(row.value), row.half_away);
    EXPECT_EQ(round_half_even(row.value), row.half_even);
    EXPECT_EQ(round_floor(row.value), row.floor);
    EXPECT_EQ(round_truncate(row.value), row.truncate);
  }
  // The requantization-only modes map onto half_away (TFLite float Quantize) and half_even.
  EXPECT_EQ(round_to_integral(-2.5, RoundingMode::kTfliteDouble), -3.0);
  EXPECT_EQ(round_to_integral(-2.5, RoundingMode::kFp32), -2.0);
}

// The branch-free kernel rounding must equal the reference double rounding for every
// mode: half-integers and their double neighbours around many integers, and random values
// up to the 2^40 bound the kernel clamps to.
TEST(FloatRounding, KernelRoundingMatchesReference) {
  const RoundingMode modes[] = {RoundingMode::kHalfUp,   RoundingMode::kHalfAway,     RoundingMode::kHalfEven,
                                RoundingMode::kFloor,    RoundingMode::kTruncate,     RoundingMode::kTfliteDouble,
                                RoundingMode::kFp32};
  std::vector<double> values;
  for (int integer = -300; integer <= 300; ++integer) {
    for (double offset : {0.0, 0.25, 0.5, 0.75, -0.5}) {
      const double value = integer + offset;
      values.push_back(value);
      values.push_back(std::nextafter(value, -1e300));
      values.push_back(std::nextafter(value, 1e300));
    }
  }
  const std::uint32_t seed = 777;
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> wide(-detail::kQuotientBound, detail::kQuotientBound);
  for (int sample = 0; sample < 200000; ++sample) values.push_back(wide(generator));
  values.push_back(detail::kQuotientBound);
  values.push_back(-detail::kQuotientBound);
  values.push_back(-0.0);
  for (RoundingMode mode : modes) {
    for (double value : values) {
      ASSERT_EQ(static_cast<double>(detail::round_bounded(value, mode)), round_to_integral(value, mode))
          << "mode " << static_cast<int>(mode) << " value " << value << " seed " << seed;
    }
  }
}

TEST(QuantSpec, CodeRanges) {
  struct Row { int bits; bool is_signed; bool narrow; int qmin, qmax; };
  const Row rows[] = {
      {4, true, false, -8, 7},        {8, true, false, -128, 127},     {8, true, true, -127, 127},
      {8, false, false, 0, 255},      {8, false, true, 1, 255},        {16, true, false, -32768, 32767},
      {16, false, false, 0, 65535},   {2, true, false, -2, 1},         {2, true, true, -1, 1},
  };
  for (const Row& row : rows) {
    const QuantSpec spec = make_spec(row.bits, row.is_signed, QuantScheme::kAsymmetric, row.narrow);
    EXPECT_EQ(spec.qmin(), row.qmin) << row.bits;
    EXPECT_EQ(spec.qmax(), row.qmax) << row.bits;
  }
  expect_invalid([] { make_spec(1, true, QuantScheme::kAsymmetric).qmin(); }, "bits = 1");
  expect_invalid([] { make_spec(17, true, QuantScheme::kAsymmetric).qmax(); }, "bits = 17");
}

TEST(ChooseQParams, AsymmetricUint8NudgesZeroPoint) {
  // [-1, 3] on 0..255: scale = 4/255; real zero point = 0 - (-1)/(4/255) = 63.75 -> 64.
  const QuantSpec spec = make_spec(8, false, QuantScheme::kAsymmetric);
  const QParams params = choose_qparams(-1.0f, 3.0f, spec);
  EXPECT_EQ(params.scale, static_cast<float>(4.0 / 255.0));
  EXPECT_EQ(params.zero_point, 64);
  EXPECT_EQ(quantize_value(0.0f, params, spec), 64);  // real 0 is exactly code 64
  EXPECT_EQ(dequantize_value(64, params), 0.0f);
  // 3.0 / (4/255) = 191.25 -> 191, + 64 = 255 (the top code).
  EXPECT_EQ(quantize_value(3.0f, params, spec), 255);
  // -1.0 / (4/255) = -63.75 -> -64, + 64 = 0.
  EXPECT_EQ(quantize_value(-1.0f, params, spec), 0);
}

TEST(ChooseQParams, AsymmetricInt8SameGridShifted) {
  // Same range on -128..127: real zero point = -128 + 63.75 = -64.25 -> -64.
  const QParams params = choose_qparams(-1.0f, 3.0f, make_spec(8, true, QuantScheme::kAsymmetric));
  EXPECT_EQ(params.scale, static_cast<float>(4.0 / 255.0));
  EXPECT_EQ(params.zero_point, -64);
}

TEST(ChooseQParams, RangeWidenedToIncludeZero) {
  const QuantSpec spec = make_spec(8, false, QuantScheme::kAsymmetric);
  // [2, 5] -> [0, 5]: scale 5/255, zero point 0.
  QParams params = choose_qparams(2.0f, 5.0f, spec);
  EXPECT_EQ(params.scale, static_cast<float>(5.0 / 255.0));
  EXPECT_EQ(params.zero_point, 0);
  // [-5, -2] -> [-5, 0]: zero point 0 - (-5)/(5/255) = 255.
  params = choose_qparams(-5.0f, -2.0f, spec);
  EXPECT_EQ(params.zero_point, 255);
}

TEST(ChooseQParams, NudgeTieRoundsHalfEvenAndClipsHalfStep) {
  // 3-bit unsigned (0..7), [-1.75, 1.75]: scale = 3.5/7 = 0.5 (exact), real zero point
  // 1.75/0.5 = 3.5, a tie -> 4 (even). Grid: (0-4)*0.5 = -2.0 ... (7-4)*0.5 = 1.5, so the
  // nudge costs half a step at the top: 1.75 -> 1.75/0.5 = 3.5 -> 4 (even) + 4 = 8 -> 7 -> 1.5.
  const QuantSpec spec = make_spec(3, false, QuantScheme::kAsymmetric);
  const QParams params = choose_qparams(-1.75f, 1.75f, spec);
  EXPECT_EQ(params.scale, 0.5f);
  EXPECT_EQ(params.zero_point, 4);
  EXPECT_EQ(fake_quantize(1.75f, params, spec), 1.5f);
  EXPECT_EQ(fake_quantize(-1.75f, params, spec), -2.0f);  // -3.5 -> -4 (even) + 4 = 0 -> -2.0
  // [-1.25, 2.25]: scale 0.5, real zero point 2.5 -> 2 (even).
  EXPECT_EQ(choose_qparams(-1.25f, 2.25f, spec).zero_point, 2);
}

TEST(ChooseQParams, SymmetricSignedHasZeroPointZeroAndNoBias) {
  // [-2, 1]: max |x| = 2 -> scale 2/127, zero point 0; +-2 land exactly on +-127.
  const QuantSpec spec = make_spec(8, true, QuantScheme::kSymmetric);
  const QParams params = choose_qparams(-2.0f, 1.0f, spec);
  EXPECT_EQ(params.scale, static_cast<float>(2.0 / 127.0));
  EXPECT_EQ(params.zero_point, 0);
  EXPECT_EQ(quantize_value(-2.0f, params, spec), -127);
  EXPECT_EQ(quantize_value(2.0f, params, spec), 127);
  // The grid is symmetric: fake_quantize(-x) == -fake_quantize(x) for every code in range.
  for (int code = 0; code <= 127; ++code) {
    const float value = dequantize_value(code, params);
    EXPECT_EQ(fake_quantize(-value, params, spec), -fake_quantize(value, params, spec)) << code;
  }
  // Beyond the range: -2.1/(2/127) = -133.35 -> -133 -> clamp to -128 (full) / -127 (narrow).
  EXPECT_EQ(quantize_value(-2.1f, params, spec), -128);
  const QuantSpec narrow = make_spec(8, true, QuantScheme::kSymmetric, true);
  EXPECT_EQ(choose_qparams(-2.0f, 1.0f, narrow).scale, params.scale);  // both divide by 127
  EXPECT_EQ(quantize_value(-2.1f, params, narrow), -127);
}

TEST(ChooseQParams, SymmetricUnsignedIsOffsetBinary) {
  // UINT8 symmetric: zero point 128, scale max|x| / (255 - 128) = 1/127.
  const QuantSpec spec = make_spec(8, false, QuantScheme::kSymmetric);
  const QParams params = choose_qparams(-1.0f, 0.5f, spec);
  EXPECT_EQ(params.zero_point, 128);
  EXPECT_EQ(params.scale, static_cast<float>(1.0 / 127.0));
  EXPECT_EQ(quantize_value(1.0f, params, spec), 255);
  EXPECT_EQ(quantize_value(-1.0f, params, spec), 1);
  EXPECT_EQ(quantize_value(0.0f, params, spec), 128);
}

TEST(ChooseQParams, Int16Symmetric) {
  // max |x| = 1 -> scale 1/32767; 0.5 / (1/32767) = 16383.5 -> 16384 (even) under half_even.
  const QuantSpec spec = make_spec(16, true, QuantScheme::kSymmetric);
  const QParams params = choose_qparams(-1.0f, 1.0f, spec);
  EXPECT_EQ(params.scale, static_cast<float>(1.0 / 32767.0));
  EXPECT_EQ(quantize_value(1.0f, params, spec), 32767);
  EXPECT_EQ(quantize_value(-1.0f, params, spec), -32767);
}

TEST(ChooseQParams, DegenerateRanges) {
  // All-zero tensor: scale 1.0 by definition; zero point 0 (or the lowest code if 0 is not one).
  EXPECT_EQ(choose_qparams(0.0f, 0.0f, make_spec(8, true, QuantScheme::kAsymmetric)).scale, 1.0f);
  EXPECT_EQ(choose_qparams(0.0f, 0.0f, make_spec(8, true, QuantScheme::kAsymmetric)).zero_point, 0);
  EXPECT_EQ(choose_qparams(0.0f, 0.0f, make_spec(8, false, QuantScheme::kAsymmetric, true)).zero_point, 1);
  EXPECT_EQ(choose_qparams(0.0f, 0.0f, make_spec(8, true, QuantScheme::kSymmetric)).scale, 1.0f);
  EXPECT_EQ(choose_qparams(0.0f, 0.0f, make_spec(8, false, QuantScheme::kSymmetric)).zero_point, 128);
  // A constant tensor c = 3 is the range [3, 3] -> [0, 3]: an ordinary scale 3/255.
  EXPECT_EQ(choose_qparams(3.0f, 3.0f, make_spec(8, false, QuantScheme::kAsymmetric)).scale,
            static_cast<float>(3.0 / 255.0));
  // [0, 1e-44]: 1e-44/255 underflows binary32 to 0; the scale is floored at FLT_MIN.
  EXPECT_EQ(choose_qparams(0.0f, 1e-44f, make_spec(8, false, QuantScheme::kAsymmetric)).scale, FLT_MIN);
  // [-FLT_MAX, FLT_MAX]: the width 2*FLT_MAX overflows binary32 but not double:
  // scale = 2*FLT_MAX/255, zero point -128 + 127.5 = -0.5 -> 0 (even).
  const QParams huge = choose_qparams(-FLT_MAX, FLT_MAX, make_spec(8, true, QuantScheme::kAsymmetric));
  EXPECT_EQ(huge.scale, static_cast<float>(2.0 * static_cast<double>(FLT_MAX) / 255.0));
  EXPECT_EQ(huge.zero_point, 0);
}

// Random ranges over every bit width, signedness, scheme and narrow range (seed logged):
// real 0 always quantizes to exactly the zero point and back to exactly 0; asymmetric
// grids reach within one step of both range ends (half a step of nudge plus half a step of
// rounding); symmetric grids put max|x| exactly on code qmax and -max|x| on its mirror.
TEST(ChooseQParams, RandomRangesKeepZeroExactAndCoverTheRange) {
  const std::uint32_t seed = 4242;
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> log_magnitude(-20.0, 20.0);
  std::uniform_int_distribution<int> bits_distribution(2, 16);
  for (int sample = 0; sample < 20000; ++sample) {
    const float low = -static_cast<float>(std::exp2(log_magnitude(generator))) * (sample % 5 == 0 ? 0.0f : 1.0f);
    const float high = static_cast<float>(std::exp2(log_magnitude(generator))) * (sample % 7 == 0 ? 0.0f : 1.0f);
    const QuantSpec spec = make_spec(bits_distribution(generator), sample % 2 == 0,
                                     sample % 3 == 0 ? QuantScheme::kSymmetric : QuantScheme::kAsymmetric,
                                     sample % 4 == 0);
    SCOPED_TRACE("seed " + std::to_string(seed) + " sample " + std::to_string(sample));
    const QParams params = choose_qparams(low, high, spec);
    ASSERT_NO_THROW(validate_qparams(params, spec));
    ASSERT_EQ(quantize_value(0.0f, params, spec), params.zero_point);
    ASSERT_EQ(fake_quantize(0.0f, params, spec), 0.0f);
    if (low == 0.0f && high == 0.0f) continue;
    const double step = params.scale;
    if (spec.scheme == QuantScheme::kAsymmetric) {
      ASSERT_LE(std::fabs(static_cast<double>(fake_quantize(low, params, spec)) - low), step * 1.000001) << low;
      ASSERT_LE(std::fabs(static_cast<double>(fake_quantize(high, params, spec)) - high), step * 1.000001) << high;
    } else {
      const float max_abs = std::max(-low, high);
      const std::int32_t zero_point = symmetric_zero_point(spec);
      ASSERT_EQ(quantize_value(max_abs, params, spec), spec.qmax()) << max_abs;
      ASSERT_EQ(quantize_value(-max_abs, params, spec), 2 * zero_point - spec.qmax()) << max_abs;
    }
  }
}

TEST(ChooseQParams, RejectsNonFiniteAndReversedRanges) {
  const QuantSpec spec;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  expect_invalid([&] { choose_qparams(nan, 1.0f, spec); }, "range_min is NaN");
  expect_invalid([&] { choose_qparams(0.0f, inf, spec); }, "range_max is +inf");
  expect_invalid([&] { choose_qparams(-inf, 0.0f, spec); }, "range_min is -inf");
  expect_invalid([&] { choose_qparams(2.0f, 1.0f, spec); }, "range_min (2) > range_max (1)");
  expect_invalid([&] { choose_qparams_per_channel({0.0f, nan}, {1.0f, 1.0f}, spec); }, "channel 1: range_min is NaN");
  expect_invalid([&] { choose_qparams_per_channel({0.0f}, {1.0f, 1.0f}, spec); }, "1 minima but 2 maxima");
}

TEST(QuantizeValue, EveryRoundingModeOnInt4Ties) {
  // INT4 symmetric over [-7, 7]: scale exactly 1.0, so x / scale = x and the ties are exact.
  // x:        2.5  -2.5  -8.4  100
  // half_up    3    -2    -8     7
  // half_away  3    -3    -8     7
  // half_even  2    -2    -8     7
  // floor      2    -3    -8     7    (-8.4 -> -9 -> clamp -8)
  // truncate   2    -2    -8     7
  // tflite_double behaves as half_away, fp32 as half_even (binary32 quotient is exact here).
  struct Row { RoundingMode mode; int plus, minus; };
  const Row rows[] = {{RoundingMode::kHalfUp, 3, -2},   {RoundingMode::kHalfAway, 3, -3},
                      {RoundingMode::kHalfEven, 2, -2}, {RoundingMode::kFloor, 2, -3},
                      {RoundingMode::kTruncate, 2, -2}, {RoundingMode::kTfliteDouble, 3, -3},
                      {RoundingMode::kFp32, 2, -2}};
  for (const Row& row : rows) {
    const QuantSpec spec = make_spec(4, true, QuantScheme::kSymmetric, false, row.mode);
    const QParams params = choose_qparams(-7.0f, 7.0f, spec);
    ASSERT_EQ(params.scale, 1.0f);
    SCOPED_TRACE(static_cast<int>(row.mode));
    EXPECT_EQ(quantize_value(2.5f, params, spec), row.plus);
    EXPECT_EQ(quantize_value(-2.5f, params, spec), row.minus);
    EXPECT_EQ(quantize_value(-8.4f, params, spec), -8);
    EXPECT_EQ(quantize_value(100.0f, params, spec), 7);
  }
}

TEST(QuantizeValue, ExactQuotientVersusBinary32Quotient) {
  // x = 0x42c8199a = 100.05000305175781, scale = 0x3dcccccd = 0.100000001490116...
  // Exact rational quotient (Python fractions): 1000.5000156... -> half_even gives 1001.
  // The binary32 quotient x / scale rounds to 1000.5 exactly -> ties-to-even gives 1000
  // (what ONNX Runtime computes; our kFp32 mode). Zero point 0, INT16 codes.
  const float x = float_from_bits(0x42c8199a);
  const QParams params{float_from_bits(0x3dcccccd), 0};
  EXPECT_EQ(x / params.scale, 1000.5f);  // the premise: the binary32 quotient is a false tie
  EXPECT_EQ(quantize_value(x, params, make_spec(16, true, QuantScheme::kAsymmetric)), 1001);
  EXPECT_EQ(quantize_value(x, params, make_spec(16, true, QuantScheme::kAsymmetric, false, RoundingMode::kFp32)),
            1000);
  // x = 0x42c8b333 = 100.3499984741211: exact quotient 1003.49996978... -> 1003; binary32 1003.5 -> 1004.
  const float y = float_from_bits(0x42c8b333);
  EXPECT_EQ(quantize_value(y, params, make_spec(16, true, QuantScheme::kAsymmetric)), 1003);
  EXPECT_EQ(quantize_value(y, params, make_spec(16, true, QuantScheme::kAsymmetric, false, RoundingMode::kFp32)),
            1004);
}

TEST(QuantizeValue, NearestModesRoundTripEveryCode) {
  // For round-to-nearest modes, quantize(dequantize(q)) == q for every code: the
  // dequantized value is within half an ulp of q * scale, far inside the +-1/2 window.
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven}) {
    const QuantSpec spec = make_spec(8, true, QuantScheme::kAsymmetric, false, mode);
    const QParams params = choose_qparams(-0.37f, 1.91f, spec);
    for (int code = spec.qmin(); code <= spec.qmax(); ++code) {
      EXPECT_EQ(quantize_value(dequantize_value(code, params), params, spec), code);
    }
  }
}

TEST(QuantizeValue, RejectsNonFiniteInputsAndBadParams) {
  const QuantSpec spec = make_spec(8, true, QuantScheme::kAsymmetric);
  const QParams good{0.5f, 3};
  expect_invalid([&] { quantize_value(std::nanf(""), good, spec); }, "quantizer input is NaN");
  expect_invalid([&] { quantize_value(-std::numeric_limits<float>::infinity(), good, spec); }, "-inf");
  expect_invalid([&] { quantize_value(1.0f, QParams{0.0f, 0}, spec); }, "scale = 0");
  expect_invalid([&] { quantize_value(1.0f, QParams{-1.0f, 0}, spec); }, "scale = -1");
  expect_invalid([&] { quantize_value(1.0f, QParams{0.5f, 128}, spec); }, "zero_point = 128");
  const QuantSpec symmetric = make_spec(8, true, QuantScheme::kSymmetric);
  expect_invalid([&] { quantize_value(1.0f, QParams{0.5f, 3}, symmetric); }, "needs exactly 0");
}

TEST(QuantizeTensor, PerChannelAlongEveryAxis) {
  // Tensor [2, 3] = {{1, 2, 3}, {4, 5, 6}}, INT8 asymmetric, half_even.
  const QuantSpec spec = make_spec(8, true, QuantScheme::kAsymmetric);
  const std::vector<float> values = {1, 2, 3, 4, 5, 6};
  // Axis 1 (columns): scales 1, 2, 4 with zero points 0, 1, -1.
  //   row 0: 1/1+0 = 1, 2/2+1 = 2, 3/4 = 0.75 -> 1, -1 = 0
  //   row 1: 4/1+0 = 4, 5/2 = 2.5 -> 2 (even), +1 = 3, 6/4 = 1.5 -> 2 (even), -1 = 1
  const std::vector<QParams> column_params = {{1.0f, 0}, {2.0f, 1}, {4.0f, -1}};
  EXPECT_EQ(quantize_tensor(values, {{2, 3}, 1}, column_params, spec), (std::vector<std::int32_t>{1, 2, 0, 4, 3, 1}));
  EXPECT_EQ(quantize_tensor(values, {{2, 3}, -1}, column_params, spec), (std::vector<std::int32_t>{1, 2, 0, 4, 3, 1}));
  // Axis 0 (rows): scales 0.5, 0.25 with zero points 10, -10.
  //   row 0: 2+10, 4+10, 6+10;  row 1: 16-10, 20-10, 24-10
  const std::vector<QParams> row_params = {{0.5f, 10}, {0.25f, -10}};
  EXPECT_EQ(quantize_tensor(values, {{2, 3}, 0}, row_params, spec),
            (std::vector<std::int32_t>{12, 14, 16, 6, 10, 14}));
  // Dequantize inverts those codes exactly (every value is on its channel's grid except
  // 3/4 -> 1 step of 4 = 4 and 6/4 -> 2 steps of 4 = 8, 5/2 -> 2 steps of 2 = 4).
  EXPECT_EQ(fake_quantize_tensor(values, {{2, 3}, 1}, column_params, spec),
            (std::vector<float>{1, 2, 4, 4, 4, 8}));
  // Middle axis of [2, 3, 2]: element (o, c, i) is at 6o + 2c + i, channel c. Scale 1 and
  // zero points 0, 100, -100 make the channel visible in the codes.
  const std::vector<float> cube = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const std::vector<QParams> middle = {{1.0f, 0}, {1.0f, 100}, {1.0f, -100}};
  EXPECT_EQ(quantize_tensor(cube, {{2, 3, 2}, 1}, middle, spec),
            (std::vector<std::int32_t>{0, 1, 102, 103, -96, -95, 6, 7, 108, 109, -90, -89}));
  // Per-tensor: one QParams for everything.
  EXPECT_EQ(quantize_tensor(values, {{2, 3}, std::nullopt}, {{2.0f, 0}}, spec),
            (std::vector<std::int32_t>{0, 1, 2, 2, 2, 3}));  // 0.5->0, 1, 1.5->2, 2, 2.5->2, 3
}

TEST(QuantizeTensor, RejectsMismatchesNamingTheProblem) {
  const QuantSpec spec;
  const std::vector<float> values = {1, 2, 3, 4, 5, 6};
  expect_invalid([&] { quantize_tensor(values, {{2, 3}, 1}, {{1.0f, 0}}, spec); }, "needs 3 QParams, got 1");
  expect_invalid([&] { quantize_tensor(values, {{2, 3}, 2}, {{1.0f, 0}}, spec); }, "channel axis 2 is out of range for shape [2, 3]");
  expect_invalid([&] { quantize_tensor(values, {{2, 2}, std::nullopt}, {{1.0f, 0}}, spec); }, "6 elements");
  expect_invalid([&] { quantize_tensor(values, {{2, 3}, 0}, {{1.0f, 0}, {0.0f, 0}}, spec); }, "channel 1: scale");
  std::vector<float> with_nan = values;
  with_nan[4] = std::nanf("");
  expect_invalid([&] { quantize_tensor(with_nan, {{2, 3}, std::nullopt}, {{1.0f, 0}}, spec); },
                 "element 4 is NaN");
}

}  // namespace
}  // namespace npusim::quant
