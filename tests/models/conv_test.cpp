// Conv and ConvTranspose against hand-worked values and the ONNX spec examples, and the
// oneDNN path against the nested-loop reference on random shapes.
#include <gtest/gtest.h>

#include <random>

#include "models/executor/float_executor.h"
#include "models/executor/kernels/conv.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
using testing::run_single;

std::vector<float> iota_floats(int count, float start = 0.0f) {
  std::vector<float> values(count);
  for (int i = 0; i < count; ++i) values[i] = start + static_cast<float>(i);
  return values;
}

// ONNX spec Conv example "conv_with_padding": x = 0..24 as 5x5, W = ones 3x3, pads 1.
TEST(ConvTest, SpecExampleWithPadding) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 5, 5}).initializer("W", {1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  model.node("Conv", {"x", "W"}, {"y"}).attr("kernel_shape", std::vector<std::int64_t>{3, 3})
      .attr("pads", std::vector<std::int64_t>{1, 1, 1, 1});
  model.output("y");
  const Graph graph = model.import();
  ASSERT_EQ(graph.value_info("y").shape, (Shape{1, 1, 5, 5}));
  const Tensor y = run_single(graph, Tensor::from_floats({1, 1, 5, 5}, iota_floats(25)));
  const std::vector<float> expected = {12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108,
                                       117, 81, 93, 144, 153, 162, 111, 72, 111, 117, 123, 84};
  EXPECT_EQ(y.data, expected);
}

// ONNX spec example "conv_with_strides_and_asymmetric_padding": stride 2, pads [1,0,1,0].
TEST(ConvTest, SpecExampleStridesAsymmetricPadding) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 7, 5}).initializer("W", {1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  model.node("Conv", {"x", "W"}, {"y"}).attr("strides", std::vector<std::int64_t>{2, 2})
      .attr("pads", std::vector<std::int64_t>{1, 0, 1, 0});
  model.output("y");
  const Graph graph = model.import();
  ASSERT_EQ(graph.value_info("y").shape, (Shape{1, 1, 4, 2}));
  const Tensor y = run_single(graph, Tensor::from_floats({1, 1, 7, 5}, iota_floats(35)));
  EXPECT_EQ(y.data, (std::vector<float>{21, 33, 99, 117, 189, 207, 171, 183}));
}

// Depthwise (group = channels) with a bias: channel 0 x=[1,2;3,4] w=[[1,0],[0,1]] -> 1+4 = 5,
// +bias 0.5 = 5.5; channel 1 x=[5,6;7,8] w=[[0,1],[1,0]] -> 6+7 = 13, +bias -1 = 12.
TEST(ConvTest, DepthwiseWithBias) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 2, 2, 2}).initializer("W", {2, 1, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0})
      .initializer("B", {2}, {0.5f, -1.0f});
  model.node("Conv", {"x", "W", "B"}, {"y"}).attr("group", 2);
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(y.shape, (Shape{1, 2, 1, 1}));
  EXPECT_EQ(y.data, (std::vector<float>{5.5f, 12.0f}));
}

// Dilation 2 on a 5x5 ramp with a 2x2 ones kernel: y[0][0] = x[0][0]+x[0][2]+x[2][0]+x[2][2]
// = 0+2+10+12 = 24; each step right adds 4 (four taps, +1 each), each step down adds 20.
TEST(ConvTest, Dilation) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 5, 5}).initializer("W", {1, 1, 2, 2}, {1, 1, 1, 1});
  model.node("Conv", {"x", "W"}, {"y"}).attr("dilations", std::vector<std::int64_t>{2, 2});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 5, 5}, iota_floats(25)));
  EXPECT_EQ(y.shape, (Shape{1, 1, 3, 3}));
  EXPECT_EQ(y.data, (std::vector<float>{24, 28, 32, 44, 48, 52, 64, 68, 72}));
}

// auto_pad SAME_UPPER vs SAME_LOWER, input 4 wide, kernel 2, stride 1: total pad 1. UPPER pads
// the end (y = x0+x1, x1+x2, x2+x3, x3+0), LOWER pads the beginning (0+x0, x0+x1, ...).
TEST(ConvTest, AutoPadSameUpperAndLower) {
  for (const char* mode : {"SAME_UPPER", "SAME_LOWER"}) {
    OnnxModelBuilder model(13);
    model.input("x", {1, 1, 1, 4}).initializer("W", {1, 1, 1, 2}, {1, 1});
    model.node("Conv", {"x", "W"}, {"y"}).attr("auto_pad", mode);
    model.output("y");
    const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 1, 4}, {1, 10, 100, 1000}));
    const std::vector<float> expected = std::string(mode) == "SAME_UPPER" ? std::vector<float>{11, 110, 1100, 1000}
                                                                          : std::vector<float>{1, 11, 110, 1100};
    EXPECT_EQ(y.data, expected) << mode;
  }
}

