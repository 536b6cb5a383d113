// The golden convolution against values worked by hand (docs/golden.md, "conv"), and the
// exact-GEMM fast path against the nested-loop reference on random geometries.
#include <gtest/gtest.h>

#include <random>

#include "models/golden/conv_kernels.h"
#include "tests/models/golden_test_util.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::golden {
namespace {

using models::testing::OnnxModelBuilder;
using nlohmann::json;

// x: 3x3 codes 10..26 step 2 on (scale 0.5, zero point 10), i.e. real 0..8.
// w: real [0.25, -0.5, 0.75, 1.0] on symmetric scale 0.25 -> codes [1, -2, 3, 4].
// bias 0.375 -> round(0.375 / (0.5 * 0.25)) = 3 in accumulator units.
models::Graph small_conv_graph(const char* activation = nullptr) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 3, 3}).initializer("w", {1, 1, 2, 2}, {0.25f, -0.5f, 0.75f, 1.0f}).initializer("b", {1}, {0.375f});
  model.node("Conv", {"x", "w", "b"}, {activation ? "c" : "y"}, "conv");
  if (activation) {
    model.node(activation, {"c"}, {"y"}, "act");
    if (std::string(activation) == "LeakyRelu") model.attr("alpha", 0.125f);
  }
  model.output("y");
  return model.import();
}

json small_conv_plan(const char* rounding, int shift, int zero_point, const char* activation = "none",
                     bool fused = false) {
  json requant = {{"rounding", rounding}, {"multiplier", 1073741824}, {"shift", shift}, {"zero_point", zero_point},
                  {"qmin", -128}, {"qmax", 127}, {"activation", activation}};
  if (std::string(activation) == "leaky_relu") {  // alpha 1/8 of the positive scale
    requant["negative_multiplier"] = 1073741824;
    requant["negative_shift"] = shift + 3;
  }
  json nodes = fused ? json{"conv", "act"} : json{"conv"};
  return {{"tensors",
           {{{"name", "x"}, {"format", "uint8"}, {"scale", 0.5}, {"zero_point", 10}},
            {{"name", "w"}, {"format", "int8"}, {"scheme", "symmetric"}, {"narrow_range", true}, {"scale", 0.25}},
            {{"name", "y"}, {"format", "int8"}, {"scale", 0.5}, {"zero_point", zero_point}}}},
          {"operations",
           {{{"name", "conv"}, {"nodes", nodes}, {"inputs", {"x", "w"}}, {"outputs", {"y"}}, {"requant", requant}}}}};
}

const std::vector<std::int32_t> kInputCodes = {10, 12, 14, 16, 18, 20, 22, 24, 26};

TEST(GoldenConv, HandWorkedAccumulatorsAndRequantization) {
  const models::Graph graph = small_conv_graph();
  // acc = 3 + sum (x - 10) * w: windows [0,2,6,8] -> 49, [2,4,8,10] -> 61, [6,8,12,14] -> 85,
  // [8,10,14,16] -> 97. Real: acc * 0.125 (e.g. 49 -> 6.125 = 0*.25 - 1*.5 + 3*.75 + 4*1 + .375).
  const GoldenProgram program = testing::lower_json_plan(graph, small_conv_plan("half_up", 32, -3));
  std::vector<std::int64_t> acc;
  conv_accumulate(std::get<ConvParams>(program.ops[0].params), kInputCodes, acc);
  EXPECT_EQ(acc, (std::vector<std::int64_t>{49, 61, 85, 97}));
  // Output grid 0.5: ratio 0.125 / 0.5 = 1/4 = 2^30 * 2^-32. 12.25, 15.25, 21.25, 24.25 -> 12, 15, 21, 24; -3.
  EXPECT_EQ(testing::run_codes(program, kInputCodes), (std::vector<std::int32_t>{9, 12, 18, 21}));
}

TEST(GoldenConv, TiesFollowThePlansRoundingMode) {
  const models::Graph graph = small_conv_graph();
  // Ratio 1/2 (shift 31): 24.5, 30.5, 42.5, 48.5 are exact ties.
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, small_conv_plan("half_up", 31, 0)), kInputCodes),
            (std::vector<std::int32_t>{25, 31, 43, 49}));
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, small_conv_plan("half_even", 31, 0)), kInputCodes),
            (std::vector<std::int32_t>{24, 30, 42, 48}));
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, small_conv_plan("floor", 31, 0)), kInputCodes),
            (std::vector<std::int32_t>{24, 30, 42, 48}));
}

