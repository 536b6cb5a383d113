// QuantPlan JSON: a hand-written document reads as documented (docs/quantplan.md), plans
// round-trip losslessly (including every float bit pattern used as a scale), and each
// invalid plan is rejected with the offending field's path.
#include "quant/plan/quant_plan.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

namespace npusim::quant {
namespace {

using nlohmann::json;

// A small plan in the documented form: every format family and both requant flavours.
const char* kExamplePlan = R"({
  "schema": "npusim.quantplan/1",
  "metadata": {"model": "tiny", "calibration": {"observer": "minmax", "batches": 4}},
  "tensors": [
    {"name": "input", "format": "uint8", "scale": 0.0078125, "zero_point": 128},
    {"name": "conv1.weight", "format": "int8", "scheme": "symmetric", "narrow_range": true,
     "scale": [0.5, 0.25, 0.125], "axis": 0},
    {"name": "conv1.out", "format": "int8", "rounding": "half_up", "scale": 0.05, "zero_point": -3},
    {"name": "head.out", "format": "fp16", "overflow": "saturate"},
    {"name": "attn.probs", "format": "log2", "bits": 4},
    {"name": "depth.wide", "format": "uint16", "scheme": "asymmetric", "scale": 0.00390625, "zero_point": 0},
    {"name": "depth.hi", "format": "uint4", "scale": 1, "zero_point": 0},
    {"name": "depth.lo", "format": "uint8", "scale": 0.00390625, "zero_point": 0},
    {"name": "logits", "format": "fp32"}
  ],
  "operations": [
    {"name": "conv1", "inputs": ["input", "conv1.weight"], "outputs": ["conv1.out"],
     "requant": {"rounding": "half_up", "multiplier": [1073741824, 1518500250, 2147483647],
                 "shift": [31, 32, 40], "axis": 0, "zero_point": -3, "qmin": -128, "qmax": 127,
                 "activation": "relu"}},
    {"name": "head", "inputs": ["conv1.out"], "outputs": ["depth.hi", "depth.lo"],
     "requant": {"rounding": "tflite_double", "multiplier": 1300000000, "shift": 38, "zero_point": 0,
                 "qmin": 0, "qmax": 4095, "activation": "leaky_relu", "negative_multiplier": 130000000,
                 "negative_shift": 38, "lo_bits": 8}},
    {"name": "softmax", "inputs": ["logits"], "outputs": ["attn.probs"]}
  ]
})";

TEST(QuantPlan, ReadsTheDocumentedExample) {
  const QuantPlan plan = quant_plan_from_json(json::parse(kExamplePlan));
  ASSERT_EQ(plan.tensors.size(), 9u);
  const TensorQuantization& input = plan.tensors[0];
  EXPECT_EQ(input.format.name(), "uint8");
  EXPECT_EQ(input.scheme, QuantScheme::kAsymmetric);  // default
  EXPECT_EQ(input.rounding, RoundingMode::kHalfEven);  // default
  EXPECT_EQ(input.scales, std::vector<float>{0.0078125f});
  EXPECT_EQ(input.zero_points, std::vector<std::int32_t>{128});
  EXPECT_FALSE(input.axis.has_value());
  // Symmetric int8 without zero_point: 0 per channel; narrow range -127..127.
  const TensorQuantization& weight = *plan.find_tensor("conv1.weight");
  EXPECT_EQ(weight.zero_points, (std::vector<std::int32_t>{0, 0, 0}));
  EXPECT_EQ(weight.axis, 0);
  EXPECT_EQ(weight.quant_spec().qmin(), -127);
  EXPECT_EQ(weight.qparams().at(2).scale, 0.125f);
  EXPECT_EQ(plan.find_tensor("conv1.out")->scales[0], 0.05f);  // 0.05 read as the nearest float
  EXPECT_EQ(plan.find_tensor("head.out")->format.minifloat, &kFp16);
  EXPECT_EQ(plan.find_tensor("head.out")->overflow, OverflowMode::kSaturate);
  EXPECT_EQ(plan.find_tensor("attn.probs")->log2_bits, 4);
  EXPECT_EQ(plan.find_tensor("depth.hi")->format.bits, 4);
  EXPECT_FALSE(plan.find_tensor("depth.hi")->format.is_signed);
  const OperationRequant& conv = *plan.find_operation("conv1")->requant;
  EXPECT_EQ(conv.channel_count(), 3u);
  EXPECT_EQ(conv.channel_params(1).multiplier, 1518500250);
  EXPECT_EQ(conv.channel_params(1).shift, 32);
  EXPECT_EQ(conv.channel_params(1).zero_point, -3);
  EXPECT_EQ(conv.activation, FusedActivation::kRelu);
  const OperationRequant& head = *plan.find_operation("head")->requant;
  EXPECT_EQ(head.rounding, RoundingMode::kTfliteDouble);
  EXPECT_EQ(head.channel_params(0).negative_multiplier, 130000000);
  EXPECT_EQ(head.lo_bits, 8);
  EXPECT_FALSE(plan.find_operation("softmax")->requant.has_value());
  EXPECT_EQ(plan.metadata["calibration"]["batches"], 4);
}