// ONNX spec ConvTranspose example "convtranspose": x = 0..8 as 3x3, W = ones [1, 2, 3, 3].
TEST(ConvTest, ConvTransposeSpecExample) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 3, 3}).initializer("W", {1, 2, 3, 3}, std::vector<float>(18, 1.0f));
  model.node("ConvTranspose", {"x", "W"}, {"y"});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 3, 3}, iota_floats(9)));
  ASSERT_EQ(y.shape, (Shape{1, 2, 5, 5}));
  const std::vector<float> channel = {0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36,
                                      27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8};
  EXPECT_EQ(std::vector<float>(y.data.begin(), y.data.begin() + 25), channel);
  EXPECT_EQ(std::vector<float>(y.data.begin() + 25, y.data.end()), channel);
}

// Stride 2, output_padding 1 (the spec's "convtranspose_pad" shape rule):
// out = 2 * (3 - 1) + 1 + 3 - 0 = 8 wide; oneDNN cannot express it, the reference runs.
TEST(ConvTest, ConvTransposeOutputPaddingShape) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 3, 3}).initializer("W", {1, 2, 3, 3}, std::vector<float>(18, 1.0f));
  model.node("ConvTranspose", {"x", "W"}, {"y"}).attr("strides", std::vector<std::int64_t>{3, 2})
      .attr("output_padding", std::vector<std::int64_t>{1, 1});
  model.output("y");
  const Graph graph = model.import();
  // height: 3 * 2 + 1 + 3 = 10, width: 2 * 2 + 1 + 3 = 8 (spec example output 10 x 8)
  EXPECT_EQ(graph.value_info("y").shape, (Shape{1, 2, 10, 8}));
  const Tensor y = run_single(graph, Tensor::from_floats({1, 1, 3, 3}, iota_floats(9)));
  // Spec expected first row: [0, 0, 1, 1, 3, 2, 2, 0]; the last row (output padding) is zeros.
  EXPECT_EQ(std::vector<float>(y.data.begin(), y.data.begin() + 8), (std::vector<float>{0, 0, 1, 1, 3, 2, 2, 0}));
  EXPECT_EQ(std::vector<float>(y.data.begin() + 72, y.data.begin() + 80), std::vector<float>(8, 0.0f));
}

// The oneDNN path against the nested-loop reference on random geometries (seed logged).
TEST(ConvTest, OneDnnMatchesReferenceOnRandomGeometries) {
  const unsigned seed = 20261124;
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (int trial = 0; trial < 40; ++trial) {
    kernels::ConvGeometry g;
    g.transposed = trial % 4 == 3;
    g.batch = 1 + trial % 2;
    g.groups = (trial % 3 == 0) ? 2 : 1;
    g.in_channels = g.groups * (1 + random() % 4);
    g.out_channels = g.groups * (1 + random() % 4);
    g.in_height = 3 + random() % 6;
    g.in_width = 3 + random() % 6;
    g.kernel_height = 1 + random() % 3;
    g.kernel_width = 1 + random() % 3;
    g.stride_height = 1 + random() % 2;
    g.stride_width = 1 + random() % 2;
    g.dilation_height = 1 + random() % 2;
    g.dilation_width = 1;
    g.pad_top = random() % 2; g.pad_bottom = random() % 2; g.pad_left = random() % 2; g.pad_right = random() % 2;
    const auto span = [](std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t d, std::int64_t p) {
      return (in + p - ((k - 1) * d + 1)) / s + 1;
    };
    if (g.transposed) {
      g.out_height = g.stride_height * (g.in_height - 1) + (g.kernel_height - 1) * g.dilation_height + 1 - g.pad_top - g.pad_bottom;
      g.out_width = g.stride_width * (g.in_width - 1) + (g.kernel_width - 1) * g.dilation_width + 1 - g.pad_left - g.pad_right;
    } else {
      g.out_height = span(g.in_height, g.kernel_height, g.stride_height, g.dilation_height, g.pad_top + g.pad_bottom);
      g.out_width = span(g.in_width, g.kernel_width, g.stride_width, g.dilation_width, g.pad_left + g.pad_right);
    }
    std::vector<float> input(g.batch * g.in_channels * g.in_height * g.in_width);
    std::vector<float> weights(g.in_channels * g.out_channels / g.groups * g.kernel_height * g.kernel_width);
    std::vector<float> bias(g.out_channels);
    for (float& x : input) x = value(random);
    for (float& x : weights) x = value(random);
    for (float& x : bias) x = value(random);
    const std::size_t out_count = g.batch * g.out_channels * g.out_height * g.out_width;
    std::vector<float> expected(out_count), actual(out_count);
    kernels::conv_reference(g, input.data(), weights.data(), bias.data(), expected.data());
    KernelState state;
    ASSERT_TRUE(kernels::conv_onednn(g, input.data(), weights.data(), bias.data(), actual.data(), state))
        << "trial " << trial << " seed " << seed;
    for (std::size_t i = 0; i < out_count; ++i) {
      ASSERT_NEAR(actual[i], expected[i], 1e-5f * (1.0f + std::fabs(expected[i]))) << "trial " << trial << " seed " << seed;
    }
  }
}

}  // namespace
}  // namespace npusim::models