TEST(GoldenConv, FusedReluAndLeakyReluClampInTheQuantizedDomain) {
  // Negated input: x codes mirrored around 10 give acc = 3 - (acc - 3): -43, -55, -79, -91.
  std::vector<std::int32_t> negated;
  for (std::int32_t c : kInputCodes) negated.push_back(20 - c);
  const models::Graph relu = small_conv_graph("Relu");
  // Relu: lower clamp = zero point 5; -43/4 = -10.75 -> -11 + 5 = -6 -> 5.
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(relu, small_conv_plan("half_up", 32, 5, "relu", true)), negated),
            (std::vector<std::int32_t>{5, 5, 5, 5}));
  const models::Graph leaky = small_conv_graph("LeakyRelu");
  // LeakyRelu alpha 1/8: acc * 2^-35: -43/32 = -1.34 -> -1; -55/32 = -1.72 -> -2; -79/32 = -2.47 -> -2;
  // -91/32 = -2.84 -> -3 (half_up); zero point 0.
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(leaky, small_conv_plan("half_up", 32, 0, "leaky_relu", true)),
                               negated),
            (std::vector<std::int32_t>{-1, -2, -2, -3}));
  // Positive accumulators take the positive multiplier: 12.25 -> 12 ...
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(leaky, small_conv_plan("half_up", 32, 0, "leaky_relu", true)),
                               kInputCodes),
            (std::vector<std::int32_t>{12, 15, 21, 24}));
}

TEST(GoldenConv, PlanMustFuseAsTheRulesDo) {
  const models::Graph relu = small_conv_graph("Relu");
  try {
    testing::lower_json_plan(relu, small_conv_plan("half_up", 32, 0, "relu", false));
    FAIL() << "a plan that leaves the Relu out of the conv was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("belongs to the conv operation of nodes [conv, act]"), std::string::npos)
        << error.what();
  }
}

// Random geometries: the exact-GEMM path equals the nested-loop reference, for 8-bit and
// 16-bit operands (the binary32 and binary64 GEMMs), groups, strides, dilations, padding.
TEST(GoldenConv, FastPathEqualsReferenceOnRandomGeometries) {
  const unsigned seed = 20261202;
  std::mt19937 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  for (int trial = 0; trial < 40; ++trial) {
    ConvParams p;
    auto& g = p.geometry;
    g.groups = std::uniform_int_distribution<int>(1, 3)(random);
    g.in_channels = g.groups * std::uniform_int_distribution<int>(1, 5)(random);
    g.out_channels = g.groups * std::uniform_int_distribution<int>(1, 4)(random);
    g.batch = std::uniform_int_distribution<int>(1, 2)(random);
    g.kernel_height = std::uniform_int_distribution<int>(1, 3)(random);
    g.kernel_width = std::uniform_int_distribution<int>(1, 3)(random);
    g.stride_height = std::uniform_int_distribution<int>(1, 2)(random);
    g.stride_width = std::uniform_int_distribution<int>(1, 2)(random);
    g.dilation_height = std::uniform_int_distribution<int>(1, 2)(random);
    g.pad_top = std::uniform_int_distribution<int>(0, 2)(random);
    g.pad_left = std::uniform_int_distribution<int>(0, 2)(random);
    g.in_height = std::uniform_int_distribution<int>(4, 9)(random);
    g.in_width = std::uniform_int_distribution<int>(4, 9)(random);
    g.out_height = (g.in_height + 2 * g.pad_top - (g.kernel_height - 1) * g.dilation_height - 1) / g.stride_height + 1;
    g.out_width = (g.in_width + 2 * g.pad_left - (g.kernel_width - 1) * g.dilation_width - 1) / g.stride_width + 1;
    const bool wide = trial % 2 == 1;  // 16-bit operands
    const int input_bound = wide ? 65535 : 255, weight_bound = wide ? 32767 : 127;
    p.input_zero_point = wide ? -7 : 3;
    p.input_bound = input_bound;
    p.weight_bound = weight_bound;
    std::uniform_int_distribution<int> weight(-weight_bound, weight_bound);
    p.weights.resize(static_cast<std::size_t>(g.out_channels * (g.in_channels / g.groups) * g.kernel_height * g.kernel_width));
    for (auto& w : p.weights) w = weight(random);
    p.weights[0] = weight_bound;  // the extremes occur
    for (std::int64_t m = 0; m < g.out_channels; ++m) p.bias.push_back(std::uniform_int_distribution<int>(-1000, 1000)(random));
    // Input codes so that |x - zero point| <= input_bound.
    std::uniform_int_distribution<int> code(p.input_zero_point - (wide ? 32768 : 127), p.input_zero_point + (wide ? 32767 : 128));
    std::vector<std::int32_t> input(static_cast<std::size_t>(g.batch * g.in_channels * g.in_height * g.in_width));
    for (auto& x : input) x = code(random);
    std::vector<std::int64_t> fast, reference;
    conv_accumulate(p, input, fast);
    conv_accumulate_reference(p, input, reference);
    ASSERT_EQ(fast, reference) << "trial " << trial;
  }
}

}  // namespace
}  // namespace npusim::golden
