// Diagnostics of docs/metrics.md with hand-worked values (working in the comments).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "quant/metrics/code_metrics.h"
#include "quant/metrics/error_metrics.h"
#include "quant/metrics/histogram_kl.h"
#include "quant/metrics/metrics_report.h"
#include "quant/metrics/topk_hit.h"

namespace npusim::quant {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Sqnr, HandWorked) {
  // x = {3, 4}, y = {3, 3}: ||x|| = 5, ||x - y|| = 1 -> 20 log10 5 = 13.9794 dB.
  const std::vector<float> x = {3, 4}, y = {3, 3};
  EXPECT_NEAR(sqnr_db(x.data(), y.data(), 2), 20.0 * std::log10(5.0), 1e-12);
  // Halving the error adds 20 log10 2 = 6.02 dB.
  const std::vector<float> closer = {3, 3.5f};
  EXPECT_NEAR(sqnr_db(x.data(), closer.data(), 2), 20.0 * std::log10(10.0), 1e-12);
}

TEST(Sqnr, EdgeCases) {
  const std::vector<float> x = {1, -2}, zero = {0, 0};
  EXPECT_EQ(sqnr_db(x.data(), x.data(), 2), kInf);          // identical
  EXPECT_EQ(sqnr_db(zero.data(), zero.data(), 2), kInf);    // identical zero vectors
  EXPECT_EQ(sqnr_db(zero.data(), x.data(), 2), -kInf);      // no signal, some noise
}

TEST(Cosine, HandWorkedAndEdgeCases) {
  const std::vector<float> e1 = {1, 0}, e2 = {0, 1}, a = {1, 2}, minus_a = {-1, -2}, ones = {1, 1}, zero = {0, 0};
  EXPECT_NEAR(cosine_similarity(e1.data(), e2.data(), 2), 0.0, 1e-15);
  EXPECT_NEAR(cosine_similarity(a.data(), minus_a.data(), 2), -1.0, 1e-15);  // signed
  EXPECT_NEAR(cosine_similarity(ones.data(), e1.data(), 2), 1.0 / std::sqrt(2.0), 1e-15);
  EXPECT_EQ(cosine_similarity(zero.data(), zero.data(), 2), 1.0);
  const std::vector<float> awkward = {0.1f, -3.7f, 1e-3f, 12345.6f, 7.0f};
  EXPECT_EQ(cosine_similarity(awkward.data(), awkward.data(), 5), 1.0);  // identical: exactly 1
  EXPECT_EQ(cosine_similarity(zero.data(), a.data(), 2), 0.0);
  EXPECT_EQ(cosine_similarity(a.data(), zero.data(), 2), 0.0);
}

TEST(ErrorMetrics, MseAndMaxAbs) {
  // x = {1, 2, 3}, y = {1, 3, 5}: errors 0, 1, 2 -> MSE 5/3, max 2.
  const std::vector<float> x = {1, 2, 3}, y = {1, 3, 5};
  EXPECT_NEAR(mean_squared_error(x.data(), y.data(), 3), 5.0 / 3.0, 1e-15);
  EXPECT_EQ(max_abs_error(x.data(), y.data(), 3), 2.0);
  EXPECT_EQ(mean_squared_error(x.data(), x.data(), 3), 0.0);
}

TEST(HistogramKl, HandWorkedTwoBins) {
  // x = {0, 0, 1, 1}, y = {0, 0, 0, 1}; common range [0, 1], 2 bins, alpha 0.5:
  // x counts {2, 2} -> p = {2.5, 2.5} / 5; y counts {3, 1} -> q = {3.5, 1.5} / 5.
  // KL = .5 ln(.5 / .7) + .5 ln(.5 / .3)
  const std::vector<float> x = {0, 0, 1, 1}, y = {0, 0, 0, 1};
  const double expected = 0.5 * std::log(0.5 / 0.7) + 0.5 * std::log(0.5 / 0.3);
  EXPECT_NEAR(histogram_kl_divergence(x.data(), 4, y.data(), 4, {2, 0.5}), expected, 1e-12);
  // alpha 1: p = {3, 3} / 6, q = {4, 2} / 6: KL = .5 ln(.5 / (2/3)) + .5 ln(.5 / (1/3)).
  const double with_alpha_1 = 0.5 * std::log(0.75) + 0.5 * std::log(1.5);
  EXPECT_NEAR(histogram_kl_divergence(x.data(), 4, y.data(), 4, {2, 1.0}), with_alpha_1, 1e-12);
  // 1 bin: both histograms are {4}: KL 0.
  EXPECT_EQ(histogram_kl_divergence(x.data(), 4, y.data(), 4, {1, 0.5}), 0.0);
}

