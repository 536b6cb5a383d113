// Values through the NPU model: a network calibrated by npusim, lowered to the layer list,
// compiled for a preset NPU and simulated with the golden executor as functional core gives
// outputs equal to the golden executor's, bit for bit, for every precision path, with the C++
// requantization model and with the Verilated RTL; and a unit made wrong on purpose (another
// rounding mode, a dropped partial sum) is caught and named.
#include <gtest/gtest.h>

#include "models/data/scene_generator.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "models/ptq/calibrate.h"
#include "sim/compiler/npu_program.h"
#include "sim/config/npu_config.h"
#include "sim/functional/golden_core.h"
#include "sim/functional/golden_layers.h"
#include "sim/npu/simulate.h"
#include "sim/requant/requantization_unit.h"
#include "tests/models/generated_network.h"

namespace npusim::sim {
namespace {

struct Simulated {
  SimulationReport report;
  std::vector<std::vector<golden::GoldenOutput>> outputs;
};

class GoldenCore : public ::testing::Test {
 protected:
  static const models::Graph& graph() {
    static const models::Graph generated = models::testing::generated_network();
    return generated;
  }
  static golden::GoldenProgram lower(const ptq::CalibrationOptions& options, quant::QuantPlan* plan_out) {
    std::vector<ptq::CalibrationSample> samples;
    for (const models::Tensor& image : models::testing::generated_images(6, 21)) samples.push_back({image});
    *plan_out = ptq::calibrate(graph(), samples, options);
    return golden::lower_plan(graph(), *plan_out, "plan");
  }
  static Simulated simulate(const golden::GoldenProgram& program, const quant::QuantPlan& plan, RequantizationUnit& unit,
                            FunctionalFaults faults = {}, int batch = 2, const std::string& preset = "edge_tpu_like") {
    std::vector<std::vector<golden::GoldenTensor>> items;
    for (const models::Tensor& image : models::testing::generated_images(batch, 77)) {
      const golden::TensorSlot& slot = program.tensors[program.input_slots[0]];
      items.push_back({golden::encode_tensor(image, slot.quant, "image")});
    }
    const NpuConfig config = load_npu_config(std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/" + preset + ".json");
    CompileOptions options;
    options.batch = batch;
    const NpuProgram compiled = compile_program(layers_from_program(program, plan), config, options);
    GoldenFunctionalCore core(program, std::move(items), faults);
    Simulated result;
    result.report = simulate_program(compiled, core, unit);
    result.outputs = core.outputs();
    return result;
  }
};

void expect_matches(const Simulated& run, const char* path) {
  ASSERT_TRUE(run.report.matches_golden.has_value()) << path;
  EXPECT_TRUE(*run.report.matches_golden) << path << ": " << run.report.first_difference;
  EXPECT_EQ(run.report.first_difference, "") << path;
}

TEST_F(GoldenCore, EveryPrecisionPathMatchesTheGoldenExecutor) {
  auto unit = make_model_requantization_unit();
  ptq::CalibrationOptions int8, int16, fp16, mixed, dual;
  int16.precision = ptq::Precision::kInt16;
  fp16.precision = ptq::Precision::kFp16;
  mixed.precision = ptq::Precision::kMixed;
  mixed.int16_ops = {"conv2", "gemm"};
  mixed.float_ops = {"conv4"};
  dual.output_bits = 16;
  // The Edge-TPU-like preset computes INT8 only; the NVDLA-like one INT8, INT16 and FP16.
  for (const auto& [name, options] : {std::pair{"int8", int8}, {"int16", int16}, {"fp16", fp16}, {"mixed", mixed}, {"out16", dual}}) {
    quant::QuantPlan plan;
    const golden::GoldenProgram program = lower(options, &plan);
    expect_matches(simulate(program, plan, *unit, {}, 2, std::string(name) == "int8" ? "edge_tpu_like" : "nvdla_full_like"), name);
  }
}

TEST_F(GoldenCore, TheVerilatedRequantizationUnitInTheLoopMatchesToo) {
  auto rtl = make_rtl_requantization_unit();
  quant::QuantPlan plan;
  const golden::GoldenProgram program = lower({}, &plan);
  const Simulated run = simulate(program, plan, *rtl, {}, 1);
  expect_matches(run, "int8 with the RTL");
  EXPECT_EQ(run.report.requant_unit, "rtl");
}

TEST_F(GoldenCore, ARequantizationUnitInAnotherRoundingModeIsCaught) {
  auto unit = make_model_requantization_unit();
  quant::QuantPlan plan;
  const golden::GoldenProgram program = lower({}, &plan);  // the plan rounds half_up
  FunctionalFaults faults;
  faults.requant_mode = quant::RoundingMode::kFloor;
  const Simulated run = simulate(program, plan, *unit, faults, 1);
  ASSERT_TRUE(run.report.matches_golden.has_value());
  EXPECT_FALSE(*run.report.matches_golden);
  EXPECT_NE(run.report.first_difference.find("layer '"), std::string::npos) << run.report.first_difference;
  EXPECT_NE(run.report.first_difference.find("element "), std::string::npos) << run.report.first_difference;
}

TEST_F(GoldenCore, AMacArrayThatDropsOnePartialSumIsCaught) {
  auto unit = make_model_requantization_unit();
  quant::QuantPlan plan;
  const golden::GoldenProgram program = lower({}, &plan);
  FunctionalFaults faults;
  faults.drop_mac_tile = 0;  // conv1's first fold
  const Simulated run = simulate(program, plan, *unit, faults, 1);
  ASSERT_TRUE(run.report.matches_golden.has_value());
  EXPECT_FALSE(*run.report.matches_golden);
  EXPECT_NE(run.report.first_difference.find("layer 'conv1'"), std::string::npos) << run.report.first_difference;
}

// The bundled depth_tiny network (128x160, Conv/Relu/Add/Resize/Concat/Sigmoid*15), every
// precision path, through the NPU model with values: bit-identical to the golden executor.
TEST(GoldenCoreDepthTiny, EveryPrecisionPathMatchesTheGoldenExecutor) {
  const models::Graph graph = models::load_onnx_model(std::string(NPUSIM_SOURCE_DIR) + "/models/depth_tiny.onnx");
  std::vector<models::Tensor> images;
  for (int i = 0; i < 3; ++i) {
    const data::GeneratedScene scene = data::generate_scene(31, i, 128, 160);
    models::Tensor image = models::Tensor::zeros({1, 3, 128, 160});
    for (std::size_t p = 0; p < 128 * 160; ++p) {
      for (std::size_t c = 0; c < 3; ++c) image.data[c * 128 * 160 + p] = scene.render.image.rgb[p * 3 + c] / 255.0f;
    }
    images.push_back(std::move(image));
  }
  std::vector<ptq::CalibrationSample> samples;
  for (const models::Tensor& image : images) samples.push_back({image});
  ptq::CalibrationOptions int8, int16, fp16, mixed, dual;
  int16.precision = ptq::Precision::kInt16;
  fp16.precision = ptq::Precision::kFp16;
  mixed.precision = ptq::Precision::kMixed;
  mixed.int16_ops = {"/head/Conv"};
  dual.dual_output_lo_bits = 8;
  const NpuConfig config = load_npu_config(std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/nvdla_full_like.json");
  auto unit = make_model_requantization_unit();
  for (const auto& [name, options] : {std::pair{"int8", int8}, {"int16", int16}, {"fp16", fp16}, {"mixed", mixed}, {"dual", dual}}) {
    const quant::QuantPlan plan = ptq::calibrate(graph, samples, options);
    const golden::GoldenProgram program = golden::lower_plan(graph, plan, name);
    const golden::TensorSlot& slot = program.tensors[program.input_slots[0]];
    std::vector<std::vector<golden::GoldenTensor>> items{{golden::encode_tensor(images[0], slot.quant, "image")}};
    NpuConfig npu = config;
    if (std::string(name) == "dual") npu.output_writer.dual_output = true;  // the team's NPU splits outputs
    const NpuProgram compiled = compile_program(layers_from_program(program, plan), npu, CompileOptions{});
    GoldenFunctionalCore core(program, std::move(items));
    const SimulationReport report = simulate_program(compiled, core, *unit);
    ASSERT_TRUE(report.matches_golden.has_value()) << name;
    EXPECT_TRUE(*report.matches_golden) << name << ": " << report.first_difference;
  }
}

}  // namespace
}  // namespace npusim::sim
