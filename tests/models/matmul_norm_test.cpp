// MatMul, Gemm, BatchNormalization, LayerNormalization (native and the decomposed pattern),
// Softmax axis semantics across opsets.
#include <gtest/gtest.h>

#include <cmath>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
using testing::run_single;

// [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]; batch broadcast of B over 2 batches.
TEST(MatMulTest, BatchedWithBroadcast) {
  OnnxModelBuilder model(13);
  model.input("a", {2, 2, 2}).initializer("b", {2, 2}, {5, 6, 7, 8});
  model.node("MatMul", {"a", "b"}, {"y"});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({2, 2, 2}, {1, 2, 3, 4, 1, 0, 0, 1}));
  EXPECT_EQ(y.shape, (Shape{2, 2, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{19, 22, 43, 50, 5, 6, 7, 8}));
}

// A 1-D second operand is a column vector that disappears from the result: [2,3] x [3] -> [2].
TEST(MatMulTest, VectorOperand) {
  OnnxModelBuilder model(13);
  model.input("a", {2, 3}).initializer("v", {3}, {1, 0, -1});
  model.node("MatMul", {"a", "v"}, {"y"});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({2, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(y.shape, (Shape{2}));
  EXPECT_EQ(y.data, (std::vector<float>{-2, -2}));
}

// Gemm with transB, alpha, beta and a row bias: y = 2 * A B^T + 0.5 * C.
// A = [[1,2]], B = [[1,1],[0,1],[2,0]] -> A B^T = [[3, 2, 2]] -> x2 = [6,4,4]; + 0.5*[2,4,6] = [7,6,7].
TEST(MatMulTest, GemmTransBAlphaBeta) {
  OnnxModelBuilder model(13);
  model.input("a", {1, 2}).initializer("b", {3, 2}, {1, 1, 0, 1, 2, 0}).initializer("c", {3}, {2, 4, 6});
  model.node("Gemm", {"a", "b", "c"}, {"y"}).attr("transB", 1).attr("alpha", 2.0f).attr("beta", 0.5f);
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({1, 2}, {1, 2})).data, (std::vector<float>{7, 6, 7}));
}

// BatchNormalization: y = (x - mean) / sqrt(var + eps) * scale + bias. With var = 4 - eps
// the denominator is exactly 2: channel 0 (x=5, mean 1, scale 3, bias 1) -> (4/2)*3+1 = 7.
TEST(NormalizationTest, BatchNormalization) {
  const float eps = 1e-5f;
  OnnxModelBuilder model(13);
  model.input("x", {1, 2, 1, 1}).initializer("s", {2}, {3, 1}).initializer("b", {2}, {1, 0})
      .initializer("m", {2}, {1, 0}).initializer("v", {2}, {4 - eps, 1 - eps});
  model.node("BatchNormalization", {"x", "s", "b", "m", "v"}, {"y"}).attr("epsilon", eps);
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 2, 1, 1}, {5, -2}));
  EXPECT_NEAR(y.data[0], 7.0f, 1e-5);
  EXPECT_NEAR(y.data[1], -2.0f, 1e-5);
}

// LayerNormalization over the last axis of [1, 4]: x = [1,2,3,4], mean 2.5, variance 1.25.
// (x - 2.5) / sqrt(1.25) = [-1.3416408, -0.4472136, 0.4472136, 1.3416408] (eps 0 for exactness).
const std::vector<float> kLayerNormExpected = {-1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f};

TEST(NormalizationTest, LayerNormalizationOpset17) {
  OnnxModelBuilder model(17);
  model.input("x", {1, 4}).initializer("scale", {4}, {1, 1, 1, 1}).initializer("bias", {4}, {0, 0, 0, 0});
  model.node("LayerNormalization", {"x", "scale", "bias"}, {"y"}).attr("epsilon", 0.0f);
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 4}, {1, 2, 3, 4}));
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(y.data[i], kLayerNormExpected[i], 1e-6);
}

// The decomposition older exporters emit: ReduceMean, Sub, Pow 2, ReduceMean, Add eps, Sqrt, Div.
TEST(NormalizationTest, DecomposedLayerNormPattern) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 4}).initializer("two", {}, {2}).initializer("eps", {}, {0});
  model.node("ReduceMean", {"x"}, {"mean"}).attr("axes", std::vector<std::int64_t>{-1});
  model.node("Sub", {"x", "mean"}, {"centered"});
  model.node("Pow", {"centered", "two"}, {"square"});
  model.node("ReduceMean", {"square"}, {"variance"}).attr("axes", std::vector<std::int64_t>{-1});
  model.node("Add", {"variance", "eps"}, {"shifted"});
  model.node("Sqrt", {"shifted"}, {"std"});
  model.node("Div", {"centered", "std"}, {"y"});
  model.output("y");
  const Graph graph = model.import();
  EXPECT_EQ(graph.value_info("mean").shape, (Shape{1, 1}));
  const Tensor y = run_single(graph, Tensor::from_floats({1, 4}, {1, 2, 3, 4}));
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(y.data[i], kLayerNormExpected[i], 1e-6);
}

// Softmax on [1, 2, 2] with axis 1: opset 11 flattens to [1, 4] (softmax over all four),
// opset 13 normalises along axis 1 only (pairs x[0][0][j], x[0][1][j]).
// x = ln([1, 1, 3, 1]): opset 11 -> [1,1,3,1]/6; opset 13 -> column 0: (1,3)/4, column 1: (1,1)/2.
TEST(NormalizationTest, SoftmaxAxisSemanticsAcrossOpsets) {
  const std::vector<float> x = {0.0f, 0.0f, std::log(3.0f), 0.0f};
  for (int opset : {11, 13}) {
    OnnxModelBuilder model(opset);
    model.input("x", {1, 2, 2});
    model.node("Softmax", {"x"}, {"y"}).attr("axis", 1);
    model.output("y");
    const Tensor y = run_single(model.import(), Tensor::from_floats({1, 2, 2}, x));
    const std::vector<float> expected = opset == 11 ? std::vector<float>{1 / 6.0f, 1 / 6.0f, 3 / 6.0f, 1 / 6.0f}
                                                    : std::vector<float>{0.25f, 0.5f, 0.75f, 0.5f};
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(y.data[i], expected[i], 1e-6) << "opset " << opset << " at " << i;
  }
}

// Default axes differ too: opset 11 default axis 1 (flatten [2, 2] -> rows), opset 13 default -1.
// On a 2-D tensor both normalise rows, so a row [0, ln 3] gives [1/4, 3/4] in both.
TEST(NormalizationTest, SoftmaxDefaultAxis) {
  for (int opset : {11, 13}) {
    OnnxModelBuilder model(opset);
    model.input("x", {2, 2});
    model.node("Softmax", {"x"}, {"y"});
    model.output("y");
    const Tensor y = run_single(model.import(), Tensor::from_floats({2, 2}, {0, std::log(3.0f), 0, 0}));
    EXPECT_NEAR(y.data[0], 0.25f, 1e-6);
    EXPECT_NEAR(y.data[1], 0.75f, 1e-6);
    EXPECT_NEAR(y.data[2], 0.5f, 1e-6);
  }
}

}  // namespace
}  // namespace npusim::models
