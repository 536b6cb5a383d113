// The SystemC model's timing on small programs worked by hand: fold cycles plus
// requantization and writer tails, DMA and DRAM, several arrays, precisions, bandwidth
// scaling of memory- and compute-bound layers, batch amortisation of resident weights.
#include <gtest/gtest.h>

#include "sim/compiler/npu_program.h"
#include "sim/npu/dram_channel_core.h"
#include "sim/npu/simulate.h"
#include "tests/sim/npu_test_support.h"

namespace npusim::sim {
namespace {

using testing::gemm_layer;
using testing::small_npu;

SimulationReport run(const std::vector<LayerWorkload>& layers, const NpuConfig& config, CompileOptions options = {}) {
  const NpuProgram program = compile_program(layers, config, options);
  NullFunctionalCore timing_only;
  auto unit = make_model_requantization_unit(config.requant.lanes, config.requant.latency_cycles);
  return simulate_program(program, timing_only, *unit);
}

CompileOptions ideal() {
  CompileOptions options;
  options.ideal_memory = true;
  return options;
}

TEST(DramChannelCore, SharesOneChannelInArrivalOrder) {
  DramChannelCore channel(2.0, 5, 4);  // 2 bytes per cycle, 4-byte bursts
  EXPECT_EQ(channel.reserve(0, 10), 6u);   // 12 bytes (3 bursts) / 2
  EXPECT_EQ(channel.reserve(0, 8), 10u);   // waits for the first: 6 + 4
  EXPECT_EQ(channel.reserve(20, 1), 22u);  // idle channel: one 4-byte burst
  EXPECT_DOUBLE_EQ(channel.busy_cycles(), 12.0);
  EXPECT_EQ(channel.bytes_moved(), 24u);
  EXPECT_EQ(channel.latency_cycles(), 5u);
}

// 8 x 8 x 64 on one 4 x 4 os array: 4 folds of 64 + 4 + 4 - 2 = 70 cycles. The last block's
// 16 results then take ceil(16 / 8) + 4 = 6 cycles to requantize and 16 / 16 = 1 to write.
TEST(NpuTiming, ComputeBoundLayerByHand) {
  const SimulationReport r = run({gemm_layer("fc", 8, 8, 64)}, small_npu(), ideal());
  ASSERT_EQ(r.layers.size(), 1u);
  EXPECT_EQ(r.layers[0].compute_cycles, 280u);
  EXPECT_EQ(r.total_cycles, 280u + 6u + 1u);
  EXPECT_EQ(r.layers[0].stall_cycles, 7u);
  EXPECT_EQ(r.layers[0].macs, 8u * 8u * 64u);
  EXPECT_EQ(r.layers[0].bound, "compute");
  EXPECT_NEAR(r.layers[0].utilization, 4096.0 / (287.0 * 16.0), 1e-12);
  EXPECT_NEAR(r.latency_ms, 287.0 / 1e6, 1e-15);  // 1000 MHz
  EXPECT_FALSE(r.matches_golden.has_value());
}

// The same layer reading DRAM at 16 bytes per cycle: weights (512 B) then input (512 B) on one
// engine, 32 cycles each, before the first fold; the last block's 16-byte store takes 1 more.
TEST(NpuTiming, DmaBeforeTheFirstFoldByHand) {
  const SimulationReport r = run({gemm_layer("fc", 8, 8, 64)}, small_npu());
  EXPECT_EQ(r.total_cycles, 64u + 280u + 6u + 1u + 1u);
  EXPECT_EQ(r.dram_read_bytes, 1024u);
  EXPECT_EQ(r.dram_write_bytes, 64u);
}

// b's 512 bytes of weights load during a (both fit the weight SRAM together): b's first fold
// starts at once: 4 folds of 70 + requant 6 + write 1 + its last 16-byte store 1 = 288. With a
// weight SRAM too small for both (each still fits alone), b loads them first: 32 cycles more.
TEST(NpuTiming, NextLayersWeightsLoadDuringThisLayer) {
  std::vector<LayerWorkload> layers = {gemm_layer("a", 8, 8, 64), gemm_layer("b", 8, 8, 64, "a")};
  layers[1].inputs[0].bytes = 64;  // a's 8 x 8 output, on chip
  layers[1].network_output = true;
  NpuConfig config = small_npu();
  const NpuProgram program = compile_program(layers, config, {});
  EXPECT_TRUE(program.layers[1].weights_prefetched);
  EXPECT_FALSE(program.layers[0].weights_prefetched);  // nothing runs before the first layer
  const SimulationReport prefetched = run(layers, config);
  EXPECT_EQ(prefetched.layers[1].cycles, 288u);
  EXPECT_EQ(prefetched.layers[1].dram_read_bytes, 512u);  // counted where it belongs
  config.sram.weights.size_kib = 1000.0 / 1024;
  config.sram.weights.banks = 1;
  EXPECT_FALSE(compile_program(layers, config, {}).layers[1].weights_prefetched);
  EXPECT_EQ(run(layers, config).layers[1].cycles, 288u + 32u);
}

// A copy of 4 KiB from DRAM to DRAM (a reshape the NPU does by DMA): one tile (inputs and
// outputs take 8 KiB, within a quarter of the activation SRAM per direction): load 4096 / 16
// = 256 cycles, the writer 4096 / 16 = 256, the store 256. A vector add of two 1 KiB tensors
// at 4 elements per cycle: both loads (128 cycles), ceil(2048 / 4) + 2 = 514, the 1 KiB result
// requantized (ceil(1024 / 8) + 4 = 132), written (64) and stored (64).
TEST(NpuTiming, DataMovementAndVectorLayersByHand) {
  LayerWorkload copy;
  copy.name = "copy";
  copy.kind = LayerKind::kDataMovement;
  copy.inputs = {{"", 4096}};
  copy.output_bytes = 4096;
  copy.network_output = true;
  const SimulationReport moved = run({copy}, small_npu());
  EXPECT_EQ(moved.layers[0].unit, "data_movement");
  EXPECT_EQ(moved.total_cycles, 256u * 3u);
  EXPECT_EQ(moved.layers[0].compute_cycles, 256u);  // the writer's copy
  EXPECT_EQ(moved.layers[0].bound, "memory");

  LayerWorkload add;
  add.name = "add";
  add.kind = LayerKind::kVector;
  add.vector_op = VectorOp::kAdd;
  add.vector_elements = 2048;
  add.inputs = {{"", 1024}, {"", 1024}};
  add.output_bytes = 1024;
  add.requant_elements = 1024;
  add.network_output = true;
  const SimulationReport added = run({add}, small_npu());
  EXPECT_EQ(added.layers[0].compute_cycles, 514u);
  EXPECT_EQ(added.total_cycles, 128u + 514u + 132u + 64u + 64u);
  EXPECT_EQ(added.layers[0].dram_read_bytes, 2048u);
}

// Two engines limited to 8 bytes per cycle each on a 16-byte channel: the two 4 KiB loads
// run side by side (512 cycles); one engine does them one after the other (1024).
TEST(NpuTiming, EnginesShareTheChannel) {
  NpuConfig config = small_npu();
  config.dma.bytes_per_cycle = 8;
  const auto layers = std::vector<LayerWorkload>{gemm_layer("fc", 64, 64, 64)};  // 4 KiB weights, 4 KiB input
  const SimulationReport one = run(layers, config);
  config.dma.engines = 2;
  const SimulationReport two = run(layers, config);
  const std::uint64_t compute = one.layers[0].compute_cycles;
  EXPECT_EQ(compute, 16u * 16u * 70u);
  EXPECT_EQ(two.layers[0].compute_cycles, compute);
  EXPECT_EQ(one.total_cycles - two.total_cycles, 512u);
  // With the channel itself at 8 bytes per cycle, a second engine gains nothing: contention.
  config.dram.bandwidth_gbps = 8;
  const SimulationReport contended = run(layers, config);
  config.dma.engines = 1;
  EXPECT_EQ(run(layers, config).total_cycles, contended.total_cycles);
}

// Two identical arrays take alternate folds: 2 folds of 70 each, requantization of the four
// blocks queues behind them (70 -> 76, 76 -> 82, 140 -> 146, 146 -> 152), then one write.
TEST(NpuTiming, TwoArraysShareALayersFolds) {
  NpuConfig config = small_npu();
  config.mac_arrays.push_back(config.mac_arrays[0]);
  config.mac_arrays[1].name = "a1";
  const SimulationReport r = run({gemm_layer("fc", 8, 8, 64)}, config, ideal());
  EXPECT_EQ(r.layers[0].compute_cycles, 140u);
  EXPECT_EQ(r.total_cycles, 153u);
}

TEST(NpuTiming, Int16AndFp16AreSlowerWhereTheConfigSaysSo) {
  NpuConfig config = small_npu();
  config.mac_arrays[0].macs_per_pe_per_cycle[Precision::kInt16] = 0.5;
  config.mac_arrays[0].macs_per_pe_per_cycle[Precision::kFp16] = 0.25;
  config.energy.pj_per_mac[Precision::kInt16] = 1.0;
  config.energy.pj_per_mac[Precision::kFp16] = 1.5;
  auto layer = [](Precision p) {
    LayerWorkload l = gemm_layer("fc", 8, 8, 64);
    l.precision = p;
    return std::vector<LayerWorkload>{l};
  };
  const SimulationReport int8 = run(layer(Precision::kInt8), config, ideal());
  const SimulationReport int16 = run(layer(Precision::kInt16), config, ideal());
  const SimulationReport fp16 = run(layer(Precision::kFp16), config, ideal());
  EXPECT_EQ(int8.layers[0].compute_cycles, 4u * (6u + 64u));
  EXPECT_EQ(int16.layers[0].compute_cycles, 4u * (6u + 128u));
  EXPECT_EQ(fp16.layers[0].compute_cycles, 4u * (6u + 256u));
  EXPECT_GT(fp16.layers[0].energy_uj, int16.layers[0].energy_uj);
  // An array running int16 at the int8 rate: no slower (the rate, not the name, decides).
  config.mac_arrays[0].macs_per_pe_per_cycle[Precision::kInt16] = 1;
  EXPECT_EQ(run(layer(Precision::kInt16), config, ideal()).layers[0].compute_cycles, int8.layers[0].compute_cycles);
}

// Memory-bound: 4 x 256 x 1024 streams 256 KiB of weights (they do not fit 64 KiB) for little
// compute: halving the bandwidth doubles the time. Compute-bound: 256 x 64 x 256 with resident
// weights and a streamed input barely notices.
TEST(NpuTiming, MemoryBoundScalesWithBandwidthComputeBoundDoesNot) {
  NpuConfig slow = small_npu(), fast = small_npu();
  slow.dram.bandwidth_gbps = 1;
  fast.dram.bandwidth_gbps = 2;
  const auto memory_layer = std::vector<LayerWorkload>{gemm_layer("wide", 4, 256, 1024)};
  const SimulationReport m_slow = run(memory_layer, slow), m_fast = run(memory_layer, fast);
  EXPECT_EQ(m_slow.layers[0].bound, "memory");
  const double memory_ratio = static_cast<double>(m_slow.total_cycles) / m_fast.total_cycles;
  EXPECT_GT(memory_ratio, 1.9);
  EXPECT_LT(memory_ratio, 2.1);

  slow.dram.bandwidth_gbps = 8;
  fast.dram.bandwidth_gbps = 16;
  const auto compute_layer = std::vector<LayerWorkload>{gemm_layer("deep", 256, 64, 256)};
  const SimulationReport c_slow = run(compute_layer, slow), c_fast = run(compute_layer, fast);
  EXPECT_EQ(c_fast.layers[0].bound, "compute");
  EXPECT_EQ(c_slow.layers[0].bound, "compute");
  const double compute_ratio = static_cast<double>(c_slow.total_cycles) / c_fast.total_cycles;
  EXPECT_LT(compute_ratio, 1.01);
  EXPECT_GE(compute_ratio, 1.0);
}

// Batch 4 with resident weights reads them once: W + 4 I. Without room, every item reloads
// them: 4 W + 4 I. Per item, the resident case gets cheaper with the batch.
TEST(NpuTiming, ResidentWeightsAmortiseOverTheBatch) {
  const auto layers = std::vector<LayerWorkload>{gemm_layer("fc", 32, 16, 64)};  // W 1 KiB, I 2 KiB
  CompileOptions batch4;
  batch4.batch = 4;
  const SimulationReport one = run(layers, small_npu());
  const SimulationReport four = run(layers, small_npu(), batch4);
  EXPECT_EQ(one.dram_read_bytes, 1024u + 2048u);
  EXPECT_EQ(four.dram_read_bytes, 1024u + 4u * 2048u);
  NpuConfig cramped = small_npu();
  cramped.sram.weights.size_kib = 0.5;
  cramped.sram.weights.banks = 1;
  EXPECT_EQ(run(layers, cramped, batch4).dram_read_bytes, 4u * 1024u + 4u * 2048u);
  EXPECT_GT(four.throughput_ips, one.throughput_ips);
}

}  // namespace
}  // namespace npusim::sim
