// Shape and data-movement operators, attribute vs input forms across opsets, and the
// folding of the Shape/Gather/Unsqueeze/Concat chains exporters emit.
#include <gtest/gtest.h>

#include <cmath>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
using testing::run_single;

std::vector<float> ramp(int count) {
  std::vector<float> values(count);
  for (int i = 0; i < count; ++i) values[i] = static_cast<float>(i);
  return values;
}

// x: [batch, 2, 3] with a symbolic batch. Shape -> Gather(0) -> Unsqueeze -> Concat([b, -1])
// -> Reshape: only the Reshape survives import; with batch 2 the target is [2, 6].
TEST(ShapeOpsTest, ShapeChainIsFolded) {
  for (int opset : {11, 13}) {
    OnnxModelBuilder model(opset);
    model.input("x", {-1, 2, 3}).int_initializer("zero", {}, {0}).int_initializer("minus_one", {1}, {-1});
    model.node("Shape", {"x"}, {"shape"});
    model.node("Gather", {"shape", "zero"}, {"batch"}).attr("axis", 0);
    if (opset < 13) {
      model.node("Unsqueeze", {"batch"}, {"batch_1d"}).attr("axes", std::vector<std::int64_t>{0});
    } else {
      model.int_initializer("axes", {1}, {0});
      model.node("Unsqueeze", {"batch", "axes"}, {"batch_1d"});
    }
    model.node("Concat", {"batch_1d", "minus_one"}, {"target"}).attr("axis", 0);
    model.node("Reshape", {"x", "target"}, {"y"});
    model.output("y");
    ImportOptions options;
    options.dynamic_dim_value = 2;
    const Graph graph = model.import(options);
    ASSERT_EQ(graph.nodes.size(), 1u) << "opset " << opset;
    EXPECT_EQ(graph.nodes[0].op_type, "Reshape");
    EXPECT_EQ(graph.constants.at("target").int_data, (std::vector<std::int64_t>{2, -1}));
    const Tensor y = run_single(graph, Tensor::from_floats({2, 2, 3}, ramp(12)));
    EXPECT_EQ(y.shape, (Shape{2, 6}));
    EXPECT_EQ(y.data, ramp(12));
  }
}

// Reshape: 0 copies the input dimension, -1 is inferred: [2, 3, 4] with [0, -1] -> [2, 12].
TEST(ShapeOpsTest, ReshapeZeroAndMinusOne) {
  OnnxModelBuilder model(13);
  model.input("x", {2, 3, 4}).int_initializer("shape", {2}, {0, -1});
  model.node("Reshape", {"x", "shape"}, {"y"});
  model.output("y");
  EXPECT_EQ(model.import().value_info("y").shape, (Shape{2, 12}));
}

TEST(ShapeOpsTest, FlattenNegativeAxis) {
  OnnxModelBuilder model(13);
  model.input("x", {2, 3, 4, 5});
  model.node("Flatten", {"x"}, {"y"}).attr("axis", -1);
  model.output("y");
  EXPECT_EQ(model.import().value_info("y").shape, (Shape{24, 5}));
}

// Transpose perm [1, 0] of [[0,1,2],[3,4,5]] -> [[0,3],[1,4],[2,5]].
TEST(ShapeOpsTest, Transpose) {
  OnnxModelBuilder model(13);
  model.input("x", {2, 3});
  model.node("Transpose", {"x"}, {"y"}).attr("perm", std::vector<std::int64_t>{1, 0});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({2, 3}, ramp(6)));
  EXPECT_EQ(y.shape, (Shape{3, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{0, 3, 1, 4, 2, 5}));
}

// Slice with negative step and clamped ends (spec example "slice_neg_steps" style):
// x = 0..9, starts -1, ends -100 (clamped to -1), step -3 -> 9, 6, 3, 0.
TEST(ShapeOpsTest, SliceNegativeStepAndClamping) {
  OnnxModelBuilder model(13);
  model.input("x", {10}).int_initializer("starts", {1}, {-1}).int_initializer("ends", {1}, {-100})
      .int_initializer("axes", {1}, {0}).int_initializer("steps", {1}, {-3});
  model.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"});
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({10}, ramp(10))).data, (std::vector<float>{9, 6, 3, 0}));
}

// Slice with INT64_MAX end on axis 1 of [2, 4]: columns 1.. -> [[1,2,3],[5,6,7]].
TEST(ShapeOpsTest, SliceHugeEnd) {
  OnnxModelBuilder model(13);
  model.input("x", {2, 4}).int_initializer("starts", {1}, {1})
      .int_initializer("ends", {1}, {std::numeric_limits<std::int64_t>::max()}).int_initializer("axes", {1}, {1});
  model.node("Slice", {"x", "starts", "ends", "axes"}, {"y"});
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({2, 4}, ramp(8))).data, (std::vector<float>{1, 2, 3, 5, 6, 7}));
}

// Split: attribute form (opset 11) and input form (opset 13) into [1, 2] along axis 1.
TEST(ShapeOpsTest, SplitAttributeAndInputForms) {
  for (int opset : {11, 13}) {
    OnnxModelBuilder model(opset);
    model.input("x", {2, 3});
    if (opset < 13) {
      model.node("Split", {"x"}, {"a", "b"}).attr("axis", 1).attr("split", std::vector<std::int64_t>{1, 2});
    } else {
      model.int_initializer("split", {2}, {1, 2});
      model.node("Split", {"x", "split"}, {"a", "b"}).attr("axis", 1);
    }
    model.output("a").output("b");
    const std::vector<Tensor> out = run(model.import(), {Tensor::from_floats({2, 3}, ramp(6))});
    EXPECT_EQ(out[0].data, (std::vector<float>{0, 3})) << opset;
    EXPECT_EQ(out[1].data, (std::vector<float>{1, 2, 4, 5})) << opset;
  }
}