TEST(QuantPlan, RoundTripsThroughJsonTextAndFiles) {
  const QuantPlan plan = quant_plan_from_json(json::parse(kExamplePlan));
  const std::string text = quant_plan_to_json(plan).dump(2);
  const QuantPlan again = quant_plan_from_json(json::parse(text));
  EXPECT_EQ(again, plan);
  EXPECT_EQ(quant_plan_to_json(again).dump(2), text);  // the text is a fixed point too
  const std::string path =
      (std::filesystem::temp_directory_path() / ("npusim_plan_" + std::to_string(::getpid()) + ".json")).string();
  save_quant_plan(path, plan);
  EXPECT_EQ(load_quant_plan(path), plan);
  std::filesystem::remove(path);
}

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

TEST(QuantPlan, EveryScaleBitPatternSurvivesTheRoundTrip) {
  // 20000 random positive finite floats (subnormals included) plus the extremes, as one
  // per-channel tensor: each must read back with the identical bit pattern.
  QuantPlan plan;
  TensorQuantization tensor;
  tensor.name = "w";
  tensor.format = *parse_tensor_format("int8");
  tensor.axis = 1;
  std::mt19937 generator(99);
  std::uniform_int_distribution<std::uint32_t> positive_finite(1u, 0x7f7fffffu);
  for (int index = 0; index < 20000; ++index) tensor.scales.push_back(float_of(positive_finite(generator)));
  for (float extreme : {FLT_MAX, FLT_MIN, FLT_TRUE_MIN, 1.0f, 0.1f, 1.0f / 3.0f, 4.0f / 255.0f}) {
    tensor.scales.push_back(extreme);
  }
  tensor.zero_points.assign(tensor.scales.size(), 0);
  plan.tensors.push_back(tensor);
  const QuantPlan again = quant_plan_from_json(json::parse(quant_plan_to_json(plan).dump()));
  ASSERT_EQ(again.tensors[0].scales.size(), tensor.scales.size());
  for (std::size_t index = 0; index < tensor.scales.size(); ++index) {
    std::uint32_t before, after;
    std::memcpy(&before, &tensor.scales[index], 4);
    std::memcpy(&after, &again.tensors[0].scales[index], 4);
    ASSERT_EQ(after, before) << "scale " << index << " = " << tensor.scales[index];
  }
  // Written shortest: 0.1f appears as 0.1, not 0.10000000149011612.
  EXPECT_NE(quant_plan_to_json(plan).dump().find("0.1,"), std::string::npos);
}

