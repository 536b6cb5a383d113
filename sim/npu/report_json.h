// The simulation report as JSON (schema "npusim.simulation/1", docs/npu-model.md), and as a
// table for people.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/npu/simulate.h"

namespace npusim::sim {

inline constexpr const char* kSimulationReportSchema = "npusim.simulation/1";

nlohmann::json simulation_report_json(const SimulationReport& report);
void print_simulation_table(const SimulationReport& report, std::ostream& out);

}  // namespace npusim::sim
