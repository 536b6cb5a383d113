// The model's Perfetto trace: a track per unit, one slice per tile on the unit that ran it,
// the layers on their own track, and a DRAM bandwidth counter whose area is the bytes moved.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/compiler/npu_program.h"
#include "sim/npu/npu_trace.h"
#include "sim/npu/simulate.h"
#include "tests/sim/npu_test_support.h"

namespace npusim::sim {
namespace {

TEST(NpuTrace, TracksSlicesAndBandwidth) {
  const std::vector<LayerWorkload> layers = {testing::gemm_layer("a", 8, 8, 64), testing::gemm_layer("b", 8, 8, 8, "a")};
  const NpuProgram program = compile_program(layers, testing::small_npu(), {});
  NullFunctionalCore timing_only;
  auto unit = make_model_requantization_unit();
  TraceLog log;
  const SimulationReport report = simulate_program(program, timing_only, *unit, &log);
  std::ostringstream out;
  write_perfetto_trace(log, report, out, 10);
  const nlohmann::json trace = nlohmann::json::parse(out.str());
  std::map<int, std::string> track_names;
  std::map<std::string, int> slices_per_track;
  double counter_bytes = 0, previous_ts = -1, previous_rate = 0;
  for (const auto& e : trace.at("traceEvents")) {
    if (e.at("ph") == "M" && e.at("name") == "thread_name") track_names[e.at("tid")] = e.at("args").at("name");
  }
  for (const auto& e : trace.at("traceEvents")) {
    if (e.at("ph") == "X") ++slices_per_track[track_names.at(e.at("tid"))];
    if (e.at("ph") == "C") {
      const double ts = e.at("ts");
      if (previous_ts >= 0) counter_bytes += previous_rate * 1e9 * (ts - previous_ts) * 1e-6;  // GB/s x us
      previous_ts = ts;
      previous_rate = e.at("args").at("GB/s");
    }
  }
  const double window_us = 10 / 1000.0;  // 10 cycles at 1000 MHz
  counter_bytes += previous_rate * 1e9 * window_us * 1e-6;  // the last window
  EXPECT_EQ(slices_per_track["layers"], 2);
  EXPECT_EQ(slices_per_track["mac_array a0"], 4 + 4);  // 2 x 2 folds per layer
  EXPECT_EQ(slices_per_track["requant (model)"], 8);
  EXPECT_EQ(slices_per_track["output_writer"], 8);
  EXPECT_GE(slices_per_track["dma0"], 3);  // a's weights and input, b's weights, b's output
  const double moved = static_cast<double>(report.dram_read_bytes + report.dram_write_bytes);
  EXPECT_NEAR(counter_bytes, moved, 0.01 * moved);
}

// Two DMA engines queue on one channel: the counter shows bytes while the channel moves them,
// so no window exceeds the channel's bandwidth (it once drew queued chunks from their request
// time: 5.8 GB/s on a 3.9 GB/s channel).
TEST(NpuTrace, BandwidthCounterNeverExceedsTheChannel) {
  const std::vector<LayerWorkload> layers = {testing::gemm_layer("a", 64, 64, 512), testing::gemm_layer("b", 64, 64, 64, "a")};
  NpuConfig config = testing::small_npu();
  config.dma.engines = 2;
  config.dram.bandwidth_gbps = 2;  // memory-bound: both engines always have chunks waiting
  const NpuProgram program = compile_program(layers, config, {});
  NullFunctionalCore timing_only;
  auto unit = make_model_requantization_unit();
  TraceLog log;
  const SimulationReport report = simulate_program(program, timing_only, *unit, &log);
  std::ostringstream out;
  write_perfetto_trace(log, report, out, 200);
  const nlohmann::json trace = nlohmann::json::parse(out.str());
  double peak = 0;
  int windows = 0;
  for (const auto& e : trace.at("traceEvents")) {
    if (e.at("ph") != "C") continue;
    peak = std::max(peak, e.at("args").at("GB/s").get<double>());
    ++windows;
  }
  EXPECT_GT(windows, 10);
  EXPECT_GT(peak, 0.9 * config.dram.bandwidth_gbps);  // it is memory-bound
  EXPECT_LE(peak, 1.01 * config.dram.bandwidth_gbps);
}

}  // namespace
}  // namespace npusim::sim
