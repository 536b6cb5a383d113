// Golden integer operations other than conv, each against values worked by hand from the
// definitions in docs/golden.md.
#include <gtest/gtest.h>

#include "tests/models/golden_test_util.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::golden {
namespace {

using models::testing::OnnxModelBuilder;
using nlohmann::json;

json int_tensor(const char* name, const char* format, double scale, int zero_point) {
  return {{"name", name}, {"format", format}, {"scale", scale}, {"zero_point", zero_point}};
}

json requant(const char* rounding, int multiplier, int shift, int zero_point, int qmin = -128, int qmax = 127) {
  return {{"rounding", rounding}, {"multiplier", multiplier}, {"shift", shift}, {"zero_point", zero_point},
          {"qmin", qmin},         {"qmax", qmax}};
}

// a on (0.5, 0), b on (0.25, 4), y on (1, -2). Scale alignment with A = 30 - 8 = 22 bits:
// K_a = 0.5 / 0.5 * 2^22, K_b = 0.25 / 0.5 * 2^22 = 2^21; output scale 0.5 / (1 * 2^22) = 2^30 * 2^-53.
std::vector<std::int32_t> run_add(const char* op_type, const char* rounding, int kb) {
  OnnxModelBuilder model(13);
  model.input("a", {1, 2}).input("b", {1, 2});
  model.node(op_type, {"a", "b"}, {"y"}, "add");
  model.output("y");
  const models::Graph graph = model.import();
  const json plan = {
      {"tensors", {int_tensor("a", "int8", 0.5, 0), int_tensor("b", "int8", 0.25, 4), int_tensor("y", "int8", 1.0, -2)}},
      {"operations",
       {{{"name", "add"}, {"nodes", {"add"}}, {"inputs", {"a", "b"}}, {"outputs", {"y"}},
         {"input_multipliers", {4194304, kb}}, {"requant", requant(rounding, 1073741824, 53, -2)}}}}};
  const GoldenProgram program = testing::lower_json_plan(graph, plan);
  GoldenTensor a, b;
  a.shape = b.shape = {1, 2};
  a.quant = program.tensors[program.input_slots[0]].quant;
  b.quant = program.tensors[program.input_slots[1]].quant;
  a.codes = {3, -5};   // 1.5, -2.5
  b.codes = {10, 0};   // 1.5, -1.0
  return GoldenExecutor(program).run({a, b})[0].value.codes;
}

TEST(GoldenOps, AddAlignsScalesWithIntegerMultipliers) {
  // 1.5 + 1.5 = 3 -> 3 - 2 = 1; -2.5 + -1 = -3.5: half_up -3 -> -5, half_even -4 -> -6.
  EXPECT_EQ(run_add("Add", "half_up", 2097152), (std::vector<std::int32_t>{1, -5}));
  EXPECT_EQ(run_add("Add", "half_even", 2097152), (std::vector<std::int32_t>{1, -6}));
  // Sub negates b's multiplier: 1.5 - 1.5 = 0 -> -2; -2.5 + 1 = -1.5 -> half_up -1 -> -3.
  EXPECT_EQ(run_add("Sub", "half_up", -2097152), (std::vector<std::int32_t>{-2, -3}));
}

TEST(GoldenOps, ConcatRequantizesEachOperandOntoTheOutputGrid) {
  OnnxModelBuilder model(13);
  model.input("a", {1, 2}).input("b", {1, 1});
  model.node("Concat", {"a", "b"}, {"y"}, "cat").attr("axis", 1);
  model.output("y");
  const models::Graph graph = model.import();
  // a (0.5, 0) -> y (1, 3): ratio 1/2; b (2, -1) -> y: ratio 2 = 2^30 * 2^-29.
  const json plan = {
      {"tensors", {int_tensor("a", "int8", 0.5, 0), int_tensor("b", "int8", 2.0, -1), int_tensor("y", "int8", 1.0, 3)}},
      {"operations",
       {{{"name", "cat"}, {"nodes", {"cat"}}, {"inputs", {"a", "b"}}, {"outputs", {"y"}},
         {"input_requants", {requant("half_up", 1073741824, 31, 3), requant("half_up", 1073741824, 29, 3)}}}}}};
  const GoldenProgram program = testing::lower_json_plan(graph, plan);
  GoldenTensor a, b;
  a.shape = {1, 2};
  b.shape = {1, 1};
  a.quant = program.tensors[0].quant;
  b.quant = program.tensors[1].quant;
  a.codes = {5, -7};  // 2.5 -> 2.5 + 3 = 5.5 -> 6; -3.5 -> -3 + 3 = 0 (half_up)
  b.codes = {4};      // (4 + 1) * 2 = 10 -> 13
  EXPECT_EQ(GoldenExecutor(program).run({a, b})[0].value.codes, (std::vector<std::int32_t>{6, 0, 13}));
}

// One input x on (0.1, 0) through a single-node table to y on (0.25, 0), fraction bits 20:
// the output scale is 2^-20 / 0.25 = 2^30 * 2^-48.
std::vector<std::int32_t> run_table(const char* op_type, const std::vector<std::int32_t>& codes) {
  OnnxModelBuilder model(13);
  model.input("x", {1, static_cast<std::int64_t>(codes.size())}).initializer("two", {}, {2.0f});
  if (std::string(op_type) == "Mul") {
    model.node("Mul", {"x", "two"}, {"y"}, "f");
  } else {
    model.node(op_type, {"x"}, {"y"}, "f");
  }
  model.output("y");
  const models::Graph graph = model.import();
  const json plan = {{"tensors", {int_tensor("x", "int8", 0.1, 0), int_tensor("y", "int8", 0.25, 0)}},
                     {"operations",
                      {{{"name", "f"}, {"nodes", {"f"}}, {"inputs", {"x"}}, {"outputs", {"y"}},
                        {"integer_params", {{"fraction_bits", 20}}},
                        {"requant", requant("half_up", 1073741824, 48, 0)}}}}};
  return testing::run_codes(testing::lower_json_plan(graph, plan), codes);
}

TEST(GoldenOps, LookupTablesComputeTheFloatFunctionOfEachCode) {
  // x = 0.7 (code 7): 2x = 1.4 -> 1.4 / 0.25 = 5.6 -> 6. x = -1.0: -2 / .25 = -8. x = 0: 0.
  EXPECT_EQ(run_table("Mul", {7, -10, 0}), (std::vector<std::int32_t>{6, -8, 0}));
  // sigmoid(0) = 0.5 -> 2; sigmoid(12.7) = 0.999997 -> 3.99999 -> 4; sigmoid(-12.8) ~ 2.8e-6 -> 0.
  EXPECT_EQ(run_table("Sigmoid", {0, 127, -128}), (std::vector<std::int32_t>{2, 4, 0}));
}

TEST(GoldenOps, LinearResizeUsesFixedPointWeightsThatSumToOne) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 1, 2}).initializer("roi", {0}, {}).initializer("scales", {4}, {1, 1, 1, 2});
  model.node("Resize", {"x", "roi", "scales"}, {"y"}, "up").attr("mode", "linear");
  model.output("y");
  const models::Graph graph = model.import();
  // half_pixel x2: sources -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1). With F = 11
  // the weights are 2048 * {1, 0.75/0.25, 0.25/0.75, 1}; acc = 0, 512*40, 1536*40, 2048*40;
  // scale (0.1 / 0.1) * 2^-11 = 2^30 * 2^-41 -> 0, 10, 30, 40.
  const json plan = {{"tensors", {int_tensor("x", "int8", 0.1, 0), int_tensor("y", "int8", 0.1, 0)}},
                     {"operations",
                      {{{"name", "up"}, {"nodes", {"up"}}, {"inputs", {"x"}}, {"outputs", {"y"}},
                        {"integer_params", {{"fraction_bits", 11}}},
                        {"requant", requant("half_up", 1073741824, 41, 0)}}}}};
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, plan), {0, 40}), (std::vector<std::int32_t>{0, 10, 30, 40}));
}

