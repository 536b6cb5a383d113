// Running the NPU model on a compiled program, and what comes out: the report (binding field
// names, ARCHITECTURE.md / issue 12; docs/npu-model.md explains each), and optionally the
// trace log for a Perfetto trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/compiler/npu_program.h"
#include "sim/npu/functional_core.h"
#include "sim/npu/trace_log.h"
#include "sim/requant/requantization_unit.h"

namespace npusim::sim {

struct LayerReport {
  std::string name;
  std::string unit;             // mac_array, vector_unit, requant, data_movement
  std::uint64_t cycles = 0;     // from the layer's first step to its last store (layers do not overlap)
  std::uint64_t compute_cycles = 0;  // busy cycles of its unit (the busiest array for MAC layers)
  std::uint64_t stall_cycles = 0;    // cycles - compute_cycles: waiting for DMA, requantization, the writer
  std::uint64_t macs = 0;
  double utilization = 0;       // MAC layers: macs / (cycles x PEs x MACs per PE per cycle); else compute / cycles
  std::uint64_t dram_read_bytes = 0, dram_write_bytes = 0;
  std::uint64_t sram_bytes = 0;  // read or written in on-chip buffers
  double energy_uj = 0;
  std::string bound;            // "memory" when the DRAM channel was busy longer than the unit, else "compute"
  // Beyond the binding fields:
  std::uint64_t start_cycle = 0;
  std::uint64_t dram_busy_cycles = 0;
  std::uint64_t requant_elements = 0, vector_elements = 0, tiles = 0;
  std::string precision;
};

struct SimulationReport {
  std::string npu;
  double clock_mhz = 0;
  int batch = 1;
  std::string requant_unit;        // "model" or "rtl"
  std::uint64_t total_cycles = 0;  // the whole batch
  double latency_ms = 0;           // total_cycles at clock_mhz: the time for the whole batch
  double throughput_ips = 0;       // batch items per second
  std::uint64_t dram_read_bytes = 0, dram_write_bytes = 0;
  double energy_uj = 0;
  std::optional<bool> matches_golden;  // null in timing-only runs (the functional core decides otherwise)
  std::string first_difference;        // the functional core's: the first differing layer and element
  std::vector<LayerReport> layers;
};

// Elaborates the model in a fresh SystemC kernel, runs it to the end and reports. `trace`, when
// not null, receives every tile, transfer and DRAM use. The functional core sees every hook
// (functional_core.h); the requantization unit times (and, through the core, computes) every
// requantization.
SimulationReport simulate_program(const NpuProgram& program, FunctionalCore& functional, RequantizationUnit& requant,
                                  TraceLog* trace = nullptr);

}  // namespace npusim::sim
