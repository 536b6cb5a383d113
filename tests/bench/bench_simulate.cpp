// Timing-only simulation of ResNet-18 (SCALE-Sim's topology, tests/sim/data/scalesim) on a
// 32x32 output-stationary array: goal at most 0.2 s per run. Timed: compile + elaborate + run
// of the SystemC model + the COMPUTE_REPORT rows, from already-read files.
//   BM_ResNet18_ScaleSimCompatible  SCALE-Sim's scale.cfg (the run SCALE-Sim itself takes minutes for)
//   BM_ResNet18_Model/<preset>      our model on a preset (DMA, DRAM, requantization, writer)
//   BM_ResNet18_ModelRtlRequant     edge_tpu_like with the Verilated requantization unit timing every block
#include <benchmark/benchmark.h>

#include <string>

#include "sim/compiler/npu_program.h"
#include "sim/compiler/scalesim_config.h"
#include "sim/compiler/scalesim_topology.h"
#include "sim/npu/scalesim_report.h"
#include "sim/npu/simulate.h"

namespace {

using namespace npusim::sim;

const std::string kData = std::string(NPUSIM_SOURCE_DIR) + "/tests/sim/data/scalesim/";

void BM_ResNet18_ScaleSimCompatible(benchmark::State& state) {
  const auto rows = read_scalesim_topology(kData + "resnet18.csv", ScaleSimTopologyFormat::kConv);
  const auto layers = scalesim_workloads(rows, {});
  const NpuConfig config = scalesim_npu_config(read_scalesim_config(kData + "resnet18_32x32_os.cfg"), "scale.cfg");
  CompileOptions options;
  options.scalesim_compatible = true;
  options.ideal_memory = true;
  auto unit = make_model_requantization_unit();
  std::uint64_t cycles = 0;
  for (auto _ : state) {
    const NpuProgram program = compile_program(layers, config, options);
    NullFunctionalCore timing_only;
    const SimulationReport report = simulate_program(program, timing_only, *unit);
    benchmark::DoNotOptimize(scalesim_compute_rows(program, report));
    cycles = report.total_cycles;
  }
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}
BENCHMARK(BM_ResNet18_ScaleSimCompatible)->Unit(benchmark::kMillisecond);

void run_model(benchmark::State& state, const std::string& preset, RequantizationUnit& unit) {
  ScaleSimWorkloadOptions workload;
  workload.expand_depthwise = false;
  workload.chain_layers = true;
  workload.requantize_outputs = true;
  const auto layers = scalesim_workloads(read_scalesim_topology(kData + "resnet18.csv", ScaleSimTopologyFormat::kConv), workload);
  const NpuConfig config = load_npu_config(std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/" + preset + ".json");
  std::uint64_t cycles = 0;
  for (auto _ : state) {
    const NpuProgram program = compile_program(layers, config, {});
    NullFunctionalCore timing_only;
    cycles = simulate_program(program, timing_only, unit).total_cycles;
  }
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}

void BM_ResNet18_Model(benchmark::State& state, const char* preset) {
  const NpuConfig config = load_npu_config(std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/" + preset + ".json");
  auto unit = make_model_requantization_unit(config.requant.lanes, config.requant.latency_cycles);
  run_model(state, preset, *unit);
}
BENCHMARK_CAPTURE(BM_ResNet18_Model, edge_tpu_like, "edge_tpu_like")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ResNet18_Model, hailo8_like, "hailo8_like")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ResNet18_Model, nvdla_small_like, "nvdla_small_like")->Unit(benchmark::kMillisecond);

void BM_ResNet18_ModelRtlRequant(benchmark::State& state) {
  auto unit = make_rtl_requantization_unit();
  run_model(state, "edge_tpu_like", *unit);
}
BENCHMARK(BM_ResNet18_ModelRtlRequant)->Unit(benchmark::kMillisecond);

}  // namespace
