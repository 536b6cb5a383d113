// Element-wise operators: activations and broadcasting arithmetic, hand-worked values.
#include <gtest/gtest.h>

#include <cmath>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
using testing::run_single;

Tensor run_unary(const std::string& op, const std::vector<float>& x, int opset = 13,
                 const std::function<void(OnnxModelBuilder&)>& attributes = {}) {
  OnnxModelBuilder model(opset);
  model.input("x", {static_cast<std::int64_t>(x.size())});
  model.node(op, {"x"}, {"y"});
  if (attributes) attributes(model);
  model.output("y");
  return run_single(model.import(), Tensor::from_floats({static_cast<std::int64_t>(x.size())}, x));
}

TEST(ElementwiseTest, Activations) {
  EXPECT_EQ(run_unary("Relu", {-2, 0, 3}).data, (std::vector<float>{0, 0, 3}));
  // default alpha 0.01: -2 -> -0.02
  EXPECT_EQ(run_unary("LeakyRelu", {-2, 0, 3}).data, (std::vector<float>{-0.02f, 0, 3}));
  EXPECT_EQ(run_unary("LeakyRelu", {-2, 4}, 13, [](OnnxModelBuilder& m) { m.attr("alpha", 0.5f); }).data,
            (std::vector<float>{-1, 4}));
  // sigmoid(0) = 1/2; sigmoid(ln 3) = 3/4; sigmoid(-ln 3) = 1/4; no overflow at -100
  const Tensor sigmoid = run_unary("Sigmoid", {0, std::log(3.0f), -std::log(3.0f), -100, 100});
  EXPECT_FLOAT_EQ(sigmoid.data[0], 0.5f);
  EXPECT_FLOAT_EQ(sigmoid.data[1], 0.75f);
  EXPECT_FLOAT_EQ(sigmoid.data[2], 0.25f);
  EXPECT_GE(sigmoid.data[3], 0.0f);
  EXPECT_FLOAT_EQ(sigmoid.data[4], 1.0f);
  // tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6
  EXPECT_FLOAT_EQ(run_unary("Tanh", {std::log(2.0f)}).data[0], 0.6f);
  // erf(0) = 0, erf is odd; erf(inf) = 1
  const Tensor erf = run_unary("Erf", {0, 0.5f, -0.5f});
  EXPECT_EQ(erf.data[0], 0.0f);
  EXPECT_FLOAT_EQ(erf.data[1], -erf.data[2]);
  EXPECT_NEAR(erf.data[1], 0.5204999f, 1e-6);  // tabulated erf(0.5) = 0.520499877...
}

// Clip takes attributes before opset 11 and optional inputs from 11 on.
TEST(ElementwiseTest, ClipAttributeAndInputForms) {
  const std::vector<float> x = {-5, -1, 0.5f, 2, 9};
  EXPECT_EQ(run_unary("Clip", x, 10, [](OnnxModelBuilder& m) { m.attr("min", -1.0f).attr("max", 2.0f); }).data,
            (std::vector<float>{-1, -1, 0.5f, 2, 2}));
  OnnxModelBuilder model(13);
  model.input("x", {5}).initializer("lo", {}, {0.0f}).initializer("hi", {}, {6.0f});
  model.node("Clip", {"x", "lo", "hi"}, {"y"});
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({5}, x)).data, (std::vector<float>{0, 0, 0.5f, 2, 6}));
  // Only a max: min input omitted by name "".
  OnnxModelBuilder upper(13);
  upper.input("x", {5}).initializer("hi", {}, {1.0f});
  upper.node("Clip", {"x", "", "hi"}, {"y"});
  upper.output("y");
  EXPECT_EQ(run_single(upper.import(), Tensor::from_floats({5}, x)).data, (std::vector<float>{-5, -1, 0.5f, 1, 1}));
}

// Numpy broadcasting: [2, 3] with [3] (row vector), [2, 1] (column) and a scalar.
TEST(ElementwiseTest, BroadcastingArithmetic) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6};  // [[1,2,3],[4,5,6]]
  struct Case {
    const char* op;
    Shape b_shape;
    std::vector<float> b;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {"Add", {3}, {10, 20, 30}, {11, 22, 33, 14, 25, 36}},
      {"Sub", {2, 1}, {1, 2}, {0, 1, 2, 2, 3, 4}},
      {"Mul", {}, {2}, {2, 4, 6, 8, 10, 12}},
      {"Div", {1, 3}, {1, 2, 4}, {1, 1, 0.75f, 4, 2.5f, 1.5f}},
  };
  for (const Case& c : cases) {
    OnnxModelBuilder model(13);
    model.input("a", {2, 3}).initializer("b", c.b_shape, c.b);
    model.node(c.op, {"a", "b"}, {"y"});
    model.output("y");
    const Graph graph = model.import();
    EXPECT_EQ(graph.value_info("y").shape, (Shape{2, 3})) << c.op;
    EXPECT_EQ(run_single(graph, Tensor::from_floats({2, 3}, a)).data, c.expected) << c.op;
  }
}

// Both operands broadcast: [2, 1] + [1, 3] -> [2, 3].
TEST(ElementwiseTest, TwoSidedBroadcast) {
  OnnxModelBuilder model(13);
  model.input("a", {2, 1}).initializer("b", {1, 3}, {10, 20, 30});
  model.node("Add", {"a", "b"}, {"y"});
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({2, 1}, {1, 2})).data,
            (std::vector<float>{11, 21, 31, 12, 22, 32}));
}

TEST(ElementwiseTest, IncompatibleShapesAreRejectedAtImport) {
  OnnxModelBuilder model(13);
  model.input("a", {2, 3}).initializer("b", {2}, {1, 2});
  model.node("Add", {"a", "b"}, {"y"}, "bad_add");
  model.output("y");
  try {
    model.import();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("bad_add"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("cannot be broadcast"), std::string::npos) << error.what();
  }
}

// GELU as exporters write it: 0.5 * x * (1 + erf(x / sqrt(2))). At x = 0 it is 0; it is
// x * Phi(x), so gelu(1) = Phi(1) = 0.841344746 and gelu(-1) = -(1 - Phi(1)) = -0.158655254.
TEST(ElementwiseTest, ErfGeluPattern) {
  OnnxModelBuilder model(13);
  model.input("x", {3}).initializer("sqrt2", {}, {1.41421356f}).initializer("one", {}, {1.0f})
      .initializer("half", {}, {0.5f});
  model.node("Div", {"x", "sqrt2"}, {"d"}).node("Erf", {"d"}, {"e"}).node("Add", {"e", "one"}, {"s"})
      .node("Mul", {"x", "s"}, {"m"}).node("Mul", {"m", "half"}, {"y"});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({3}, {0, 1, -1}));
  EXPECT_EQ(y.data[0], 0.0f);
  EXPECT_NEAR(y.data[1], 0.841344746f, 1e-6);
  EXPECT_NEAR(y.data[2], -0.158655254f, 1e-6);
}

}  // namespace
}  // namespace npusim::models
