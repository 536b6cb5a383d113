// The tensor fast path (portable and AVX-512 kernels, per-tensor and per-channel) against the
// independent reference through the shared RequantizationTester, plus direct comparisons
// with the scalar golden on large random tensors.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "quant/requant/requant_tensor.h"
#include "tests/quant/requant_tester.h"

namespace npusim::testing {
namespace {

using quant::FusedActivation;
using quant::RequantParams;
using quant::RoundingMode;
using quant::VectorPath;

bool same_params(const RequantParams& a, const RequantParams& b) {
  return a.multiplier == b.multiplier && a.shift == b.shift && a.zero_point == b.zero_point && a.qmin == b.qmin &&
         a.qmax == b.qmax && a.activation == b.activation && a.negative_multiplier == b.negative_multiplier &&
         a.negative_shift == b.negative_shift;
}

// Per-tensor path: consecutive cases sharing parameters form one tensor (exhaustive sweeps
// give runs of ~1000, so full vectors and masked tails both run).
RequantImplementation per_tensor_implementation(VectorPath path) {
  return [path](RoundingMode mode, const std::vector<RequantCase>& cases) {
    std::vector<std::int32_t> acc(cases.size()), out(cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) acc[i] = static_cast<std::int32_t>(cases[i].acc);
    std::size_t start = 0;
    while (start < cases.size()) {
      std::size_t end = start + 1;
      while (end < cases.size() && same_params(cases[end].params, cases[start].params)) ++end;
      quant::requantize_tensor(acc.data() + start, end - start, cases[start].params, mode, out.data() + start, path);
      start = end;
    }
    return out;
  };
}

// Per-channel path: every case is its own channel of a one-row NHWC tensor (8 channels per
// vector, a masked tail for the rest). LeakyReLU must be all-or-none, as the API requires.
RequantImplementation per_channel_implementation(VectorPath path) {
  return [path](RoundingMode mode, const std::vector<RequantCase>& cases) {
    std::vector<std::int32_t> acc(cases.size()), out(cases.size());
    std::vector<RequantParams> params(cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      acc[i] = static_cast<std::int32_t>(cases[i].acc);
      params[i] = cases[i].params;
    }
    quant::requantize_tensor_per_channel(acc.data(), acc.size(), params.data(), params.size(), mode, out.data(),
                                         path);
    return out;
  };
}

struct PathAndMode {
  VectorPath path;
  RoundingMode mode;
};

class TensorConformance : public ::testing::TestWithParam<PathAndMode> {
 protected:
  void SetUp() override {
    if (GetParam().path == VectorPath::kAvx512 && !quant::avx512_requant_available()) {
      GTEST_SKIP() << "this CPU has no AVX-512";
    }
  }
  RequantizationTester tester() const { return RequantizationTester().mode(GetParam().mode).accumulator_bits(32); }
};

TEST_P(TensorConformance, PerTensorSpecialCases) {
  tester().TestSpecialCases(per_tensor_implementation(GetParam().path));
  tester().zero_point(5).qmin(-20).qmax(300).TestSpecialCases(per_tensor_implementation(GetParam().path));
}

TEST_P(TensorConformance, PerTensorExhaustiveSmallDomain) {
  tester().qmin(INT32_MIN).qmax(INT32_MAX).TestExhaustiveSmallDomain(per_tensor_implementation(GetParam().path), 300);
}

TEST_P(TensorConformance, PerChannelSpecialAndRandomCases) {
  tester().TestSpecialCases(per_channel_implementation(GetParam().path));
  tester().TestRandomCases(per_channel_implementation(GetParam().path), 300000, 424242);
  tester().output_bits(8).TestRandomCases(per_channel_implementation(GetParam().path), 100000, 5);
}

TEST_P(TensorConformance, FusedActivations) {
  const auto per_channel = per_channel_implementation(GetParam().path);
  tester().activation(FusedActivation::kRelu).zero_point(-9).TestSpecialCases(per_channel);
  tester().activation(FusedActivation::kRelu).TestRandomCases(per_channel, 50000, 21);
  tester().activation(FusedActivation::kLeakyRelu).negative_scale(1 << 30, 35).TestSpecialCases(per_channel);
  tester().activation(FusedActivation::kLeakyRelu).TestRandomCases(per_channel, 100000, 22);
}

// A large tensor with one realistic parameter set: every element equals the scalar golden.
TEST_P(TensorConformance, LargeRandomTensorEqualsScalarGolden) {
  const std::uint64_t seed = 77;
  std::mt19937_64 random(seed);
  std::vector<std::int32_t> acc(1 << 18);
  std::normal_distribution<double> gaussian(0.0, 20000.0);
  for (std::int32_t& a : acc) a = static_cast<std::int32_t>(gaussian(random));
  acc[0] = INT32_MIN;
  acc[1] = INT32_MAX;
  RequantParams params;
  params.multiplier = 1316661451;  // a 0.0006-ish scale, s = 41
  params.shift = 41;
  params.zero_point = -3;
  std::vector<std::int32_t> out(acc.size());
  quant::requantize_tensor(acc.data(), acc.size() - 3, params, GetParam().mode, out.data(), GetParam().path);
  for (std::size_t i = 0; i + 3 < acc.size(); ++i) {
    ASSERT_EQ(out[i], quant::requantize(acc[i], params, GetParam().mode)) << "element " << i << " seed " << seed;
  }
}

// Several rows of an NHWC tensor whose channel count is not a multiple of the vector width:
// element i must use channel i % C in every row (masked tails inside each row).
TEST_P(TensorConformance, PerChannelRowsWithOddChannelCounts) {
  const std::uint64_t seed = 31;
  std::mt19937_64 random(seed);
  std::normal_distribution<double> gaussian(0.0, 5000.0);
  std::uniform_int_distribution<std::int32_t> multiplier(1 << 30, INT32_MAX);
  std::uniform_int_distribution<int> shift(32, 44);
  for (std::size_t channels : {1u, 3u, 8u, 13u, 64u}) {
    std::vector<RequantParams> params(channels);
    for (auto& p : params) {
      p.multiplier = multiplier(random);
      p.shift = shift(random);
      p.zero_point = static_cast<std::int32_t>(random() % 21) - 10;
    }
    const std::size_t rows = 37;
    std::vector<std::int32_t> acc(rows * channels), out(rows * channels);
    for (auto& a : acc) a = static_cast<std::int32_t>(gaussian(random));
    quant::requantize_tensor_per_channel(acc.data(), acc.size(), params.data(), channels, GetParam().mode,
                                         out.data(), GetParam().path);
    for (std::size_t i = 0; i < acc.size(); ++i) {
      ASSERT_EQ(out[i], quant::requantize(acc[i], params[i % channels], GetParam().mode))
          << "channels " << channels << " element " << i << " seed " << seed;
    }
  }
}

std::vector<PathAndMode> all_paths_and_modes() {
  std::vector<PathAndMode> values;
  for (VectorPath path : {VectorPath::kPortable, VectorPath::kAvx512}) {
    for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                              RoundingMode::kFloor, RoundingMode::kTruncate, RoundingMode::kTfliteDouble,
                              RoundingMode::kFp32}) {
      values.push_back({path, mode});
    }
  }
  return values;
}