TEST(GoldenOps, AveragePoolDividesEachWindowByItsCount) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 1, 2, 2});
  model.node("GlobalAveragePool", {"x"}, {"y"}, "gap");
  model.output("y");
  const models::Graph graph = model.import();
  // (1 + 2 + 3 + 5) / 4 = 2.75 on grid 1 -> y on grid 0.5: 5.5 -> half_up 6, floor 5.
  for (const auto& [rounding, expected] : {std::pair{"half_up", 6}, std::pair{"floor", 5}}) {
    const json plan = {{"tensors", {int_tensor("x", "int8", 1.0, 0), int_tensor("y", "int8", 0.5, 0)}},
                       {"operations",
                        {{{"name", "gap"}, {"nodes", {"gap"}}, {"inputs", {"x"}}, {"outputs", {"y"}},
                          {"requant", requant(rounding, 1073741824, 29, 0)}}}}};
    EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, plan), {1, 2, 3, 5}), std::vector<std::int32_t>{expected})
        << rounding;
  }
}

TEST(GoldenOps, PaddingInsertsTheZeroPointCode) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 2}).int_initializer("pads", {4}, {0, 1, 0, 1}).initializer("value", {}, {1.0f});
  model.node("Pad", {"x", "pads", "value"}, {"y"}, "pad");
  model.output("y");
  const models::Graph graph = model.import();
  // Pad value 1.0 on (0.5, -4) is code -2; the grid is kept.
  const json plan = {{"tensors", {int_tensor("x", "int8", 0.5, -4), int_tensor("y", "int8", 0.5, -4)}},
                     {"operations", {{{"name", "pad"}, {"nodes", {"pad"}}, {"inputs", {"x"}}, {"outputs", {"y"}}}}}};
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, plan), {7, 9}), (std::vector<std::int32_t>{-2, 7, 9, -2}));
  json changed = plan;
  changed["tensors"][1]["scale"] = 0.25;
  EXPECT_THROW(testing::lower_json_plan(graph, changed), std::runtime_error);  // a move keeps its grid
}