TEST(QuantPlan, BuildsTensorsFromQuantizerParameters) {
  // Per-channel symmetric INT8 weights from choose_qparams: [-2, 1] -> 2/127 and [-0.5, 0.5] -> 0.5/127.
  QuantSpec spec;
  spec.scheme = QuantScheme::kSymmetric;
  spec.narrow_range = true;
  const std::vector<QParams> params = choose_qparams_per_channel({-2.0f, -0.5f}, {1.0f, 0.5f}, spec);
  const TensorQuantization weight = make_integer_tensor_quantization("w", spec, params, 0);
  EXPECT_EQ(weight.format.name(), "int8");
  EXPECT_EQ(weight.scales, (std::vector<float>{static_cast<float>(2.0 / 127.0), static_cast<float>(0.5 / 127.0)}));
  EXPECT_EQ(weight.zero_points, (std::vector<std::int32_t>{0, 0}));
  EXPECT_EQ(weight.quant_spec().qmin(), -127);
  QuantSpec uint4;
  uint4.bits = 4;
  uint4.is_signed = false;
  EXPECT_EQ(make_integer_tensor_quantization("a", uint4, {{0.25f, 3}}).format.name(), "uint4");
  EXPECT_THROW(make_integer_tensor_quantization("a", uint4, {{0.25f, 16}}), QuantPlanError);  // zp > 15
  EXPECT_THROW(make_integer_tensor_quantization("a", uint4, {{0.25f, 3}, {0.5f, 3}}), QuantPlanError);  // no axis
  EXPECT_EQ(make_float_tensor_quantization("h", "bf16").format.minifloat, &kBf16);
  EXPECT_THROW(make_float_tensor_quantization("h", "int8"), QuantPlanError);
  QuantPlan plan;
  plan.tensors = {weight, make_float_tensor_quantization("h", "fp8_e5m2", OverflowMode::kSaturate)};
  EXPECT_EQ(quant_plan_from_json(quant_plan_to_json(plan)), plan);
}

// Applies `edit` to the example document and expects a QuantPlanError starting with `path`.
void expect_rejected(const std::function<void(json&)>& edit, const std::string& message_start) {
  json document = json::parse(kExamplePlan);
  edit(document);
  try {
    quant_plan_from_json(document);
    ADD_FAILURE() << "accepted; expected: " << message_start;
  } catch (const QuantPlanError& error) {
    EXPECT_EQ(std::string(error.what()).substr(0, message_start.size()), message_start) << error.what();
  }
}

TEST(QuantPlan, RejectsDocumentLevelProblems) {
  expect_rejected([](json& d) { d.erase("schema"); }, "schema: missing");
  expect_rejected([](json& d) { d["schema"] = "npusim.quantplan/2"; }, "schema: expected \"npusim.quantplan/1\"");
  expect_rejected([](json& d) { d["tensor"] = json::array(); }, "tensor: unknown field");
  expect_rejected([](json& d) { d["metadata"] = 3; }, "metadata: must be an object");
  expect_rejected([](json& d) { d["tensors"] = json::object(); }, "tensors: must be an array");
}

