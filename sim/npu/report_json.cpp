#include "sim/npu/report_json.h"

#include <algorithm>
#include <iomanip>

namespace npusim::sim {

nlohmann::json simulation_report_json(const SimulationReport& report) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerReport& l : report.layers) {
    layers.push_back({{"name", l.name},
                      {"unit", l.unit},
                      {"precision", l.precision},
                      {"cycles", l.cycles},
                      {"compute_cycles", l.compute_cycles},
                      {"stall_cycles", l.stall_cycles},
                      {"macs", l.macs},
                      {"utilization", l.utilization},
                      {"dram_read_bytes", l.dram_read_bytes},
                      {"dram_write_bytes", l.dram_write_bytes},
                      {"sram_bytes", l.sram_bytes},
                      {"energy_uj", l.energy_uj},
                      {"bound", l.bound},
                      {"start_cycle", l.start_cycle},
                      {"dram_busy_cycles", l.dram_busy_cycles},
                      {"requant_elements", l.requant_elements},
                      {"vector_elements", l.vector_elements},
                      {"tiles", l.tiles}});
  }
  nlohmann::json out;
  out["schema"] = kSimulationReportSchema;
  out["npu"] = report.npu;
  out["clock_mhz"] = report.clock_mhz;
  out["batch"] = report.batch;
  out["requant_unit"] = report.requant_unit;
  out["total_cycles"] = report.total_cycles;
  out["latency_ms"] = report.latency_ms;
  out["throughput_ips"] = report.throughput_ips;
  out["dram_read_bytes"] = report.dram_read_bytes;
  out["dram_write_bytes"] = report.dram_write_bytes;
  out["energy_uj"] = report.energy_uj;
  out["matches_golden"] = report.matches_golden ? nlohmann::json(*report.matches_golden) : nlohmann::json(nullptr);
  out["first_difference"] = report.first_difference.empty() ? nlohmann::json(nullptr) : nlohmann::json(report.first_difference);
  out["layers"] = layers;
  return out;
}

void print_simulation_table(const SimulationReport& report, std::ostream& out) {
  out << "npu " << report.npu << " at " << report.clock_mhz << " MHz, batch " << report.batch << ", requantization "
      << report.requant_unit << "\n";
  // As wide as the longest name (ONNX names such as /stages.0/stages.0.0/conv1/conv/Conv differ
  // only at the end), up to 48 columns; a longer name keeps its end.
  std::size_t name_width = 19;
  for (const LayerReport& l : report.layers) name_width = std::max(name_width, l.name.size());
  name_width = std::min<std::size_t>(name_width, 48);
  const auto shown = [name_width](const std::string& name) {
    return name.size() <= name_width ? name : "..." + name.substr(name.size() - (name_width - 3));
  };
  const int column = static_cast<int>(name_width) + 1;
  out << std::left << std::setw(column) << "layer" << std::setw(14) << "unit" << std::right << std::setw(12) << "cycles"
      << std::setw(12) << "compute" << std::setw(12) << "stall" << std::setw(8) << "util" << std::setw(12) << "dram_rd"
      << std::setw(12) << "dram_wr" << std::setw(11) << "energy_uj" << "  bound\n";
  for (const LayerReport& l : report.layers) {
    out << std::left << std::setw(column) << shown(l.name) << std::setw(14) << l.unit << std::right << std::setw(12)
        << l.cycles << std::setw(12) << l.compute_cycles << std::setw(12) << l.stall_cycles << std::setw(7) << std::fixed
        << std::setprecision(1) << 100.0 * l.utilization << "%" << std::setw(12) << l.dram_read_bytes << std::setw(12)
        << l.dram_write_bytes << std::setw(11) << std::setprecision(2) << l.energy_uj << "  " << l.bound << "\n";
  }
  out << std::setprecision(4) << "total: " << report.total_cycles << " cycles, " << report.latency_ms << " ms, "
      << std::setprecision(1) << report.throughput_ips << " inferences/s, DRAM " << report.dram_read_bytes << " B read, "
      << report.dram_write_bytes << " B written, " << std::setprecision(2) << report.energy_uj << " uJ\n";
  out.unsetf(std::ios::fixed);
}

}  // namespace npusim::sim
