// SCALE-Sim v2 configuration files (.cfg, configs/scale.cfg in its repository) -> an NPU
// configuration for the compatible mode of `npusim simulate`.
//
// Read like scalesim/scale_config.py: sections [general] (run_name), [architecture_presets]
// (ArrayHeight, ArrayWidth, IfmapSramSzkB, FilterSramSzkB, OfmapSramSzkB, IfmapOffset,
// FilterOffset, OfmapOffset, Dataflow, Bandwidth, MemoryBanks) and [run_presets]
// (InterfaceBandwidth: CALC or USER). Keys are case-insensitive, "key: value" or "key = value".
// Unlike SCALE-Sim, a missing key or a bad value is an error naming the file and the key.
#pragma once

#include <string>
#include <vector>

#include "sim/config/npu_config.h"

namespace npusim::sim {

struct ScaleSimConfig {
  std::string run_name;
  int array_rows = 0, array_cols = 0;  // ArrayHeight, ArrayWidth
  int ifmap_sram_kb = 0, filter_sram_kb = 0, ofmap_sram_kb = 0;
  Dataflow dataflow = Dataflow::kOutputStationary;
  bool user_bandwidth = false;       // InterfaceBandwidth USER (else CALC)
  std::vector<int> bandwidth_words;  // Bandwidth, words per cycle (USER mode)
};

class ScaleSimConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

ScaleSimConfig read_scalesim_config(const std::string& path);
ScaleSimConfig parse_scalesim_config(const std::string& text, const std::string& source_name);

// The NPU the SCALE-Sim file describes: one array, INT8 (1-byte words) at one MAC per PE per
// cycle, the three SRAMs. SCALE-Sim has no clock, so cycles are reported at a nominal 1000
// MHz. CALC mode (SCALE-Sim computes the bandwidth a layer needs, so nothing stalls) becomes
// a DRAM channel too wide and too fast ever to stall (100000 bytes per cycle, no latency);
// USER mode becomes a shared channel of `Bandwidth` bytes per cycle (SCALE-Sim gives each of
// its three streams that bandwidth separately: see docs/scalesim.md).
NpuConfig scalesim_npu_config(const ScaleSimConfig& config, const std::string& source_name);

}  // namespace npusim::sim
