// Calibration and the golden executor on a generated network that uses every integer
// operation kind: plans validate and lower, the integer results track the float model with
// the SQNR each precision should reach, and runs are deterministic.
#include <gtest/gtest.h>

#include <cmath>

#include "models/executor/float_executor.h"
#include "models/golden/golden_executor.h"
#include "models/golden/lower_plan.h"
#include "models/ptq/calibrate.h"
#include "quant/metrics/error_metrics.h"
#include "tests/models/generated_network.h"

namespace npusim::ptq {
namespace {

using models::testing::generated_images;
using models::testing::generated_network;

struct PathResult {
  std::vector<double> sqnr_db;  // per model output, over the held-out images
};

PathResult run_path(const CalibrationOptions& options) {
  const models::Graph graph = generated_network();
  std::vector<CalibrationSample> samples;
  for (const models::Tensor& image : generated_images(24, 11)) samples.push_back({image});
  const quant::QuantPlan plan = calibrate(graph, samples, options);
  const golden::GoldenProgram program = golden::lower_plan(graph, plan, "generated-plan");
  const golden::GoldenExecutor executor(program);
  models::FloatExecutor reference(graph);
  PathResult result;
  std::vector<std::vector<float>> ref(graph.output_names.size()), test(graph.output_names.size());
  // Images the calibration saw: no value falls outside its grid, so what is measured is the
  // integer arithmetic (rounding, tables, fixed point), not the clipping of unseen ranges.
  for (const models::Tensor& image : generated_images(6, 11)) {
    const std::vector<models::Tensor> expected = reference.run({image});
    const std::vector<golden::GoldenOutput> actual = executor.run_float({image});
    for (std::size_t o = 0; o < expected.size(); ++o) {
      const models::Tensor decoded = actual[o].decode();
      ref[o].insert(ref[o].end(), expected[o].data.begin(), expected[o].data.end());
      test[o].insert(test[o].end(), decoded.data.begin(), decoded.data.end());
    }
  }
  for (std::size_t o = 0; o < ref.size(); ++o) result.sqnr_db.push_back(quant::sqnr_db(ref[o].data(), test[o].data(), ref[o].size()));
  return result;
}

void expect_sqnr_at_least(const PathResult& result, double minimum_db, const char* path) {
  for (std::size_t o = 0; o < result.sqnr_db.size(); ++o) {
    EXPECT_GE(result.sqnr_db[o], minimum_db) << path << " output " << o;
  }
}

// Bounds: 8-bit grids give ~6 dB per bit, less what ~10 requantized layers add (measured
// 36.5-43.9 dB on this network); 16-bit grids ~48 dB more (80.6-90.9); FP16 keeps 11
// significant bits (67.2-69.6). A broken rounding, bias or table costs far more than the margin.
TEST(CalibrateGolden, Int8TracksTheFloatModel) { expect_sqnr_at_least(run_path({}), 30.0, "int8"); }

TEST(CalibrateGolden, Int16TracksItFarCloser) {
  CalibrationOptions options;
  options.precision = Precision::kInt16;
  expect_sqnr_at_least(run_path(options), 75.0, "int16");
}

TEST(CalibrateGolden, Fp16TracksItToHalfPrecision) {
  CalibrationOptions options;
  options.precision = Precision::kFp16;
  expect_sqnr_at_least(run_path(options), 60.0, "fp16");
}

TEST(CalibrateGolden, PlansRoundTripAndRunsAreDeterministic) {
  const models::Graph graph = generated_network();
  std::vector<CalibrationSample> samples;
  for (const models::Tensor& image : generated_images(8, 3)) samples.push_back({image});
  const quant::QuantPlan plan = calibrate(graph, samples, {});
  EXPECT_EQ(quant::quant_plan_from_json(quant::quant_plan_to_json(plan)), plan);
  EXPECT_EQ(plan.model->file, "generated.onnx");
  const golden::GoldenProgram program = golden::lower_plan(graph, plan, "plan");
  const golden::GoldenExecutor executor(program);
  const models::Tensor image = generated_images(1, 5)[0];
  const auto first = executor.run_float({image});
  const auto second = executor.run_float({image});
  for (std::size_t o = 0; o < first.size(); ++o) EXPECT_EQ(first[o].value.codes, second[o].value.codes);
  // BatchNormalization was folded: no plan operation names it.
  for (const auto& op : plan.operations) {
    for (const std::string& node : op.nodes) EXPECT_NE(node, "bn1");
  }
}

}  // namespace
}  // namespace npusim::ptq
