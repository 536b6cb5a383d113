#include "sim/studies/latency_budget_assignment.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "models/golden/lower_plan.h"
#include "sim/functional/plan_simulation.h"

namespace npusim::sim {
namespace {

double simulated_latency_ms(const models::Graph& graph, const quant::QuantPlan& plan, const NpuConfig& config,
                            int batch) {
  const golden::GoldenProgram program = golden::lower_plan(graph, plan, "mixed plan");
  return simulate_plan_timing(program, plan, config, batch).latency_ms;
}

std::string format_ms(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f ms", value);
  return text;
}

}  // namespace

LatencyAssignment assign_under_latency_budget(const models::Graph& graph, const std::vector<std::string>& ranking,
                                              double budget_ms, const NpuConfig& config, int batch,
                                              const MixedPlanFactory& make_plan) {
  if (!(std::isfinite(budget_ms) && budget_ms > 0)) {
    throw std::invalid_argument("latency budget must be finite and > 0 ms");
  }
  LatencyAssignment result;
  std::set<std::string> chosen;
  result.base_latency_ms = simulated_latency_ms(graph, make_plan(chosen), config, batch);
  ++result.simulations;
  if (result.base_latency_ms > budget_ms) {
    throw std::invalid_argument("latency budget " + format_ms(budget_ms) + " is below the all-INT8 latency " +
                                format_ms(result.base_latency_ms) + " on NPU '" + config.name + "'");
  }
  result.latency_ms = result.base_latency_ms;
  for (const std::string& operation : ranking) {
    chosen.insert(operation);
    const double latency = simulated_latency_ms(graph, make_plan(chosen), config, batch);
    ++result.simulations;
    if (latency <= budget_ms) {
      result.promoted.push_back(operation);
      result.latency_ms = latency;
    } else {
      chosen.erase(operation);
      result.skipped.push_back(operation);
    }
  }
  return result;
}

}  // namespace npusim::sim
