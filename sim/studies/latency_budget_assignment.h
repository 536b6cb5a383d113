// Mixed precision under a latency budget: promote operations to W16A16 in order of
// sensitivity (most sensitive first) while the network, simulated on an NPU configuration,
// stays within the budget. An operation that would break the budget is skipped and the
// next one tried, so a cheap sensitive layer still gets in after an expensive one did not.
//
// The latency of a candidate comes from the SystemC model (timing only: values do not change
// timing), so the plan it is measured on only has to have the right precision per operation;
// the caller supplies it (the CLI calibrates on one image for this, on the full set for the
// plan it writes).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "models/graph/graph.h"
#include "quant/plan/quant_plan.h"
#include "sim/config/npu_config.h"

namespace npusim::sim {

struct LatencyAssignment {
  std::vector<std::string> promoted;  // in the order they were accepted
  std::vector<std::string> skipped;   // ranked operations that did not fit
  double base_latency_ms = 0;         // nothing promoted
  double latency_ms = 0;              // with `promoted`
  int simulations = 0;
};

// A plan for `graph` with exactly these operations at W16A16 and the others at INT8.
using MixedPlanFactory = std::function<quant::QuantPlan(const std::set<std::string>& int16_operations)>;

// `ranking`: candidate operations, most sensitive first. Throws std::invalid_argument when the
// budget is not finite and positive, or below the all-INT8 latency (nothing can be met).
LatencyAssignment assign_under_latency_budget(const models::Graph& graph, const std::vector<std::string>& ranking,
                                              double budget_ms, const NpuConfig& config, int batch,
                                              const MixedPlanFactory& make_plan);

}  // namespace npusim::sim