TEST(GoldenOps, SoftmaxNormalisesExpTableEntries) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 3});
  model.node("Softmax", {"x"}, {"y"}, "sm");
  model.output("y");
  const models::Graph graph = model.import();
  // Equal inputs: e = 2^16 each, S = 3 * 2^16, p = floor((2^32 + S/2) / S) = 21845 (1/3 in Q.16).
  // log2 grid: 1/3 lies below 2^-1.5 = 0.354, so -log2 rounds to code 2 (2^-2).
  const json log2_plan = {{"tensors", {int_tensor("x", "int8", 0.1, 0), {{"name", "y"}, {"format", "log2"}, {"bits", 4}}}},
                          {"operations",
                           {{{"name", "sm"}, {"nodes", {"sm"}}, {"inputs", {"x"}}, {"outputs", {"y"}},
                             {"integer_params", {{"exp_bits", 16}, {"probability_bits", 16}}}}}}};
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, log2_plan), {5, 5, 5}), (std::vector<std::int32_t>{2, 2, 2}));
  // Affine output on (1/256, 0) uint8: 21845 * 2^-16 * 256 = 85.33 -> 85; scale 2^-8 = 2^30 * 2^-38.
  const json affine_plan = {{"tensors", {int_tensor("x", "int8", 0.1, 0), int_tensor("y", "uint8", 0.00390625, 0)}},
                            {"operations",
                             {{{"name", "sm"}, {"nodes", {"sm"}}, {"inputs", {"x"}}, {"outputs", {"y"}},
                               {"integer_params", {{"exp_bits", 16}, {"probability_bits", 16}}},
                               {"requant", requant("half_up", 1073741824, 38, 0, 0, 255)}}}}};
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, affine_plan), {5, 5, 5}),
            (std::vector<std::int32_t>{85, 85, 85}));
  // One large input (d = 0) and two at d = 10 (x = 1.0 apart): e = 2^16 and round(e^-1 * 2^16) = 24109;
  // S = 113754; p = floor((2^32 + 56877) / 113754) = 37757 -> 147.49 -> 147, and
  // floor((24109 * 2^16 + 56877) / 113754) = 13890 -> 54.26 -> 54.
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, affine_plan), {10, 0, 0}),
            (std::vector<std::int32_t>{147, 54, 54}));
}

