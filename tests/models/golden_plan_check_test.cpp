// A plan is checked against its model before anything runs: each problem is an error that
// names the plan, the field and the node.
#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "models/golden/lower_plan.h"
#include "models/ptq/calibrate.h"
#include "tests/models/generated_network.h"

namespace npusim::golden {
namespace {

using nlohmann::json;

class PlanCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    graph_ = models::testing::generated_network();
    std::vector<ptq::CalibrationSample> samples;
    for (const models::Tensor& image : models::testing::generated_images(4, 1)) samples.push_back({image});
    plan_ = quant::quant_plan_to_json(ptq::calibrate(graph_, samples, {}));
  }
  void expect_rejected(const std::function<void(json&)>& edit, const std::string& expected) {
    json plan = plan_;
    edit(plan);
    try {
      lower_plan(graph_, quant::quant_plan_from_json(plan), "p.json");
      FAIL() << "accepted; expected: " << expected;
    } catch (const std::exception& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  }
  std::size_t operation_index(const std::string& name) const {
    for (std::size_t i = 0; i < plan_["operations"].size(); ++i) {
      if (plan_["operations"][i]["name"] == name) return i;
    }
    throw std::runtime_error("no operation " + name);
  }
  models::Graph graph_;
  json plan_;
};

TEST_F(PlanCheck, TheCalibratedPlanLowers) { EXPECT_NO_THROW(lower_plan(graph_, quant::quant_plan_from_json(plan_), "p.json")); }

TEST_F(PlanCheck, AnotherModelsPlanIsRefused) {
  expect_rejected([](json& p) { p["model"]["fingerprint"] = "fnv1a64:0000000000000000"; },
                  "p.json: model.fingerprint: the plan was calibrated for another model");
  expect_rejected([](json& p) { p.erase("model"); }, "p.json: model: missing");
}

TEST_F(PlanCheck, EveryOperationMustBePlanned) {
  const std::size_t gemm = operation_index("gemm");
  expect_rejected([gemm](json& p) { p["operations"].erase(gemm); },
                  "the model's gemm operation at Gemm node 'gemm' has no plan operation");
}

TEST_F(PlanCheck, OperationsMustMatchTheGraph) {
  const std::size_t conv = operation_index("conv2");
  expect_rejected([conv](json& p) { p["operations"][conv]["nodes"] = {"conv2"}; },
                  "node 'conv2' belongs to the conv operation of nodes [conv2, leaky2]");
  expect_rejected([conv](json& p) { p["operations"][conv]["kind"] = "lut"; }, "kind: 'lut', but the nodes form a conv operation");
  expect_rejected([conv](json& p) { p["operations"][conv]["nodes"] = {"nowhere"}; }, "the model has no node 'nowhere'");
  expect_rejected([conv](json& p) { p["operations"][conv]["inputs"][1] = "w3"; }, "inputs must be [\"p1\", \"w2\"]");
}

TEST_F(PlanCheck, ParametersMustFitTheirTensors) {
  const std::size_t conv = operation_index("conv2");
  expect_rejected([conv](json& p) { p["operations"][conv]["requant"]["qmax"] = 300; }, "exceeds the codes of");
  expect_rejected([conv](json& p) { p["operations"][conv]["requant"]["zero_point"] = 99; }, "differs from the zero point");
  expect_rejected([conv](json& p) { p["operations"][conv].erase("requant"); }, "needs 'requant'");
  const std::size_t table = operation_index("tanh4");
  expect_rejected([table](json& p) { p["operations"][table]["integer_params"].erase("fraction_bits"); },
                  "integer_params.fraction_bits is missing");
  const std::size_t add = operation_index("add2");
  expect_rejected([add](json& p) { p["operations"][add]["input_multipliers"] = {1}; }, "needs input_multipliers, one per operand");
}

TEST_F(PlanCheck, MissingTensorsAreNamed) {
  // The input's tensor renamed everywhere: the plan is consistent in itself, not with the model.
  json plan = json::parse(std::regex_replace(plan_.dump(), std::regex("\"image\""), "\"picture\""));
  try {
    lower_plan(graph_, quant::quant_plan_from_json(plan), "p.json");
    FAIL() << "a plan without the input's tensor was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("model input 'image': the plan has no tensor 'image'"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace npusim::golden
