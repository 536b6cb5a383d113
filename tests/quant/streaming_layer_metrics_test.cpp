// Streaming the per-layer diagnostics over batches gives what compute_metrics (whose values
// are checked by hand in metrics_test.cpp) gives on the batches concatenated.
#include <gtest/gtest.h>

#include <random>

#include "quant/metrics/streaming_layer_metrics.h"

namespace npusim::quant {
namespace {

TEST(StreamingLayerMetrics, EqualsComputeMetricsOnTheConcatenation) {
  std::mt19937 random(5);
  std::normal_distribution<float> normal(0.0f, 1.5f);
  QuantSpec spec;
  const QParams grid{0.02f, -3};  // [-2.5, 2.6]: the tails saturate
  StreamingLayerMetrics streaming(std::make_pair(grid, spec));
  std::vector<float> all_ref, all_test;
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<float> ref(1000 + 37 * batch), test(ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) {
      ref[i] = normal(random);
      test[i] = ref[i] + 0.05f * normal(random);
    }
    streaming.add(ref.data(), test.data(), ref.size());
    all_ref.insert(all_ref.end(), ref.begin(), ref.end());
    all_test.insert(all_test.end(), test.begin(), test.end());
  }
  MetricsOptions options;
  options.spec = spec;
  options.grid = {grid};
  const MetricValues whole = compute_metrics(all_ref, all_test, {static_cast<std::int64_t>(all_ref.size())}, options).tensor;
  const MetricValues streamed = streaming.values();
  EXPECT_NEAR(streamed.sqnr_db, whole.sqnr_db, 1e-9);
  EXPECT_NEAR(streamed.cosine, whole.cosine, 1e-12);
  EXPECT_DOUBLE_EQ(streamed.max_abs_error, whole.max_abs_error);
  EXPECT_NEAR(streamed.mse, whole.mse, 1e-15);
  EXPECT_DOUBLE_EQ(streamed.saturation_rate, whole.saturation_rate);
  EXPECT_GT(streamed.saturation_rate, 0.0);
  EXPECT_NEAR(streamed.clipped_energy, whole.clipped_energy, 1e-12);
  EXPECT_EQ(streamed.used_codes, whole.used_codes);
  EXPECT_DOUBLE_EQ(streamed.code_utilization, whole.code_utilization);
  EXPECT_NEAR(streamed.effective_bits, whole.effective_bits, 1e-12);
}

TEST(StreamingLayerMetrics, FloatGridsHaveNoCodeMetrics) {
  StreamingLayerMetrics streaming(std::nullopt);
  const float ref[] = {1.0f, -2.0f}, test[] = {1.0f, -2.0f};
  streaming.add(ref, test, 2);
  EXPECT_TRUE(std::isinf(streaming.values().sqnr_db));
  EXPECT_EQ(streaming.values().available_codes, 0u);
}

}  // namespace
}  // namespace npusim::quant
