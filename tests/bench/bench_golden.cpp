// Golden executor speed on the bundled depth network at 128x160, batch 1: INT8, INT16 and
// FP16 plans beside the FP32 float executor, in one run. Plans are calibrated here on eight
// synthetic scenes. Each benchmark's label says which convolution path ran (oneDNN's exact
// int8 convolution where the CPU has VNNI/AMX, else the exact floating-point GEMM).
// ONNX Runtime on the exported QDQ model is timed beside it by scripts/bench_golden.sh.
// Run: OMP_NUM_THREADS=1 build/tests/bench/bench_golden (numbers in docs/ptq.md).
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "models/data/scene_generator.h"
#include "models/executor/float_executor.h"
#include "models/golden/conv_onednn_int8.h"
#include "models/golden/golden_executor.h"
#include "models/golden/lower_plan.h"
#include "models/ptq/calibrate.h"
#include "sim/compiler/npu_program.h"
#include "sim/config/npu_config.h"
#include "sim/functional/golden_core.h"
#include "sim/functional/golden_layers.h"
#include "sim/npu/simulate.h"
#include "sim/requant/requantization_unit.h"

namespace npusim::golden {
namespace {

const std::string kModel = std::string(NPUSIM_SOURCE_DIR) + "/models/depth_l2_relu.onnx";

models::Tensor scene_input(int index) {
  const data::GeneratedScene scene = data::generate_scene(4242, index, 128, 160);
  models::Tensor input = models::Tensor::zeros({1, 3, 128, 160});
  const std::size_t plane = 128 * 160;
  for (std::size_t pixel = 0; pixel < plane; ++pixel) {
    for (std::size_t c = 0; c < 3; ++c) input.data[c * plane + pixel] = scene.render.image.rgb[pixel * 3 + c] / 255.0f;
  }
  return input;
}

const models::Graph& graph() {
  static const models::Graph loaded = models::load_onnx_model(kModel);
  return loaded;
}

const GoldenProgram& program(ptq::Precision precision) {
  static std::map<ptq::Precision, std::unique_ptr<GoldenProgram>> programs;
  auto& slot = programs[precision];
  if (!slot) {
    std::vector<ptq::CalibrationSample> samples;
    for (int i = 0; i < 8; ++i) samples.push_back({scene_input(i)});
    ptq::CalibrationOptions options;
    options.precision = precision;
    slot = std::make_unique<GoldenProgram>(lower_plan(graph(), ptq::calibrate(graph(), samples, options), "bench"));
  }
  return *slot;
}

void BM_Fp32Executor(benchmark::State& state) {
  models::FloatExecutor executor(graph());
  const std::vector<models::Tensor> input{scene_input(100)};
  for (auto _ : state) benchmark::DoNotOptimize(executor.run(input));
  state.counters["images/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel("oneDNN f32 convolution");
}
BENCHMARK(BM_Fp32Executor)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Golden(benchmark::State& state, ptq::Precision precision) {
  const GoldenExecutor executor(program(precision));
  const std::vector<models::Tensor> input{scene_input(100)};
  for (auto _ : state) benchmark::DoNotOptimize(executor.run_float(input));
  state.counters["images/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
  const bool int8 = precision == ptq::Precision::kInt8;
  state.SetLabel(precision == ptq::Precision::kFp16 ? "ordered fp32-accumulating float convolution"
                 : int8 && onednn_int8_exact()      ? "oneDNN exact int8 convolution (VNNI/AMX)"
                                                    : "exact floating-point GEMM convolution");
}
BENCHMARK_CAPTURE(BM_Golden, int8, ptq::Precision::kInt8)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Golden, int16, ptq::Precision::kInt16)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Golden, fp16, ptq::Precision::kFp16)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same network through the SystemC NPU model with its values (the golden executor as
// functional core, the C++ requantization model), batch 1 on the Hailo-like preset: compile,
// simulate, and the golden reference run the core compares with (one image).
void BM_SimulateWithValues(benchmark::State& state) {
  static quant::QuantPlan plan;
  const GoldenProgram& int8 = program(ptq::Precision::kInt8);
  if (plan.tensors.empty()) {
    std::vector<ptq::CalibrationSample> samples;
    for (int i = 0; i < 8; ++i) samples.push_back({scene_input(i)});
    plan = ptq::calibrate(graph(), samples, {});
  }
  const sim::NpuConfig config = sim::load_npu_config(std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/hailo8_like.json");
  const models::Tensor image = scene_input(100);
  const TensorSlot& slot = int8.tensors[int8.input_slots[0]];
  auto unit = sim::make_model_requantization_unit(config.requant.lanes, config.requant.latency_cycles);
  for (auto _ : state) {
    const sim::NpuProgram compiled = sim::compile_program(sim::layers_from_program(int8, plan), config, sim::CompileOptions{});
    sim::GoldenFunctionalCore core(int8, {{encode_tensor(image, slot.quant, "image")}});
    const sim::SimulationReport report = sim::simulate_program(compiled, core, *unit);
    if (!report.matches_golden || !*report.matches_golden) state.SkipWithError("the simulation does not match the golden");
  }
  state.SetLabel("int8, hailo8_like, values through every unit");
}
BENCHMARK(BM_SimulateWithValues)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace npusim::golden