TEST(QuantPlan, RejectsTensorProblemsNamingTheField) {
  expect_rejected([](json& d) { d["tensors"][1]["scale"][2] = 0.0; },
                  "tensors[1].scale[2]: must be > 0 and finite (got 0)");
  expect_rejected([](json& d) { d["tensors"][1]["scale"][1] = -0.5; },
                  "tensors[1].scale[1]: must be > 0 and finite (got -0.5)");
  expect_rejected([](json& d) { d["tensors"][0]["scale"] = 1e39; }, "tensors[0].scale: must be > 0 and finite");
  expect_rejected([](json& d) { d["tensors"][0]["scale"] = 1e-50; }, "tensors[0].scale: 1e-50 underflows float32");
  expect_rejected([](json& d) { d["tensors"][0]["scale"] = "0.5"; }, "tensors[0].scale: must be a number");
  expect_rejected([](json& d) { d["tensors"][0]["zero_point"] = 256; },
                  "tensors[0].zero_point: 256 is outside [0, 255] for uint8");
  expect_rejected([](json& d) { d["tensors"][0]["zero_point"] = 1.5; }, "tensors[0].zero_point: must be an integer");
  expect_rejected([](json& d) { d["tensors"][1]["zero_point"] = {0, 1, 0}; },
                  "tensors[1].zero_point[1]: must be 0 for a symmetric int8 tensor");
  expect_rejected([](json& d) { d["tensors"][1]["zero_point"] = {0, 0}; },
                  "tensors[1].zero_point: 2 values for 3 scales");
  expect_rejected([](json& d) { d["tensors"][1].erase("axis"); },
                  "tensors[1].scale: must be a single number without axis");
  expect_rejected([](json& d) { d["tensors"][0]["axis"] = 1; }, "tensors[0].scale: must be an array");
  expect_rejected([](json& d) { d["tensors"][2].erase("zero_point"); }, "tensors[2].zero_point: missing");
  expect_rejected([](json& d) { d["tensors"][2]["zeropoint"] = 0; }, "tensors[2].zeropoint: unknown field");
  expect_rejected([](json& d) { d["tensors"][2]["format"] = "int32"; }, "tensors[2].format: unknown format 'int32'");
  expect_rejected([](json& d) { d["tensors"][2]["format"] = "int1"; }, "tensors[2].format: unknown format 'int1'");
  expect_rejected([](json& d) { d["tensors"][2]["format"] = "int08"; }, "tensors[2].format: unknown format 'int08'");
  expect_rejected([](json& d) { d["tensors"][2]["rounding"] = "half_down"; },
                  "tensors[2].rounding: unknown rounding mode 'half_down'");
  expect_rejected([](json& d) { d["tensors"][2]["scheme"] = "sym"; }, "tensors[2].scheme: must be");
  expect_rejected([](json& d) { d["tensors"][3]["scale"] = 1.0; }, "tensors[3].scale: not used by format fp16");
  expect_rejected([](json& d) { d["tensors"][3]["overflow"] = "clip"; }, "tensors[3].overflow: must be");
  expect_rejected([](json& d) { d["tensors"][4]["bits"] = 9; }, "tensors[4].bits: 9 is outside [1, 7]");
  expect_rejected([](json& d) { d["tensors"][4].erase("bits"); }, "tensors[4].bits: missing");
  expect_rejected([](json& d) { d["tensors"][8]["name"] = "input"; },
                  "tensors[8].name: duplicate tensor name 'input' (first at tensors[0])");
  expect_rejected([](json& d) { d["tensors"][8]["name"] = ""; }, "tensors[8].name: must not be empty");
  expect_rejected([](json& d) { d["tensors"][8].erase("name"); }, "tensors[8].name: missing");
}

TEST(QuantPlan, RejectsOperationProblemsNamingTheField) {
  expect_rejected([](json& d) { d["operations"][0]["requant"]["multiplier"][1] = -1; },
                  "operations[0].requant.multiplier[1]: must be in [0, 2^31)");
  expect_rejected([](json& d) { d["operations"][1]["requant"]["multiplier"] = 2147483648u; },
                  "operations[1].requant.multiplier: 2147483648 is above 2147483647");
  expect_rejected([](json& d) { d["operations"][0]["requant"]["shift"][2] = 64; },
                  "operations[0].requant.shift[2]: must be in 0..63 (got 64)");
  expect_rejected([](json& d) { d["operations"][0]["requant"]["shift"] = {31, 32}; },
                  "operations[0].requant.shift: 2 values for 3 multipliers");
  expect_rejected([](json& d) { d["operations"][0]["requant"]["qmin"] = 10; d["operations"][0]["requant"]["qmax"] = 5; },
                  "operations[0].requant.qmin: 10 > qmax 5");
  expect_rejected([](json& d) { d["operations"][0]["requant"].erase("rounding"); },
                  "operations[0].requant.rounding: missing");
  expect_rejected([](json& d) { d["operations"][0]["requant"]["activation"] = "gelu"; },
                  "operations[0].requant.activation: must be");
  expect_rejected([](json& d) { d["operations"][0]["requant"]["negative_shift"] = {1, 2, 3}; },
                  "operations[0].requant.negative_shift: only used with activation leaky_relu");
  expect_rejected([](json& d) { d["operations"][1]["requant"].erase("negative_multiplier"); },
                  "operations[1].requant.negative_multiplier: missing");
  expect_rejected([](json& d) { d["operations"][1]["requant"]["lo_bits"] = 31; },
                  "operations[1].requant.lo_bits: 31 is outside [0, 30]");
  // tflite_double's own precondition comes from the requant contract, under the op's path.
  expect_rejected([](json& d) { d["operations"][1]["requant"]["shift"] = 63; },
                  "operations[1].requant: shift 63 exceeds 62");
  expect_rejected([](json& d) { d["operations"][0]["outputs"][0] = "nowhere"; },
                  "operations[0].outputs[0]: unknown tensor 'nowhere'");
  expect_rejected([](json& d) { d["operations"][2]["name"] = "conv1"; },
                  "operations[2].name: duplicate operation name 'conv1' (first at operations[0])");
  expect_rejected([](json& d) { d["operations"][2]["kinds"] = "softmax"; }, "operations[2].kinds: unknown field");
}

