// Helpers for golden-executor tests: a hand-written plan (JSON text without the model
// reference) is bound to a graph's fingerprint, lowered, and run on integer codes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/golden/golden_executor.h"
#include "models/golden/graph_fingerprint.h"
#include "models/golden/lower_plan.h"

namespace npusim::golden::testing {

// Adds "schema" and "model" to a plan's "tensors"/"operations" and lowers it for `graph`.
inline GoldenProgram lower_json_plan(const models::Graph& graph, nlohmann::json plan) {
  plan["schema"] = quant::kQuantPlanSchema;
  plan["model"] = {{"fingerprint", graph_fingerprint(graph)}};
  return lower_plan(graph, quant::quant_plan_from_json(plan), "test-plan");
}

// Codes of the program's first input -> codes of its first output (hi for a dual output).
inline std::vector<std::int32_t> run_codes(const GoldenProgram& program, const std::vector<std::int32_t>& codes,
                                           std::vector<std::int32_t>* lo = nullptr) {
  GoldenTensor input;
  const TensorSlot& slot = program.tensors[program.input_slots.at(0)];
  input.shape = slot.shape;
  input.quant = slot.quant;
  input.codes = codes;
  const std::vector<GoldenOutput> outputs = GoldenExecutor(program).run({input});
  if (lo && outputs[0].lo) *lo = outputs[0].lo->codes;
  return outputs.at(0).value.codes;
}

}  // namespace npusim::golden::testing
