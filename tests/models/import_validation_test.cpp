// Validation at import against the ONNX operator specification: every node's input types and
// attributes are checked before any shape arithmetic; integer ops keep ONNX semantics on
// overflow; sizes never wrap; tensors obey the memory budget. Messages name file, node, input
// or attribute.
#include <gtest/gtest.h>

#include <limits>

#include "quant/io/memory_budget.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::string import_error(OnnxModelBuilder& model) {
  try {
    model.import();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

void expect_mentions(const std::string& message, const std::vector<std::string>& parts) {
  ASSERT_FALSE(message.empty()) << "the model was accepted";
  for (const std::string& part : parts) EXPECT_NE(message.find(part), std::string::npos) << part << " in: " << message;
}

// a <op> b folded at import (both constant); returns the folded int64 output.
std::vector<std::int64_t> fold_int_binary(const std::string& op, const std::vector<std::int64_t>& a,
                                          const std::vector<std::int64_t>& b) {
  OnnxModelBuilder model(13);
  model.input("x", {1});
  model.int_initializer("a", {static_cast<std::int64_t>(a.size())}, a);
  model.int_initializer("b", {static_cast<std::int64_t>(b.size())}, b);
  model.node(op, {"a", "b"}, {"c"}, "int_op");
  model.node("Identity", {"x"}, {"y"});
  model.output("y").output("c");
  const Graph graph = model.import();
  return graph.constants.at("c").int_data;
}

TEST(IntegerSemanticsTest, DivAndModOfInt64MinByMinusOneWrapLikeOnnxRuntime) {
  // Two's complement: INT64_MIN / -1 overflows to INT64_MIN (numpy and ONNX Runtime agree);
  // x % -1 is 0 for every x. In C++ both would trap (SIGFPE).
  EXPECT_EQ(fold_int_binary("Div", {kMin, 7, -7}, {-1, -1, 2}), (std::vector<std::int64_t>{kMin, -7, -3}));
  EXPECT_EQ(fold_int_binary("Mod", {kMin, 7, -7}, {-1, -1, 3}), (std::vector<std::int64_t>{0, 0, 2}));
  EXPECT_EQ(fold_int_binary("Add", {kMax}, {1}), (std::vector<std::int64_t>{kMin}));
  EXPECT_EQ(fold_int_binary("Mul", {kMin}, {-1}), (std::vector<std::int64_t>{kMin}));
}

TEST(IntegerSemanticsTest, DivisionByZeroNamesTheNode) {
  OnnxModelBuilder model(13);
  model.input("x", {1});
  model.int_initializer("a", {2}, {7, 8});
  model.int_initializer("b", {2}, {1, 0});
  model.node("Div", {"a", "b"}, {"c"}, "divide_by_zero");
  model.output("c");
  expect_mentions(import_error(model), {"test.onnx", "divide_by_zero", "by zero", "'b'"});
}

TEST(IntegerSemanticsTest, RangeCountIsExactInInt64) {
  // ceil((10 - 0) / 3) = 4 values; ceil((INT64_MAX - INT64_MIN) / 2^62) = 4 values.
  OnnxModelBuilder model(13);
  model.input("x", {1});
  model.int_initializer("s", {}, {0}).int_initializer("l", {}, {10}).int_initializer("d", {}, {3});
  model.int_initializer("s2", {}, {kMin}).int_initializer("l2", {}, {kMax}).int_initializer("d2", {}, {1ll << 62});
  model.node("Range", {"s", "l", "d"}, {"r"}, "range_small");
  model.node("Range", {"s2", "l2", "d2"}, {"r2"}, "range_wide");
  model.node("Identity", {"x"}, {"y"});
  model.output("y");
  const Graph graph = model.import();
  EXPECT_EQ(graph.constants.at("r").int_data, (std::vector<std::int64_t>{0, 3, 6, 9}));
  EXPECT_EQ(graph.constants.at("r2").int_data, (std::vector<std::int64_t>{kMin, -(1ll << 62), 0, 1ll << 62}));
}

TEST(NodeValidationTest, PoolStrideZeroIsRefusedBeforeDividing) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 4, 4});
  model.node("MaxPool", {"x"}, {"y"}, "pool").attr("kernel_shape", std::vector<std::int64_t>{2, 2})
      .attr("strides", std::vector<std::int64_t>{0, 1});
  model.output("y");
  expect_mentions(import_error(model), {"test.onnx", "MaxPool node 'pool'", "'strides'", "[0, 1]", "positive"});
}

TEST(NodeValidationTest, NegativeKernelAndHugeDilationAreRefused) {
  OnnxModelBuilder kernel(13);
  kernel.input("x", {1, 1, 4, 4});
  kernel.node("AveragePool", {"x"}, {"y"}, "avg").attr("kernel_shape", std::vector<std::int64_t>{-2, 2});
  kernel.output("y");
  expect_mentions(import_error(kernel), {"avg", "'kernel_shape'", "[-2, 2]"});

  OnnxModelBuilder conv(13);
  conv.input("x", {1, 1, 4, 4});
  conv.initializer("w", {1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  conv.node("Conv", {"x", "w"}, {"y"}, "wide").attr("dilations", std::vector<std::int64_t>{1ll << 62, 1});
  conv.output("y");
  expect_mentions(import_error(conv), {"wide", "'dilations'", "2^31"});
}

TEST(NodeValidationTest, ConvTransposeOutputPaddingMustBeBelowStride) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 4, 4});
  model.initializer("w", {1, 1, 2, 2}, std::vector<float>(4, 1.0f));
  model.node("ConvTranspose", {"x", "w"}, {"y"}, "up").attr("strides", std::vector<std::int64_t>{2, 2})
      .attr("output_padding", std::vector<std::int64_t>{2, 0});
  model.output("y");
  expect_mentions(import_error(model), {"ConvTranspose node 'up'", "'output_padding'", "[2, 0]"});
}

