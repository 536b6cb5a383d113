#include "sim/npu/simulate.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/npu/npu_top.h"
#include "sim/npu/sc_kernel.h"

namespace npusim::sim {
namespace {

LayerReport layer_report(const NpuProgram& program, const LayerPlan& plan, const LayerCounters& c) {
  const NpuConfig& config = program.config;
  LayerReport r;
  r.name = plan.layer.name;
  r.unit = std::string(exec_unit_name(plan.unit));
  r.precision = std::string(precision_name(plan.layer.precision));
  r.start_cycle = c.start_cycle;
  r.cycles = c.end_cycle - c.start_cycle;
  switch (plan.unit) {
    case ExecUnit::kMacArray:
      for (int a : plan.arrays) r.compute_cycles = std::max(r.compute_cycles, c.array_busy[static_cast<std::size_t>(a)]);
      break;
    case ExecUnit::kVectorUnit: r.compute_cycles = c.vector_busy; break;
    case ExecUnit::kRequantUnit: r.compute_cycles = c.requant_busy; break;
    case ExecUnit::kDataMovement: r.compute_cycles = c.writer_busy; break;
  }
  r.compute_cycles = std::min(r.compute_cycles, r.cycles);
  r.stall_cycles = r.cycles - r.compute_cycles;
  r.macs = c.macs;
  if (plan.unit == ExecUnit::kMacArray) {
    double peak_per_cycle = 0;
    for (int a : plan.arrays) {
      const MacArrayConfig& array = config.mac_arrays[static_cast<std::size_t>(a)];
      peak_per_cycle += static_cast<double>(array.pe_rows) * array.pe_cols * plan.macs_per_pe_per_cycle;
    }
    r.utilization = r.cycles == 0 ? 0 : static_cast<double>(r.macs) / (static_cast<double>(r.cycles) * peak_per_cycle);
  } else {
    r.utilization = r.cycles == 0 ? 0 : static_cast<double>(r.compute_cycles) / static_cast<double>(r.cycles);
  }
  r.dram_read_bytes = c.dram_read_bytes;
  r.dram_write_bytes = c.dram_write_bytes;
  r.sram_bytes = c.sram_bytes;
  r.requant_elements = c.requant_elements;
  r.vector_elements = c.vector_elements;
  r.tiles = c.tiles;
  r.dram_busy_cycles = static_cast<std::uint64_t>(std::ceil(c.dram_busy - 1e-9));
  const EnergyConfig& e = config.energy;
  const double picojoules = static_cast<double>(r.macs) * e.pj_per_mac[plan.layer.precision] +
                            static_cast<double>(r.sram_bytes) * e.sram_pj_per_byte +
                            static_cast<double>(r.dram_read_bytes + r.dram_write_bytes) * e.dram_pj_per_byte +
                            static_cast<double>(r.requant_elements) * e.requant_pj_per_element +
                            static_cast<double>(r.vector_elements) * e.vector_pj_per_element;
  r.energy_uj = picojoules / 1e6;
  r.bound = r.dram_busy_cycles > 0 && r.dram_busy_cycles >= r.compute_cycles ? "memory" : "compute";
  return r;
}

}  // namespace

SimulationReport simulate_program(const NpuProgram& program, FunctionalCore& functional, RequantizationUnit& requant,
                                  TraceLog* trace) {
  // A width the unit has no configuration for is an error naming the layer, before elaboration
  // (inside a SystemC thread it would surface as a bare kernel report).
  for (const LayerPlan& plan : program.layers) {
    if (plan.layer.requant_elements == 0 || program.options.scalesim_compatible) continue;
    try {
      (void)requant.timing(plan.layer.accumulator_bits, plan.layer.output_bits);
    } catch (const std::exception& e) {
      throw std::invalid_argument("layer '" + plan.layer.name + "': " + requant.name() + " requantization unit: " + e.what());
    }
  }
  fresh_systemc_kernel();
  NpuContext context(program, functional, requant, trace);
  {
    NpuTop top("npu", context);
    sc_core::sc_start();
  }
  SimulationReport report;
  report.npu = program.config.name;
  report.clock_mhz = program.config.clock_mhz;
  report.batch = program.options.batch;
  report.requant_unit = requant.name();
  for (std::size_t i = 0; i < program.layers.size(); ++i) {
    report.layers.push_back(layer_report(program, program.layers[i], context.layers[i]));
    const LayerReport& layer = report.layers.back();
    report.dram_read_bytes += layer.dram_read_bytes;
    report.dram_write_bytes += layer.dram_write_bytes;
    report.energy_uj += layer.energy_uj;
    report.total_cycles = std::max(report.total_cycles, context.layers[i].end_cycle);
  }
  report.matches_golden = functional.matches_golden();
  report.first_difference = functional.first_difference();
  report.latency_ms = static_cast<double>(report.total_cycles) / (program.config.clock_mhz * 1000.0);
  report.throughput_ips = report.total_cycles == 0 ? 0 : report.batch / (report.latency_ms / 1000.0);
  return report;
}

}  // namespace npusim::sim
