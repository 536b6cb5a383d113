// npusim info's facts on a hand-built model, every number worked out by hand below.
#include <gtest/gtest.h>

#include "models/info/model_info.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;

// x [1,2,4,4] -> Conv (W [4,1,3,3], group 2, B [4], pads 1) -> BN (4 x [4]) -> LeakyRelu
// -> ConvTranspose (W [4,2,2,2], stride 2) -> y [1,2,8,8].
Graph build() {
  OnnxModelBuilder model(13);
  model.input("x", {1, 2, 4, 4})
      .initializer("W", {4, 1, 3, 3}, std::vector<float>(36, 0.1f))
      .initializer("B", {4}, std::vector<float>(4, 0.0f))
      .initializer("s", {4}, std::vector<float>(4, 1.0f)).initializer("b", {4}, std::vector<float>(4, 0.0f))
      .initializer("m", {4}, std::vector<float>(4, 0.0f)).initializer("v", {4}, std::vector<float>(4, 1.0f))
      .initializer("T", {4, 2, 2, 2}, std::vector<float>(32, 0.5f));
  model.node("Conv", {"x", "W", "B"}, {"c"}, "conv").attr("group", 2)
      .attr("pads", std::vector<std::int64_t>{1, 1, 1, 1});
  model.node("BatchNormalization", {"c", "s", "b", "m", "v"}, {"n"}, "bn");
  model.node("LeakyRelu", {"n"}, {"l"}, "lrelu").attr("alpha", 0.1f);
  model.node("ConvTranspose", {"l", "T"}, {"y"}, "up").attr("strides", std::vector<std::int64_t>{2, 2});
  model.output("y");
  return model.import();
}

TEST(ModelInfoTest, HandWorkedFacts) {
  const ModelFacts facts = compute_model_facts(build());
  // parameters: 36 + 4 (conv) + 16 (BN) + 32 (ConvTranspose) = 88
  EXPECT_EQ(facts.parameters, 88);
  ASSERT_EQ(facts.layers.size(), 4u);
  // Conv: 4*4*4 = 64 outputs x (C/group = 1) x 9 taps = 576
  EXPECT_EQ(facts.layers[0].macs, 576);
  // ConvTranspose: 64 inputs x (M/group = 2) x 4 taps = 512
  EXPECT_EQ(facts.layers[3].macs, 512);
  EXPECT_EQ(facts.total_macs, 1088);
  EXPECT_EQ(facts.sizes.fp32_bytes, 352);
  EXPECT_EQ(facts.sizes.fp16_bytes, 176);
  // int8: conv W 36 + 4 scales x 4 = 52; bias 16; BN 64; ConvTranspose W 32 + 2 scales x 4 = 40
  EXPECT_EQ(facts.sizes.int8_bytes, 172);
  // full integer: 52 + bias int32 16 + BN folded 0 + 40, plus 5 activations x 8 = 148
  EXPECT_EQ(facts.sizes.full_integer_bytes, 148);
  // live bytes: x 128 + c 256 = 384; n 256 (x gone) -> 512; l -> 512; y 512 + l 256 = 768
  EXPECT_EQ(facts.peak_activation_bytes_fp32, 768);
  EXPECT_EQ(facts.peak_activation_after_node, "up");
  ASSERT_EQ(facts.anomalies.size(), 1u);
  EXPECT_EQ(facts.anomalies[0].kind, "leaky_relu_lowering");
  EXPECT_EQ(facts.anomalies[0].node, "lrelu");
  EXPECT_EQ(facts.anomalies[0].extra_bytes, 64);  // one INT8 byte per activation element
  const nlohmann::json json = model_facts_to_json(facts);
  EXPECT_EQ(json["model_size_bytes"]["full_integer"], 148);
  EXPECT_EQ(json["layers"][0]["op_type"], "Conv");
}

}  // namespace
}  // namespace npusim::models