TEST(NodeValidationTest, PerChannelParameterMustMatchTheChannelCount) {
  for (std::int64_t length : {2, 4096}) {
    OnnxModelBuilder model(13);
    model.input("x", {1, 8, 4, 4});
    model.initializer("s", {length}, std::vector<float>(static_cast<std::size_t>(length), 1.0f));
    model.initializer("b", {8}, std::vector<float>(8, 0.0f));
    model.node("InstanceNormalization", {"x", "s", "b"}, {"y"}, "inorm");
    model.output("y");
    expect_mentions(import_error(model), {"InstanceNormalization node 'inorm'", "scale", "'s'", "expected [8]"});
  }
}

TEST(NodeValidationTest, InstanceNormalizationNeedsSpatialAxes) {
  OnnxModelBuilder model(13);
  model.input("x", {8});
  model.initializer("s", {1}, {1.0f}).initializer("b", {1}, {0.0f});
  model.node("InstanceNormalization", {"x", "s", "b"}, {"y"}, "rank1");
  model.output("y");
  expect_mentions(import_error(model), {"rank1", "rank 1"});
}

TEST(NodeValidationTest, MixedFloatAndIntInputsAreRefused) {
  OnnxModelBuilder model(13);
  model.input("f", {1, 2}).input("i", {1, 2}, onnx::TensorProto::INT64);
  model.node("Concat", {"f", "i"}, {"y"}, "cat").attr("axis", 1);
  model.output("y");
  expect_mentions(import_error(model), {"Concat node 'cat'", "input 1 ('i')", "int64", "float32"});
}

TEST(NodeValidationTest, IndexInputsMustBeIntegers) {
  OnnxModelBuilder model(13);
  model.input("x", {4, 2});
  model.initializer("idx", {2}, {0.0f, 1.0f});
  model.node("Gather", {"x", "idx"}, {"y"}, "pick");
  model.output("y");
  expect_mentions(import_error(model), {"Gather node 'pick'", "input 1 ('idx')", "must be integer"});
}

TEST(NodeValidationTest, CastToAnUnknownTypeIsRefused) {
  OnnxModelBuilder model(13);
  model.input("x", {2});
  model.node("Cast", {"x"}, {"y"}, "cast").attr("to", 99);
  model.output("y");
  expect_mentions(import_error(model), {"Cast node 'cast'", "'to'", "99"});
}

TEST(NodeValidationTest, QuantizeLinearNeedsFloatScaleAndIntegerZeroPoint) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 2});
  model.int_initializer("scale", {}, {2});
  model.node("QuantizeLinear", {"x", "scale"}, {"y"}, "q");
  model.output("y");
  expect_mentions(import_error(model), {"QuantizeLinear node 'q'", "'scale'", "must be float"});
}

TEST(NodeValidationTest, SplitWithoutOutputsAndGraphWithoutOutputs) {
  OnnxModelBuilder split(13);
  split.input("x", {4});
  split.node("Split", {"x"}, {}, "nothing");
  split.node("Identity", {"x"}, {"y"});
  split.output("y");
  expect_mentions(import_error(split), {"Split node 'nothing'", "no outputs"});

  OnnxModelBuilder graph(13);
  graph.input("x", {4});
  graph.node("Relu", {"x"}, {"y"});
  expect_mentions(import_error(graph), {"test.onnx", "no outputs"});
}

TEST(ShapeArithmeticTest, TileSizeOverflowIsAnErrorNotAWrap) {
  OnnxModelBuilder model(13);
  model.input("x", {1});
  model.initializer("v", {4, 4}, std::vector<float>(16, 1.0f));
  model.int_initializer("r", {2}, {1ll << 62, 1ll << 62});
  model.node("Tile", {"v", "r"}, {"t"}, "tile");
  model.node("Identity", {"x"}, {"y"});
  model.output("y");
  expect_mentions(import_error(model), {"Tile node 'tile'", "overflows"});
}

TEST(MemoryBudgetImportTest, FoldedTensorOverBudgetNamesNodeAndBudget) {
  npusim::io::set_memory_budget_bytes(1 << 20);
  OnnxModelBuilder model(13);
  model.input("x", {1});
  model.int_initializer("shape", {2}, {1024, 1024});  // 4 MiB of float32
  model.node("ConstantOfShape", {"shape"}, {"zeros"}, "fill");
  model.node("Identity", {"x"}, {"y"});
  model.output("y");
  const std::string message = import_error(model);
  npusim::io::set_memory_budget_bytes(0);
  expect_mentions(message, {"ConstantOfShape node 'fill'", "4.0 MiB", "1.0 MiB", "--max-memory"});
}

TEST(InputShapeOverrideTest, FixedDimensionsCannotBeOverridden) {
  OnnxModelBuilder model(13);
  model.input("image", {1, 3, 8, 10});
  model.node("Relu", {"image"}, {"y"});
  model.output("y");
  ImportOptions options;
  options.input_shapes["image"] = {1, 3, 1, 1};
  try {
    model.import(options);
    FAIL() << "accepted";
  } catch (const std::exception& error) {
    expect_mentions(error.what(), {"'image'", "[1, 3, 8, 10]", "[1, 3, 1, 1]"});
  }
  options.input_shapes["image"] = {1, 3, 8, 10};
  EXPECT_NO_THROW(model.import(options));
}

}  // namespace
}  // namespace npusim::models