// The fields the golden executor and compiler read (docs/quantplan.md, "Operation entries").
const char* kExecutablePlan = R"({
  "schema": "npusim.quantplan/1",
  "model": {"file": "m.onnx", "fingerprint": "fnv1a64:0123456789abcdef"},
  "tensors": [
    {"name": "a", "format": "int8", "scale": 0.5, "zero_point": -3},
    {"name": "b", "format": "int8", "scale": 0.25, "zero_point": 4},
    {"name": "sum", "format": "int8", "scale": 0.75, "zero_point": 0},
    {"name": "cat", "format": "int8", "scale": 0.5, "zero_point": 1},
    {"name": "half", "format": "fp16"}
  ],
  "operations": [
    {"name": "add", "kind": "add", "nodes": ["Add_1", "Relu_2"], "inputs": ["a", "b"], "outputs": ["sum"],
     "input_multipliers": [4194304, -2097152],
     "requant": {"rounding": "half_up", "multiplier": 1431655765, "shift": 53, "zero_point": 0,
                 "qmin": -128, "qmax": 127, "activation": "relu"}},
    {"name": "cat", "kind": "concat", "nodes": ["Concat_3"], "inputs": ["a", "b"], "outputs": ["cat"],
     "input_requants": [
       {"rounding": "half_up", "multiplier": 1073741824, "shift": 30, "zero_point": 1, "qmin": -128, "qmax": 127},
       {"rounding": "half_up", "multiplier": 1073741824, "shift": 31, "zero_point": 1, "qmin": -128, "qmax": 127}]},
    {"name": "lut", "kind": "lut", "nodes": ["Sigmoid_4"], "inputs": ["cat"], "outputs": ["half"],
     "compute": "fp16", "accumulation": "fp32", "integer_params": {"fraction_bits": 24, "big": -9007199254740993}}
  ]
})";

TEST(QuantPlan, ReadsTheExecutionFields) {
  const QuantPlan plan = quant_plan_from_json(json::parse(kExecutablePlan));
  ASSERT_TRUE(plan.model.has_value());
  EXPECT_EQ(plan.model->file, "m.onnx");
  EXPECT_EQ(plan.model->fingerprint, "fnv1a64:0123456789abcdef");
  const OperationQuantization& add = plan.operations[0];
  EXPECT_EQ(add.kind, "add");
  EXPECT_EQ(add.nodes, (std::vector<std::string>{"Add_1", "Relu_2"}));
  EXPECT_EQ(add.compute, ComputeDomain::kInteger);  // the default
  EXPECT_EQ(add.input_multipliers, (std::vector<std::int32_t>{4194304, -2097152}));
  const OperationQuantization& cat = plan.operations[1];
  ASSERT_EQ(cat.input_requants.size(), 2u);
  EXPECT_EQ(cat.input_requants[1].shifts, std::vector<int>{31});
  EXPECT_EQ(cat.input_requants[0].zero_point, 1);
  EXPECT_FALSE(cat.requant.has_value());
  const OperationQuantization& lut = plan.operations[2];
  EXPECT_EQ(lut.compute, ComputeDomain::kFloat16);
  EXPECT_EQ(lut.accumulation, ComputeDomain::kFloat32);
  EXPECT_EQ(lut.integer_params.at("fraction_bits"), 24);
  EXPECT_EQ(lut.integer_params.at("big"), -9007199254740993LL);  // beyond double: read as an integer
  // Lossless round trip, and the written text is a fixed point.
  const json written = quant_plan_to_json(plan);
  EXPECT_EQ(quant_plan_from_json(written), plan);
  EXPECT_EQ(quant_plan_to_json(quant_plan_from_json(written)).dump(), written.dump());
}

