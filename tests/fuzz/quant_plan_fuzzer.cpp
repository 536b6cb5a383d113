// QuantPlan JSON (quant/plan: schema, fields, per-tensor/per-channel parameters), the
// plan written back (to_json validates again), and the plan checked against a bundled
// model by lowering it (models/golden/lower_plan: fingerprint, coverage, grids), which is
// what every command taking --plan does before running anything.
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "quant/plan/quant_plan.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// depth_tiny is the smallest bundled network; the seed plans in the corpus are its plans.
const npusim::models::Graph& bundled_graph() {
  static const npusim::models::Graph graph =
      npusim::models::load_onnx_model(std::string(NPUSIM_SOURCE_DIR) + "/models/depth_tiny.onnx");
  return graph;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  const models::Graph& graph = bundled_graph();
  quant::QuantPlan plan;
  try {
    const nlohmann::json document = nlohmann::json::parse(data, data + size);
    plan = quant::quant_plan_from_json(document);
  } catch (const std::exception&) {
    return 0;
  }
  try {
    // A plan that loaded must write back and load again.
    (void)quant::quant_plan_from_json(quant::quant_plan_to_json(plan));
  } catch (const std::exception& e) {
    fuzz::check(false, e.what());
  }
  try {
    (void)golden::lower_plan(graph, plan, "fuzz_plan.json");
  } catch (const std::exception&) {
  }
  return 0;
}
