// The NPU configuration: one JSON file per NPU (schema "npusim.npu/1", presets in
// sim/configs/, every field documented in docs/npu-config.md). Every field carries its unit in
// its name (clock_mhz, size_kib, bandwidth_gbps, latency_ns ...). Loading checks every field:
// a missing, unknown, negative or absurd one is an NpuConfigError naming the file and the
// field path ("edge.json: dram.bandwidth_gbps: must be > 0, got -3").
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/config/npu_types.h"

namespace npusim::sim {

class NpuConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A value per precision (MAC rates, energy per MAC), indexed by Precision.
struct PerPrecision {
  std::array<double, 4> values{};  // int8, int16, fp16, bf16
  double operator[](Precision p) const { return values[static_cast<int>(p)]; }
  double& operator[](Precision p) { return values[static_cast<int>(p)]; }
};

struct MacArrayConfig {
  std::string name;
  int pe_rows = 0;     // processing elements along the array's rows (SCALE-Sim ArrayHeight)
  int pe_cols = 0;     // ... and columns (ArrayWidth)
  Dataflow dataflow = Dataflow::kWeightStationary;
  // MACs each PE completes per cycle at that precision: 1 = one per cycle, 0.25 = one every
  // 4 cycles (a narrow multiplier iterating), 2 = two packed per cycle, 0 = not supported.
  PerPrecision macs_per_pe_per_cycle;
};

struct SramBufferConfig {
  double size_kib = 0;       // capacity, KiB (1024 bytes)
  int banks = 0;             // independently addressed banks
  int bank_width_bytes = 0;  // bytes each bank reads or writes per cycle
  std::uint64_t size_bytes() const { return static_cast<std::uint64_t>(size_kib * 1024.0); }
  std::uint64_t bytes_per_cycle() const { return static_cast<std::uint64_t>(banks) * bank_width_bytes; }
};

struct SramConfig {
  SramBufferConfig weights;       // MAC-array weights (resident across a batch when they fit)
  SramBufferConfig activations;   // layer inputs and outputs
  SramBufferConfig accumulators;  // partial sums of weight/input-stationary folds
};

struct DmaConfig {
  int engines = 0;          // transfers that can be in flight at once
  int bytes_per_cycle = 0;  // one engine's own limit (the DRAM channel is shared on top)
  int setup_cycles = 0;     // per command: descriptor fetch and address setup
};

struct DramConfig {
  double bandwidth_gbps = 0;  // GB/s (10^9 bytes per second), shared by every stream
  double latency_ns = 0;      // from request to first byte
  int burst_bytes = 0;        // transfers are rounded up to whole bursts
};

struct RequantConfig {
  int units = 1;           // requantization units working in parallel
  int lanes = 8;           // elements per cycle per unit (default: the RTL's INT8 configuration)
  int latency_cycles = 4;  // pipeline depth (default: rtl/requant.v, RequantUnit::kLatencyCycles)
};

struct VectorUnitConfig {
  int latency_cycles = 0;  // pipeline depth per tile
  // Input elements per cycle per operation; 0 (or absent in the file) = the NPU cannot run it.
  std::array<double, kAllVectorOps.size()> elements_per_cycle{};
  double rate(VectorOp op) const { return elements_per_cycle[static_cast<int>(op)]; }
};

struct OutputWriterConfig {
  int bytes_per_cycle = 0;  // into the activation SRAM or the DMA store queue
  bool dual_output = false; // can split one requantized result into two tensors (hi, lo) in one pass
};

struct EnergyConfig {
  PerPrecision pj_per_mac;             // one multiply-accumulate
  double sram_pj_per_byte = 0;         // one byte read or written in any on-chip buffer
  double dram_pj_per_byte = 0;         // one byte moved to or from DRAM (interface + device)
  double requant_pj_per_element = 0;   // one element through the requantization unit
  double vector_pj_per_element = 0;    // one input element through the vector unit
  std::vector<std::string> sources;    // where the figures come from
};

struct NpuConfig {
  std::string name;
  std::string description;
  std::string approximation;         // how far this is from the real NPU it resembles
  std::vector<std::string> sources;  // where the architecture figures come from
  double clock_mhz = 0;
  std::vector<MacArrayConfig> mac_arrays;
  SramConfig sram;
  DmaConfig dma;
  DramConfig dram;
  RequantConfig requant;
  VectorUnitConfig vector_unit;
  OutputWriterConfig output_writer;
  EnergyConfig energy;

  // DRAM bytes per NPU clock cycle (bandwidth_gbps * 1e9 / (clock_mhz * 1e6)).
  double dram_bytes_per_cycle() const { return dram.bandwidth_gbps * 1000.0 / clock_mhz; }
  // DRAM latency in NPU clock cycles, rounded up.
  std::uint64_t dram_latency_cycles() const;
};

inline constexpr const char* kNpuConfigSchema = "npusim.npu/1";

// Reads and checks a configuration file. Errors name the file and the field.
NpuConfig load_npu_config(const std::string& path);
// The same from text already read; source_name is used in messages.
NpuConfig parse_npu_config(const std::string& json_text, const std::string& source_name);
// Checks the value rules on a configuration built in code (parse_npu_config calls it too).
void validate_npu_config(const NpuConfig& config, const std::string& source_name);
// The configuration as the JSON a file would hold (the program and reports embed it).
std::string npu_config_to_json(const NpuConfig& config, int indent = 2);

}  // namespace npusim::sim