INSTANTIATE_TEST_SUITE_P(AllPaths, TensorConformance, ::testing::ValuesIn(all_paths_and_modes()),
                         [](const auto& info) {
                           return std::string(info.param.path == VectorPath::kAvx512 ? "avx512_" : "portable_") +
                                  std::string(quant::rounding_mode_name(info.param.mode));
                         });

TEST(RequantTensor, TfliteDoublePreconditionNamesTheElementEvenInPlace) {
  RequantParams params;
  params.multiplier = 1 << 30;
  params.shift = 20;  // l = 11: |acc| must stay below 2^20
  std::vector<std::int32_t> acc(37, 5);
  acc[29] = 1 << 20;  // 2^20 << 11 = 2^31 does not fit int32
  for (VectorPath path : {VectorPath::kPortable, VectorPath::kAuto}) {
    std::vector<std::int32_t> data = acc;
    try {
      quant::requantize_tensor(data.data(), data.size(), params, RoundingMode::kTfliteDouble, data.data(), path);
      FAIL() << "expected a precondition error";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("element 29: acc 1048576"), std::string::npos) << e.what();
    }
  }
  std::vector<std::int32_t> out(acc.size());
  EXPECT_NO_THROW(quant::requantize_tensor(acc.data(), acc.size(), params, RoundingMode::kHalfUp, out.data()));
  EXPECT_EQ(out[0], 127);  // 5 * 2^30 / 2^20 = 5120, clamped to the int8 qmax
}

TEST(RequantTensor, ChannelBlocksUseOneParameterSetPerBlock) {
  // Two channels of 3 elements (NCHW): scale 1/2 for the first, 1/4 for the second.
  const std::vector<std::int32_t> acc = {5, -5, 7, 10, -10, 6};
  RequantParams half, quarter;
  half.multiplier = quarter.multiplier = 1 << 30;
  half.shift = 31;
  quarter.shift = 32;
  const std::vector<RequantParams> params = {half, quarter};
  std::vector<std::int32_t> out(acc.size());
  quant::requantize_tensor_channel_blocks(acc.data(), acc.size(), params.data(), 2, RoundingMode::kHalfEven,
                                          out.data());
  // 2.5 -> 2, -2.5 -> -2, 3.5 -> 4; 2.5 -> 2, -2.5 -> -2, 1.5 -> 2.
  EXPECT_EQ(out, (std::vector<std::int32_t>{2, -2, 4, 2, -2, 2}));
  EXPECT_THROW(quant::requantize_tensor_channel_blocks(acc.data(), 5, params.data(), 2, RoundingMode::kHalfEven,
                                                       out.data()),
               std::invalid_argument);
}

TEST(RequantTensor, BadParametersNameTheChannelAndField) {
  std::vector<RequantParams> params(3);
  params[2].shift = 64;
  std::vector<std::int32_t> acc(6), out(6);
  try {
    quant::requantize_tensor_per_channel(acc.data(), 6, params.data(), 3, RoundingMode::kFloor, out.data());
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("channel 2: shift 64"), std::string::npos) << e.what();
  }
}

TEST(RequantTensor, DualOutputSplitOverATensor) {
  const std::vector<std::int32_t> wide = {1234, -1234, 4095, 0};
  std::vector<std::int32_t> hi(4), lo(4);
  quant::split_dual_output_tensor(wide.data(), wide.size(), 4, hi.data(), lo.data());
  EXPECT_EQ(hi, (std::vector<std::int32_t>{77, -78, 255, 0}));  // 1234 = 77*16 + 2, -1234 = -78*16 + 14
  EXPECT_EQ(lo, (std::vector<std::int32_t>{2, 14, 15, 0}));
}

}  // namespace
}  // namespace npusim::testing
