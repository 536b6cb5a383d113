// SCALE-Sim v2's COMPUTE_REPORT.csv from a compatible-mode simulation, with its columns and
// its definitions (scalesim/single_layer_sim.py calc_report_data, compute/systolic_compute_*.py):
//   Total Cycles        the index of the layer's last cycle, counted from 0 (SCALE-Sim's
//                       total_cycles is the last output row's cycle): our cycle count - 1
//   Stall Cycles        our stall cycles (0 in CALC mode, as in SCALE-Sim)
//   Overall Util %      M*N*K * 100 / (Total Cycles * R * C)
//   Mapping Efficiency % mean over folds of (rows used * cols used) / (R * C) * 100
//   Compute Util %      mean over folds of rows used * cols used * T / (R * C * fold length) * 100,
//                       fold length as SCALE-Sim measures it (fold_timing.h)
#pragma once

#include <ostream>
#include <vector>

#include "sim/compiler/npu_program.h"
#include "sim/npu/simulate.h"

namespace npusim::sim {

struct ScaleSimComputeRow {
  std::uint64_t total_cycles = 0;
  std::uint64_t stall_cycles = 0;
  double overall_util_percent = 0;
  double mapping_efficiency_percent = 0;
  double compute_util_percent = 0;
};

std::vector<ScaleSimComputeRow> scalesim_compute_rows(const NpuProgram& program, const SimulationReport& report);

// "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,"
// then one row per layer, numbers as Python prints them.
void write_scalesim_compute_report(const std::vector<ScaleSimComputeRow>& rows, std::ostream& out);

}  // namespace npusim::sim
