// Small NPU configurations and layers for the compiler and model tests, built in code so every
// number a test works by hand is visible in the test.
#pragma once

#include <string>
#include <vector>

#include "sim/compiler/layer_workload.h"
#include "sim/config/npu_config.h"

namespace npusim::testing {

// One 4 x 4 output-stationary INT8 array at 1000 MHz (1 GB/s = 1 byte per cycle), SRAMs of
// 64 KiB with 64 bytes per cycle, one DMA engine without setup, DRAM 16 GB/s (16 bytes per
// cycle), no latency, 1-byte bursts; requantization 8 lanes, 4 stages; writer 16 bytes/cycle.
inline sim::NpuConfig small_npu() {
  sim::NpuConfig c;
  c.name = "small";
  c.approximation = "a test configuration";
  c.sources = {"tests/sim/npu_test_support.h"};
  c.clock_mhz = 1000;
  sim::MacArrayConfig array;
  array.name = "a0";
  array.pe_rows = 4;
  array.pe_cols = 4;
  array.dataflow = sim::Dataflow::kOutputStationary;
  array.macs_per_pe_per_cycle[sim::Precision::kInt8] = 1;
  c.mac_arrays = {array};
  sim::SramBufferConfig buffer;
  buffer.size_kib = 64;
  buffer.banks = 4;
  buffer.bank_width_bytes = 16;
  c.sram = {buffer, buffer, buffer};
  c.dma = {1, 4096, 0};
  c.dram.bandwidth_gbps = 16;
  c.dram.latency_ns = 0;
  c.dram.burst_bytes = 1;
  c.requant = {1, 8, 4};
  c.vector_unit.latency_cycles = 2;
  c.vector_unit.elements_per_cycle[static_cast<int>(sim::VectorOp::kAdd)] = 4;
  c.output_writer = {16, false};
  c.energy.pj_per_mac[sim::Precision::kInt8] = 0.3;
  c.energy.sram_pj_per_byte = 2.5;
  c.energy.dram_pj_per_byte = 160;
  c.energy.requant_pj_per_element = 3;
  c.energy.vector_pj_per_element = 0.5;
  c.energy.sources = {"test"};
  return c;
}

// A GEMM layer of M x N x K INT8 with 1-byte elements, reading `producer` ("" = DRAM).
inline sim::LayerWorkload gemm_layer(const std::string& name, std::uint64_t m, std::uint64_t n, std::uint64_t k,
                                     const std::string& producer = "") {
  sim::LayerWorkload layer;
  layer.name = name;
  layer.kind = sim::LayerKind::kGemm;
  layer.gemm_m = m;
  layer.gemm_n = n;
  layer.gemm_k = k;
  layer.inputs = {{producer, m * k}};
  layer.weight_bytes = k * n;
  layer.output_bytes = m * n;
  layer.requant_elements = m * n;
  return layer;
}

}  // namespace npusim::testing