TEST(HistogramKl, IdenticalAndConstantGiveZero) {
  const std::vector<float> x = {0.1f, 5, -3, 2}, constant = {7, 7, 7};
  EXPECT_EQ(histogram_kl_divergence(x.data(), 4, x.data(), 4), 0.0);
  EXPECT_EQ(histogram_kl_divergence(constant.data(), 3, constant.data(), 3), 0.0);
  EXPECT_THROW(histogram_kl_divergence(x.data(), 4, x.data(), 4, {0, 0.5}), std::invalid_argument);
}

TEST(CodeUsage, HandWorkedInt8) {
  // INT8 (-128..127), scale 1, zero point 0. The clamp acts below -128.5 and above 127.5.
  //   -200   -> saturated, code -128, clipped error (-200 + 128)^2 = 5184
  //   -128.4 -> code -128 (inside the lowest cell)
  //   0, 0.4 -> code 0
  //   127.6  -> saturated, code 127, clipped error 0.6^2 = 0.36
  //   200    -> saturated, code 127, clipped error 73^2 = 5329
  // saturation 3/6; codes {-128 x2, 0 x2, 127 x2}: 3 used of 256, entropy log2 3.
  const std::vector<float> x = {-200.0f, -128.4f, 0.0f, 0.4f, 127.6f, 200.0f};
  QuantSpec spec;
  const CodeUsage usage = code_usage(x.data(), x.size(), QParams{1.0f, 0}, spec);
  EXPECT_NEAR(usage.saturation_rate, 0.5, 1e-15);
  double signal = 0.0;
  for (float v : x) signal += static_cast<double>(v) * v;
  const double clipped = 5184.0 + std::pow(127.6f - 127.0, 2) + 5329.0;
  EXPECT_NEAR(usage.clipped_energy, clipped / signal, 1e-12);
  EXPECT_EQ(usage.used_codes, 3u);
  EXPECT_EQ(usage.available_codes, 256u);
  EXPECT_NEAR(usage.code_utilization, 3.0 / 256.0, 1e-15);
  EXPECT_NEAR(usage.effective_bits, std::log2(3.0), 1e-12);
}

TEST(CodeUsage, UnsignedWithZeroPointAndSingleCode) {
  // UINT4 (0..15), scale 0.5, zero point 4: codes cover (0 - 4) * 0.5 = -2 .. (15 - 4) * 0.5 = 5.5;
  // the clamp acts below -2.25 and above 5.75.
  QuantSpec spec;
  spec.bits = 4;
  spec.is_signed = false;
  const std::vector<float> x = {-2.2f, -2.3f, 5.7f, 5.8f};
  const CodeUsage usage = code_usage(x.data(), 4, QParams{0.5f, 4}, spec);
  EXPECT_NEAR(usage.saturation_rate, 0.5, 1e-15);
  EXPECT_EQ(usage.used_codes, 2u);  // 0 and 15
  EXPECT_EQ(usage.available_codes, 16u);
  EXPECT_NEAR(usage.effective_bits, 1.0, 1e-12);
  const std::vector<float> zeros = {0, 0, 0};
  const CodeUsage single = code_usage(zeros.data(), 3, QParams{0.5f, 4}, spec);
  EXPECT_EQ(single.effective_bits, 0.0);
  EXPECT_EQ(single.clipped_energy, 0.0);  // zero signal
  EXPECT_THROW(code_usage(zeros.data(), 3, QParams{0.0f, 4}, spec), std::invalid_argument);
}