TEST(GoldenOps, LayerNormUsesAnIntegerSquareRoot) {
  OnnxModelBuilder model(17);
  model.input("x", {1, 2}).initializer("gamma", {2}, {2.0f, 2.0f}).initializer("beta", {2}, {0.5f, 0.5f});
  model.node("LayerNormalization", {"x", "gamma", "beta"}, {"y"}, "ln").attr("epsilon", 1e-6f);
  model.output("y");
  const models::Graph graph = model.import();
  // x = [1, 3]: d = 2x - 4 = [-2, 2], sum d^2 = 8, R = sqrt(8 / 2 * 2^24) = 2^13; u = d * 2^24 / R =
  // -/+ 2^12 (= -/+1 in Q.12). gamma codes 2 (scale 1), beta 0.5 / 2^-12 = 2048:
  // acc = -/+8192 + 2048 -> real (acc * 2^-12) -1.5, 2.5 -> y on 0.5: -3, 5 (scale 2^-12 / 0.5 = 2^30 * 2^-41).
  const json plan = {{"tensors",
                      {int_tensor("x", "int8", 1.0, 0),
                       {{"name", "gamma"}, {"format", "int8"}, {"scheme", "symmetric"}, {"scale", 1.0}},
                       int_tensor("y", "int8", 0.5, 0)}},
                     {"operations",
                      {{{"name", "ln"}, {"nodes", {"ln"}}, {"inputs", {"x", "gamma"}}, {"outputs", {"y"}},
                        {"integer_params", {{"normalized_bits", 12}}},
                        {"requant", requant("half_up", 1073741824, 41, 0)}}}}};
  EXPECT_EQ(testing::run_codes(testing::lower_json_plan(graph, plan), {1, 3}), (std::vector<std::int32_t>{-3, 5}));
}

TEST(GoldenOps, DualOutputSplitsTheWideResult) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 2}).initializer("k", {}, {3.0f});
  model.node("Mul", {"x", "k"}, {"y"}, "f");
  model.output("y");
  const models::Graph graph = model.import();
  // x on (1/16, 0) int16; f(x) = 3x; wide output on 2^-8 (uint12), hi = whole units, lo = 1/256.
  // x = 1.25 (code 20): 3.75 -> w = 960 = 3 * 256 + 192. x = 4.5 (72): 13.5 -> w = 3456 = 13 * 256 + 128.
  // Table fraction 16; scale 2^-16 / 2^-8 = 2^30 * 2^-38.
  const json plan = {
      {"tensors",
       {int_tensor("x", "int16", 0.0625, 0), int_tensor("y.hi", "uint4", 1.0, 0), int_tensor("y.lo", "uint8", 0.00390625, 0)}},
      {"operations",
       {{{"name", "f"}, {"nodes", {"f"}}, {"inputs", {"x"}}, {"outputs", {"y.hi", "y.lo"}},
         {"integer_params", {{"fraction_bits", 16}}},
         {"requant", {{"rounding", "half_up"}, {"multiplier", 1073741824}, {"shift", 38}, {"zero_point", 0},
                      {"qmin", 0}, {"qmax", 4095}, {"lo_bits", 8}}}}}}};
  const GoldenProgram program = testing::lower_json_plan(graph, plan);
  std::vector<std::int32_t> lo;
  EXPECT_EQ(testing::run_codes(program, {20, 72}, &lo), (std::vector<std::int32_t>{3, 13}));
  EXPECT_EQ(lo, (std::vector<std::int32_t>{192, 128}));
  GoldenTensor x;
  x.shape = {1, 2};
  x.quant = program.tensors[0].quant;
  x.codes = {20, 72};
  EXPECT_EQ(GoldenExecutor(program).run({x})[0].decode().data, (std::vector<float>{3.75f, 13.5f}));
  // The hi tensor must carry lo's scale times 2^lo_bits.
  json wrong = plan;
  wrong["tensors"][1]["scale"] = 0.5;
  EXPECT_THROW(testing::lower_json_plan(graph, wrong), std::runtime_error);
}

}  // namespace
}  // namespace npusim::golden