TEST(QuantPlan, RejectsExecutionFieldProblemsNamingTheField) {
  const auto rejected = [](const std::function<void(json&)>& edit, const std::string& expected) {
    json document = json::parse(kExecutablePlan);
    edit(document);
    try {
      quant_plan_from_json(document);
      FAIL() << "accepted; expected: " << expected;
    } catch (const QuantPlanError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  };
  rejected([](json& d) { d["operations"][2]["compute"] = "int4"; },
           "operations[2].compute: unknown value 'int4' (int, fp32, fp16, bf16)");
  rejected([](json& d) { d["operations"][2]["accumulation"] = "int"; },
           "operations[2].accumulation: unknown value 'int' (fp32, fp16, bf16)");
  rejected([](json& d) { d["operations"][0]["accumulation"] = "fp16"; },
           "operations[0].accumulation: only used by float operations");
  rejected([](json& d) { d["operations"][0]["compute"] = "fp16"; }, "operations[0].compute: fp16 operations do not requantize");
  rejected([](json& d) { d["operations"][1]["input_requants"][1]["lo_bits"] = 4; },
           "operations[1].input_requants[1].lo_bits: only an output stage splits");
  rejected([](json& d) { d["operations"][1]["input_requants"][0]["shift"] = 64; },
           "operations[1].input_requants[0].shift: must be in 0..63 (got 64)");
  rejected([](json& d) { d["operations"][0]["input_multipliers"][0] = 2147483648u; },
           "operations[0].input_multipliers[0]: 2147483648 is above 2147483647");
  rejected([](json& d) { d["operations"][2]["integer_params"]["fraction_bits"] = 2.5; },
           "operations[2].integer_params.fraction_bits: must be an integer");
  rejected([](json& d) { d["operations"][0]["requant"]["lo_bits"] = 4; },
           "operations[0].outputs: a dual-output operation (lo_bits 4) names two tensors, hi then lo (got 1)");
  rejected([](json& d) { d["operations"][0]["nodes"] = "Add_1"; }, "operations[0].nodes: must be an array");
  rejected([](json& d) { d["model"]["fingerprint"] = ""; }, "model.fingerprint: must not be empty");
  rejected([](json& d) { d["model"].erase("fingerprint"); }, "model.fingerprint: missing");
  rejected([](json& d) { d["model"]["hash"] = "x"; }, "model.hash: unknown field");
}

TEST(QuantPlan, FilesNameThePathAndFailedSavesLeaveNoFile) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("npusim_plan_files_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string broken = (dir / "broken.json").string();
  std::ofstream(broken) << "{\"schema\": \"npusim.quantplan/1\", \"tensors\": [}";
  try {
    load_quant_plan(broken);
    ADD_FAILURE() << "accepted malformed JSON";
  } catch (const QuantPlanError& error) {
    // The stray '}' is the 46th character of the only line; the library's own words stay out.
    EXPECT_NE(std::string(error.what()).find(broken + ": not valid JSON at line 1, column 46 (syntax error)"),
              std::string::npos)
        << error.what();
    EXPECT_EQ(std::string(error.what()).find("json.exception"), std::string::npos) << error.what();
  }
  const std::string invalid = (dir / "invalid.json").string();
  json document = json::parse(kExamplePlan);
  document["tensors"][1]["scale"][2] = -1;
  std::ofstream(invalid) << document.dump();
  try {
    load_quant_plan(invalid);
    ADD_FAILURE() << "accepted an invalid plan";
  } catch (const QuantPlanError& error) {
    EXPECT_EQ(std::string(error.what()), invalid + ": tensors[1].scale[2]: must be > 0 and finite (got -1)");
  }
  EXPECT_THROW(load_quant_plan((dir / "missing.json").string()), QuantPlanError);
  // An invalid plan built in code is refused before any file appears.
  QuantPlan plan = quant_plan_from_json(json::parse(kExamplePlan));
  plan.tensors[0].scales[0] = 0.0f;
  const std::string target = (dir / "out.json").string();
  EXPECT_THROW(save_quant_plan(target, plan), QuantPlanError);
  EXPECT_FALSE(std::filesystem::exists(target));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace npusim::quant