TEST(TopkHit, RowsAndColumns) {
  // ref [[1, 5, 3], [9, 8, 7]], test [[1, 3, 5], [9, 7, 8]]
  // axis -1, k 1: row 0 argmax 1 vs 2 (miss), row 1 0 vs 0 (hit) -> 0.5
  // axis -1, k 2: row 0 {1, 2} vs {2, 1} -> 1; row 1 {0, 1} vs {0, 2} -> 0.5 -> 0.75
  // axis 0, k 1: every column's larger entry is in row 1 for both -> 1
  const std::vector<float> ref = {1, 5, 3, 9, 8, 7}, test = {1, 3, 5, 9, 7, 8};
  EXPECT_NEAR(topk_hit_rate(ref.data(), test.data(), {2, 3}, -1, 1), 0.5, 1e-15);
  EXPECT_NEAR(topk_hit_rate(ref.data(), test.data(), {2, 3}, -1, 2), 0.75, 1e-15);
  EXPECT_NEAR(topk_hit_rate(ref.data(), test.data(), {2, 3}, 0, 1), 1.0, 1e-15);
  EXPECT_THROW(topk_hit_rate(ref.data(), test.data(), {2, 3}, -1, 4), std::invalid_argument);
  EXPECT_THROW(topk_hit_rate(ref.data(), test.data(), {2, 3}, -1, 0), std::invalid_argument);
}

TEST(TopkHit, TiesRankTheLowerIndexFirst) {
  EXPECT_EQ(topk_indices({2, 2, 1}, 1), (std::vector<std::size_t>{0}));
  EXPECT_EQ(topk_indices({1, 3, 3, 0}, 2), (std::vector<std::size_t>{1, 2}));
}

TEST(MetricsReport, PerTensorAndPerChannel) {
  // shape [2, 2] = [[1, 2], [3, 4]]; test = [[1, 2], [3, 5]] (one error of 1 at (1, 1)).
  // Per tensor: MSE 1/4, max 1, SQNR 10 log10(30 / 1).
  // Per channel (axis 1): column 0 {1, 3} exact -> SQNR inf; column 1 {2, 4} vs {2, 5} ->
  // 10 log10(20 / 1), MSE 1/2.
  const std::vector<float> ref = {1, 2, 3, 4}, test = {1, 2, 3, 5};
  MetricsOptions options;
  options.channel_axis = 1;
  const MetricsReport report = compute_metrics(ref, test, {2, 2}, options);
  EXPECT_NEAR(report.tensor.mse, 0.25, 1e-15);
  EXPECT_NEAR(report.tensor.sqnr_db, 10.0 * std::log10(30.0), 1e-12);
  ASSERT_EQ(report.channels.size(), 2u);
  EXPECT_EQ(report.channels[0].sqnr_db, kInf);
  EXPECT_NEAR(report.channels[1].sqnr_db, 10.0 * std::log10(20.0), 1e-12);
  EXPECT_NEAR(report.channels[1].mse, 0.5, 1e-15);
  EXPECT_TRUE(report.grid_from_reference);
  // Grid from the reference's own min/max: nothing saturates.
  EXPECT_EQ(report.tensor.saturation_rate, 0.0);
}

TEST(MetricsReport, GivenGridAndBadInputs) {
  // INT8, scale 0.01, zero point 0: representable up to 1.27 (clamp above 1.275):
  // ref {0.5, 2, -3, 1} -> 2 and -3 saturate: 2/4.
  const std::vector<float> ref = {0.5f, 2.0f, -3.0f, 1.0f};
  MetricsOptions options;
  options.grid = {QParams{0.01f, 0}};
  const MetricsReport report = compute_metrics(ref, ref, {4}, options);
  EXPECT_NEAR(report.tensor.saturation_rate, 0.5, 1e-15);
  EXPECT_FALSE(report.grid_from_reference);
  std::vector<float> bad = ref;
  bad[2] = std::numeric_limits<float>::quiet_NaN();
  try {
    compute_metrics(ref, bad, {4}, options);
    FAIL() << "NaN accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("test tensor: 1 non-finite value (first: NaN at flat index 2)"),
              std::string::npos) << e.what();
  }
  EXPECT_THROW(compute_metrics(ref, {1, 2, 3}, {4}, options), std::invalid_argument);
  EXPECT_THROW(compute_metrics({}, {}, {0}, options), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::quant
