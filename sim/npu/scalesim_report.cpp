#include "sim/npu/scalesim_report.h"

#include <charconv>
#include <string>

#include "sim/compiler/fold_timing.h"

namespace npusim::sim {
namespace {

// Python's repr of a float: the shortest round-trip digits, ".0" for whole numbers.
std::string python_float(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

std::vector<ScaleSimComputeRow> scalesim_compute_rows(const NpuProgram& program, const SimulationReport& report) {
  std::vector<ScaleSimComputeRow> rows;
  for (std::size_t i = 0; i < program.layers.size(); ++i) {
    const LayerPlan& plan = program.layers[i];
    const LayerReport& layer = report.layers.at(i);
    ScaleSimComputeRow row;
    row.total_cycles = layer.cycles > 0 ? layer.cycles - 1 : 0;
    row.stall_cycles = layer.stall_cycles;
    if (plan.tiling) {
      const MacTiling& t = *plan.tiling;
      const double array_pes = static_cast<double>(t.pe_rows) * t.pe_cols;
      const double macs = static_cast<double>(plan.layer.macs_per_item()) * program.options.batch;
      row.overall_util_percent = row.total_cycles == 0 ? 0 : macs * 100.0 / (static_cast<double>(row.total_cycles) * array_pes);
      double mapping = 0, compute = 0;
      const std::uint64_t tiles = t.tiles_per_item();
      for (std::uint64_t k = 0; k < tiles; ++k) {
        const MacTile tile = mac_tile_at(t, k);
        const double used = static_cast<double>(tile.rows_used * tile.cols_used);
        mapping += used / array_pes;
        const double fold = static_cast<double>(
            scalesim_utilization_fold_cycles(t.dataflow, t.pe_rows, t.pe_cols, tile.time_steps));
        compute += used * static_cast<double>(tile.time_steps) / (array_pes * fold);
      }
      row.mapping_efficiency_percent = mapping / static_cast<double>(tiles) * 100.0;
      row.compute_util_percent = compute / static_cast<double>(tiles) * 100.0;
    }
    rows.push_back(row);
  }
  return rows;
}

void write_scalesim_compute_report(const std::vector<ScaleSimComputeRow>& rows, std::ostream& out) {
  out << "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ScaleSimComputeRow& r = rows[i];
    out << i << ", " << r.total_cycles << ", " << r.stall_cycles << ", " << python_float(r.overall_util_percent) << ", "
        << python_float(r.mapping_efficiency_percent) << ", " << python_float(r.compute_util_percent) << ",\n";
  }
}

}  // namespace npusim::sim
