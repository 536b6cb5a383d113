#include "sim/studies/sweep_simulator.h"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "quant/io/output_set.h"
#include "models/data/scene_generator.h"
#include "models/golden/graph_fingerprint.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "models/ptq/calibration_set.h"
#include "sim/config/npu_config.h"
#include "sim/functional/plan_simulation.h"

namespace npusim::studies {
namespace {

const std::vector<std::string>& path_names() {
  static const std::vector<std::string> names = {"int8", "int16", "fp16", "bf16", "int8_out16", "int8_dual"};
  return names;
}

// The calibration of each path, as `npusim compare` chooses it (sim/studies/compare.cpp):
// calibrate's defaults (per-channel min/max weights, min/max activations, table-aware ranges).
ptq::CalibrationOptions path_options(const std::string& path) {
  ptq::CalibrationOptions options;
  if (path == "int16") options.precision = ptq::Precision::kInt16;
  if (path == "fp16") options.precision = ptq::Precision::kFp16;
  if (path == "bf16") options.precision = ptq::Precision::kBf16;
  if (path == "int8_out16") options.output_bits = 16;
  if (path == "int8_dual") options.dual_output_lo_bits = 8;
  return options;
}

sim::Precision mac_precision(const std::string& path) {
  if (path == "int16") return sim::Precision::kInt16;
  if (path == "fp16") return sim::Precision::kFp16;
  if (path == "bf16") return sim::Precision::kBf16;
  return sim::Precision::kInt8;
}

// What every evaluation shares: the network, its plans, the NPU.
struct SimulatorState {
  models::Graph graph;
  sim::NpuConfig config;
  std::vector<ptq::CalibrationSample> samples;
  std::map<std::string, std::pair<quant::QuantPlan, std::unique_ptr<golden::GoldenProgram>>> paths;
  std::mutex mutex;

  const std::pair<quant::QuantPlan, std::unique_ptr<golden::GoldenProgram>>& path(const std::string& name) {
    auto& entry = paths[name];
    if (!entry.second) {
      entry.first = ptq::calibrate(graph, samples, path_options(name));
      entry.second = std::make_unique<golden::GoldenProgram>(golden::lower_plan(graph, entry.first, name));
    }
    return entry;
  }
};

}  // namespace

SweepBackend make_simulator_backend(const SweepContext& context) {
  auto state = std::make_shared<SimulatorState>();
  if (context.model.empty() || context.npu_config.empty()) {
    throw std::invalid_argument("the sweep's simulator needs a model and an NPU configuration file");
  }
  state->graph = models::load_onnx_model(context.model);
  state->config = sim::load_npu_config(context.npu_config);
  {
    // Sixteen fresh calibration scenes (seed 7), removed again once loaded.
    const std::filesystem::path folder =
        std::filesystem::temp_directory_path() / ("npusim-sweep-scenes-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(state.get())));
    data::SceneGeneratorOptions scenes;
    scenes.count = 16;
    scenes.seed = 7;
    scenes.out_dir = folder.string();
    try {
      io::ImmediateOutputs scratch;  // read back at once below: not one of the command's outputs
      data::generate_scene_dataset(scenes);
      std::ostringstream log;
      state->samples = ptq::load_calibration_samples(state->graph, folder.string(), 16, ptq::CalibrationSelection::kRandom, 1, log);
    } catch (...) {
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
      throw;
    }
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
  SweepBackend backend;
  const sim::MacArrayConfig& first = state->config.mac_arrays.at(0);
  backend.defaults.batch = 1;
  backend.defaults.array = {first.pe_rows, first.pe_cols};
  backend.defaults.dram_gbps = state->config.dram.bandwidth_gbps;
  backend.defaults.precision = "int8";
  backend.fingerprint = golden::graph_fingerprint(state->graph) + "|" + sim::npu_config_to_json(state->config, -1) +
                        "|npusim-sweep-simulator/1";
  backend.max_threads = 1;
  backend.check_grid = [state](const SweepGrid& grid) {
    for (const std::string& precision : grid.precisions) {
      bool known = false;
      for (const std::string& name : path_names()) known = known || name == precision;
      if (!known) {
        std::string list;
        for (const std::string& name : path_names()) list += (list.empty() ? "" : ", ") + name;
        throw std::invalid_argument("--precision: unknown path '" + precision + "' (" + list + ")");
      }
      // Refused before anything runs: otherwise every point of this precision would fail
      // after the others had been simulated, and the sweep would end without a report.
      double macs_per_cycle = 0;
      for (const auto& array : state->config.mac_arrays) macs_per_cycle += array.macs_per_pe_per_cycle[mac_precision(precision)];
      if (!(macs_per_cycle > 0)) {
        throw std::invalid_argument("--precision " + precision + ": the NPU '" + state->config.name +
                                    "' has no MAC array for it (macs_per_pe_per_cycle." + std::string(sim::precision_name(mac_precision(precision))) +
                                    " is 0 in every array); drop it or choose another --npu");
      }
    }
  };
  backend.evaluate = [state](const SweepPoint& point) {
    std::lock_guard<std::mutex> lock(state->mutex);
    sim::NpuConfig config = state->config;
    for (sim::MacArrayConfig& array : config.mac_arrays) {
      array.pe_rows = point.array.rows;
      array.pe_cols = point.array.columns;
    }
    config.dram.bandwidth_gbps = point.dram_gbps;
    sim::validate_npu_config(config, config.name + " (sweep point " + canonical_key(point) + ")");
    const auto& path = state->path(point.precision);
    const sim::SimulationReport report = sim::simulate_plan_timing(*path.second, path.first, config, point.batch);
    SweepMeasurement measured;
    measured.latency_ms = report.latency_ms;
    measured.throughput_ips = report.throughput_ips;
    measured.dram_bytes = static_cast<double>(report.dram_read_bytes + report.dram_write_bytes);
    double macs = 0, memory_cycles = 0;
    for (const sim::LayerReport& layer : report.layers) {
      macs += static_cast<double>(layer.macs);
      if (layer.bound == "memory") memory_cycles += static_cast<double>(layer.cycles);
    }
    measured.ops = 2.0 * macs;
    double macs_per_cycle = 0;
    for (const auto& array : config.mac_arrays) {
      macs_per_cycle += array.pe_rows * array.pe_cols * array.macs_per_pe_per_cycle[mac_precision(point.precision)];
    }
    measured.utilization = report.total_cycles && macs_per_cycle > 0
                               ? macs / (static_cast<double>(report.total_cycles) * macs_per_cycle) : 0.0;
    measured.bound = memory_cycles * 2 > static_cast<double>(report.total_cycles) ? "memory" : "compute";
    measured.peak_gops = 2.0 * macs_per_cycle * config.clock_mhz / 1000.0;
    return measured;
  };
  return backend;
}

}  // namespace npusim::studies