TEST(ShapeOpsTest, SqueezeAttributeAndInputForms) {
  for (int opset : {11, 13}) {
    OnnxModelBuilder model(opset);
    model.input("x", {1, 3, 1, 2});
    if (opset < 13) {
      model.node("Squeeze", {"x"}, {"y"}).attr("axes", std::vector<std::int64_t>{-2});
    } else {
      model.int_initializer("axes", {1}, {-2});
      model.node("Squeeze", {"x", "axes"}, {"y"});
    }
    model.output("y");
    EXPECT_EQ(model.import().value_info("y").shape, (Shape{1, 3, 2})) << opset;
  }
}

// Unsqueeze axes refer to the output: [3] with axes [0, 2] -> [1, 3, 1].
TEST(ShapeOpsTest, UnsqueezeAxesIndexTheOutput) {
  OnnxModelBuilder model(13);
  model.input("x", {3}).int_initializer("axes", {2}, {0, 2});
  model.node("Unsqueeze", {"x", "axes"}, {"y"});
  model.output("y");
  EXPECT_EQ(model.import().value_info("y").shape, (Shape{1, 3, 1}));
}

TEST(ShapeOpsTest, ConcatChannels) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 2}).initializer("c", {1, 2, 2}, {7, 8, 9, 10});
  model.node("Concat", {"x", "c"}, {"y"}).attr("axis", 1);
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({1, 1, 2}, {1, 2})).data,
            (std::vector<float>{1, 2, 7, 8, 9, 10}));
}

// Pad modes on [1, 2, 3] with 2 before and 1 after on the last axis:
// constant (value 9) -> 9 9 1 2 3 9; edge -> 1 1 1 2 3 3; reflect -> 3 2 1 2 3 2.
TEST(ShapeOpsTest, PadModes) {
  const std::vector<std::pair<std::string, std::vector<float>>> cases = {
      {"constant", {9, 9, 1, 2, 3, 9}}, {"edge", {1, 1, 1, 2, 3, 3}}, {"reflect", {3, 2, 1, 2, 3, 2}}};
  for (const auto& [mode, expected] : cases) {
    OnnxModelBuilder model(13);
    model.input("x", {1, 3}).int_initializer("pads", {4}, {0, 2, 0, 1}).initializer("value", {}, {9});
    model.node("Pad", {"x", "pads", "value"}, {"y"}).attr("mode", mode);
    model.output("y");
    EXPECT_EQ(run_single(model.import(), Tensor::from_floats({1, 3}, {1, 2, 3})).data, expected) << mode;
  }
}

// Pad before opset 11 takes pads and value as attributes.
TEST(ShapeOpsTest, PadAttributeForm) {
  OnnxModelBuilder model(9);
  model.input("x", {2});
  model.node("Pad", {"x"}, {"y"}).attr("pads", std::vector<std::int64_t>{1, 0}).attr("value", 5.0f);
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({2}, {1, 2})).data, (std::vector<float>{5, 1, 2}));
}

// Constant node, Identity, Cast of a folded shape to float.
TEST(ShapeOpsTest, ConstantIdentityCast) {
  OnnxModelBuilder model(13);
  model.input("x", {2, 3});
  model.node("Constant", {}, {"k"}).attr("value", OnnxModelBuilder::float_tensor("k", {1}, {10}));
  model.node("Shape", {"x"}, {"s"});
  model.node("Cast", {"s"}, {"sf"}).attr("to", 1);
  model.node("Identity", {"sf"}, {"si"});
  model.node("Mul", {"si", "k"}, {"y"});
  model.output("y");
  const Graph graph = model.import();
  EXPECT_TRUE(graph.nodes.empty());  // everything depends on shapes and constants only
  EXPECT_EQ(run_single(graph, Tensor::zeros({2, 3})).data, (std::vector<float>{20, 30}));
}

}  // namespace
}  // namespace npusim::models

namespace npusim::models {
namespace {

// Cast to float16 rounds to half precision (ties to even) and overflows to inf:
// 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 -> 1 (even); 1 + 3 * 2^-11 lies halfway
// between 1 + 2^-10 and 1 + 2^-9 -> 1 + 2^-9 (even); 70000 > 65504 (+ half an ulp) -> inf.
TEST(ShapeOpsTest, CastToFloat16RoundsToHalfPrecision) {
  testing::OnnxModelBuilder model(13);
  model.input("x", {3});
  model.node("Cast", {"x"}, {"y"}).attr("to", 10);
  model.output("y");
  const Tensor y = testing::run_single(
      model.import(), Tensor::from_floats({3}, {1.0f + 0.00048828125f, 1.0f + 3 * 0.00048828125f, 70000.0f}));
  EXPECT_EQ(y.data[0], 1.0f);
  EXPECT_EQ(y.data[1], 1.0f + 0.001953125f);
  EXPECT_TRUE(std::isinf(y.data[2]));
}

}  // namespace
}  // namespace npusim::models
