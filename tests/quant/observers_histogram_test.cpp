// Streaming histogram (exact re-binning), the expected quantization error of a histogram,
// the TensorRT-style KL search and the histogram MSE observer. Hand-worked values.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "quant/observers/histogram_mse_observer.h"
#include "quant/observers/histogram_quant_error.h"
#include "quant/observers/kl_entropy_observer.h"
#include "quant/observers/streaming_histogram.h"

namespace npusim::quant {
namespace {

void add(StreamingHistogram& histogram, const std::vector<float>& values) {
  float lo = values[0], hi = values[0];
  for (float v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  histogram.add(values.data(), values.size(), lo, hi);
}

TEST(StreamingHistogram, FirstBatchSetsTheRange) {
  // 4 bins over [0, 4): 0 -> bin 0, 1 -> 1, 2 -> 2, 3 and the maximum 4 -> bin 3.
  StreamingHistogram histogram(4, StreamingHistogram::Mode::kSigned);
  add(histogram, {0, 1, 2, 3, 4});
  EXPECT_EQ(histogram.lower_edge(), 0.0);
  EXPECT_EQ(histogram.bin_width(), 1.0);
  EXPECT_EQ(histogram.counts(), (std::vector<std::uint64_t>{1, 1, 1, 2}));
}

TEST(StreamingHistogram, GrowthMergesWholeBins) {
  // After {0 .. 4} (width 1 from 0), the batch {-2, 8} needs j = 2 bins below (lower -2)
  // and k = max(ceil((8 + 2) / 4), ceil((2 + 4) / 4)) = 3 old bins per new bin (width 3):
  // new bins [-2, 1) [1, 4) [4, 7) [7, 10). Old bin i goes to floor((2 + i) / 3):
  // 0 -> 0, 1 -> 1, 2 -> 1, 3 -> 1: {1, 4, 0, 0}; then -2 -> bin 0, 8 -> bin 3.
  StreamingHistogram histogram(4, StreamingHistogram::Mode::kSigned);
  add(histogram, {0, 1, 2, 3, 4});
  add(histogram, {-2, 8});
  EXPECT_EQ(histogram.lower_edge(), -2.0);
  EXPECT_EQ(histogram.bin_width(), 3.0);
  EXPECT_EQ(histogram.counts(), (std::vector<std::uint64_t>{2, 4, 0, 1}));
  EXPECT_EQ(histogram.total(), 7u);
  EXPECT_EQ(histogram.regrow_count(), 1);
  add(histogram, {0.5f, 9.5f});  // inside [-2, 10): no growth
  EXPECT_EQ(histogram.regrow_count(), 1);
  EXPECT_EQ(histogram.counts(), (std::vector<std::uint64_t>{3, 4, 0, 2}));
}

TEST(StreamingHistogram, MagnitudeModePinsZero) {
  // |x| of {-3, 1, 2} over [0, 3) in 3 bins: 1 -> bin 1, 2 -> bin 2, 3 (the max) -> bin 2.
  StreamingHistogram histogram(3, StreamingHistogram::Mode::kMagnitude);
  add(histogram, {-3, 1, 2});
  EXPECT_EQ(histogram.lower_edge(), 0.0);
  EXPECT_EQ(histogram.counts(), (std::vector<std::uint64_t>{0, 1, 2}));
  add(histogram, {-6});  // grows to width 2: old bins 0,1 -> 0; 2 -> 1; then 6 -> bin 2
  EXPECT_EQ(histogram.lower_edge(), 0.0);
  EXPECT_EQ(histogram.bin_width(), 2.0);
  EXPECT_EQ(histogram.counts(), (std::vector<std::uint64_t>{1, 2, 1}));
}

TEST(StreamingHistogram, ConstantFirstBatchThenSpread) {
  StreamingHistogram histogram(8, StreamingHistogram::Mode::kSigned);
  add(histogram, {5, 5, 5});
  EXPECT_GT(histogram.bin_width(), 0.0);
  EXPECT_EQ(histogram.counts()[0], 3u);
  add(histogram, {-100, 100});
  EXPECT_LE(histogram.lower_edge(), -100.0);
  EXPECT_GE(histogram.upper_edge(), 100.0);
  EXPECT_EQ(histogram.total(), 5u);
}

TEST(HistogramQuantError, ClosedFormIntegrals) {
  // Inside the grid a full rounding cell integrates to 1/12; [-1/2, 1/2] is one cell.
  EXPECT_NEAR(integrated_squared_rounding_error(-0.5, 0.5, -10, 10), 1.0 / 12.0, 1e-15);
  EXPECT_NEAR(integrated_squared_rounding_error(3.5, 6.5, -10, 10), 3.0 / 12.0, 1e-14);
  // Part of a cell: integral of u^2 over [0, 0.25] = 0.25^3 / 3.
  EXPECT_NEAR(integrated_squared_rounding_error(0.0, 0.25, -10, 10), 0.015625 / 3.0, 1e-15);
  // Clipped above a_hi = 1: integral of (u - 1)^2 over [1.5, 3.5] = (2.5^3 - 0.5^3) / 3.
  EXPECT_NEAR(integrated_squared_rounding_error(1.5, 3.5, -1, 1), (15.625 - 0.125) / 3.0, 1e-12);
  // Clipped below a_lo = -1 over [-4, -1.5]: (u + 1)^2 integrates to (3^3 - 0.5^3) / 3.
  EXPECT_NEAR(integrated_squared_rounding_error(-4.0, -1.5, -1, 1), (27.0 - 0.125) / 3.0, 1e-12);
}

TEST(HistogramQuantError, UniformBinGivesOneTwelfthStepSquared) {
  // 12 values uniform over [0, 1) with scale 1: the errors are u (u < 1/2) and u - 1: the
  // mean square is 1/12, the total 1.
  QuantSpec spec;
  const double total = histogram_expected_squared_error({12}, 0.0, 1.0, QParams{1.0f, 0}, spec);
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(HistogramQuantError, MatchesDirectFakeQuantizationOfUniformBins) {
  // 64 bins over [-3, 3), every bin filled with 2000 evenly spaced values; INT4 symmetric
  // over [-2, 2] clips part of the range. The direct MSE of fake_quantize over those values
  // approximates the integral (a midpoint rule), so they agree closely.
  QuantSpec spec;
  spec.bits = 4;
  spec.scheme = QuantScheme::kSymmetric;
  const QParams params = choose_qparams(-2.0f, 2.0f, spec);
  const int bins = 64, per_bin = 2000;
  const double lower = -3.0, width = 6.0 / bins;
  double direct = 0.0;
  for (int b = 0; b < bins; ++b) {
    for (int k = 0; k < per_bin; ++k) {
      const double x = lower + (b + (k + 0.5) / per_bin) * width;
      const double e = x - fake_quantize(static_cast<float>(x), params, spec);
      direct += e * e;
    }
  }
  const std::vector<std::uint64_t> counts(bins, per_bin);
  const double expected = histogram_expected_squared_error(counts, lower, width, params, spec);
  EXPECT_NEAR(expected / direct, 1.0, 1e-4);
}

TEST(KlEntropySearch, HandWorkedFourBins) {
  // histogram {4, 2, 1, 1}, 2 levels; candidates i = 2, 3, 4 (no zero counts: no smoothing):
  //  i=2: P = {4, 4}, Q = {4, 2}          KL = .5 ln(.5/(2/3)) + .5 ln(.5/(1/3)) = .5 ln 1.125
  //  i=3: P = {4, 2, 2}, groups [0,1) [1,3): Q = {4, 1.5, 1.5}
  //       KL = .5 ln(.5 * 7/4) + .5 ln(.25 * 7/1.5) = .5 ln(0.875 * 7/6) = .5 ln(49/48)
  //  i=4: P = {4, 2, 1, 1}, Q = {3, 3, 1, 1}   KL = .5 ln(4/3) + .25 ln(2/3) = 0.0424748
  // The smallest is i = 3.
  const KlSearchResult result = kl_entropy_search({4, 2, 1, 1}, 2, 1e-4);
  EXPECT_EQ(result.threshold_bins, 3);
  EXPECT_NEAR(result.divergence, 0.5 * std::log(49.0 / 48.0), 1e-12);
  // One level: i = 1 gives P = Q = {1}, KL 0, and the smaller i wins ties.
  EXPECT_EQ(kl_entropy_search({4, 2, 1, 1}, 1, 1e-4).threshold_bins, 1);
}

TEST(KlEntropySearch, OutliersFoldIntoTheLastBinAndZeroBinsStayZero) {
  // histogram {4, 0, 0, 1}, 2 levels.
  //  i=2: P = {4, 1} (the outlier folded into the last bin), Q = {4, 0}: the empty Q bin is
  //       smoothed to eps: KL = .8 ln(.8 / ((4 - eps) / 4)) + .2 ln(.2 / (eps / 4)) ~ 1.62
  //  i=3: P = {4, 0, 1}, groups [0,1) [1,3): group 1 holds 0 + 0 original counts, spread over
  //       P's non-zero bin 2: Q = {4, 0, 0}: smoothed, large again
  //  i=4: P = {4, 0, 0, 1}; groups [0,2) -> 4 over the one non-zero bin, [2,4) -> 1 over
  //       bin 3: Q = {4, 0, 0, 1} = P, so KL = 0 (both smoothed alike): the winner.
  const KlSearchResult result = kl_entropy_search({4, 0, 0, 1}, 2, 1e-4);
  EXPECT_EQ(result.threshold_bins, 4);
  EXPECT_NEAR(result.divergence, 0.0, 1e-15);
}

TEST(KlEntropySearch, SmoothingEpsilonEntersTheDivergence) {
  // histogram {4, 0, 1, 3}, 2 levels:
  //  i=2: P = {4, 4}, Q = {4, 0} -> smoothed, about 4.3
  //  i=3: P = {4, 0, 4}, Q = {4, 0, 1} -> about .5 ln(1.5625) = 0.22
  //  i=4: P = {4, 0, 1, 3}; groups [0,2) -> 4 on bin 0; [2,4) -> 4 spread as {2, 2}:
  //       Q = {4, 0, 2, 2}. Both have one zero (bin 1) among four: smoothing gives it eps and
  //       takes eps / 3 from each other bin; both totals stay 8:
  //       KL = [(1 - e/3) ln((1 - e/3) / (2 - e/3)) + (3 - e/3) ln((3 - e/3) / (2 - e/3))] / 8
  //       (the bin-0 terms cancel, the bin-1 terms are eps ln 1 = 0); about 0.0654: the winner.
  for (double e : {1e-4, 1e-2, 0.3}) {
    const KlSearchResult result = kl_entropy_search({4, 0, 1, 3}, 2, e);
    const double expected =
        ((1 - e / 3) * std::log((1 - e / 3) / (2 - e / 3)) + (3 - e / 3) * std::log((3 - e / 3) / (2 - e / 3))) / 8;
    EXPECT_EQ(result.threshold_bins, 4) << e;
    EXPECT_NEAR(result.divergence, expected, 1e-12) << e;
  }
}

TEST(KlEntropyObserver, ThresholdAndRangeFromData) {
  // |x| histogram with 4 bins over [0, 4): {0.5 x4} -> bin 0, {1.5 x2} -> bin 1,
  // 2.5 -> bin 2, 4 (the max) -> bin 3: {4, 2, 1, 1} -> 3 bins kept -> T = 3.
  const std::vector<float> data = {-0.5f, 0.5f, -0.5f, 0.5f, 1.5f, -1.5f, 2.5f, -4.0f};
  KlEntropyOptions options;
  options.bins = 4;
  options.levels = 2;
  ObserverConfig symmetric;
  symmetric.spec.scheme = QuantScheme::kSymmetric;
  KlEntropyObserver sym(symmetric, options);
  sym.observe(data, {8});
  EXPECT_EQ(sym.ranges()[0].min, -3.0f);
  EXPECT_EQ(sym.ranges()[0].max, 3.0f);
  // Asymmetric: [max(min, -T), min(max, T)] = [max(-4, -3), min(2.5, 3)] = [-3, 2.5].
  KlEntropyObserver asym(ObserverConfig{}, options);
  asym.observe(data, {8});
  EXPECT_EQ(asym.ranges()[0].min, -3.0f);
  EXPECT_EQ(asym.ranges()[0].max, 2.5f);
  // levels = 1 keeps 1 bin: T = 1.
  options.levels = 1;
  KlEntropyObserver one_level(symmetric, options);
  one_level.observe(data, {8});
  EXPECT_EQ(one_level.ranges()[0].max, 1.0f);
}

TEST(KlEntropyObserver, ClipsALongTailAtDefaults) {
  // 2048 bins, 128 levels on a Laplace-like tail: the threshold lands well inside max|x|.
  std::mt19937 rng(7);
  std::exponential_distribution<float> tail(1.0f);
  std::vector<float> data(200000);
  for (float& v : data) v = tail(rng);
  data[0] = 60.0f;  // far outlier
  KlEntropyObserver observer(ObserverConfig{}, KlEntropyOptions{});
  observer.observe(data, {200000});
  EXPECT_LT(observer.ranges()[0].max, 30.0f);
  EXPECT_GT(observer.ranges()[0].max, 3.0f);
  EXPECT_THROW(KlEntropyObserver(ObserverConfig{}, KlEntropyOptions{64, 128, 1e-4}), std::invalid_argument);
}

TEST(KlEntropyObserver, BinCountIsHonoured) {
  // The same long tail with 2048 and 512 bins: the threshold is a whole number of bins of a
  // different width, so the two answers differ.
  std::mt19937 rng(9);
  std::exponential_distribution<float> tail(1.0f);
  std::vector<float> data(100000);
  for (float& v : data) v = tail(rng);
  auto threshold = [&](int bins) {
    KlEntropyObserver observer(ObserverConfig{}, KlEntropyOptions{bins, 128, 1e-4});
    observer.observe(data, {100000});
    return observer.ranges()[0].max;
  };
  EXPECT_NE(threshold(2048), threshold(512));
}

TEST(HistogramMseObserver, FewerBitsClipHarder) {
  // With fewer codes the rounding noise of a wide range grows, so the optimum threshold
  // against the outlier (argument of the test below) moves inward: INT4 < INT8.
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> bulk(-1.0f, 1.0f);
  std::vector<float> data(100000);
  for (float& v : data) v = bulk(rng);
  data.push_back(100.0f);
  auto threshold = [&](int bits) {
    ObserverConfig config;
    config.spec.bits = bits;
    config.spec.scheme = QuantScheme::kSymmetric;
    HistogramMseObserver observer(config, HistogramMseOptions{});
    observer.observe(data, {static_cast<std::int64_t>(data.size())});
    return observer.ranges()[0].max;
  };
  EXPECT_LT(threshold(4), threshold(8));
}

TEST(HistogramMseObserver, BalancesRoundingNoiseAgainstClippingAnOutlier) {
  // n values uniform in [-1, 1] plus one at 100, INT8 symmetric with threshold T: the bulk
  // costs about n (T / 127)^2 / 12 (rounding noise), the outlier (100 - T)^2 (clipping).
  // d/dT = 0 gives T* = 100 / (1 + n / (12 * 127^2)):
  //   n = 100000  -> T* = 100 / 1.517 = 65.9
  //   n = 1000000 -> T* = 100 / 6.167 = 16.2
  // Neither is min/max (100) nor the bulk edge (1): the search must find the interior optimum.
  ObserverConfig symmetric;
  symmetric.spec.scheme = QuantScheme::kSymmetric;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> bulk(-1.0f, 1.0f);
  const std::vector<std::pair<std::size_t, double>> cases = {{100000u, 65.9}, {1000000u, 16.2}};
  for (const auto& [n, optimum] : cases) {
    std::vector<float> data(n);
    for (float& v : data) v = bulk(rng);
    data.push_back(100.0f);
    HistogramMseObserver observer(symmetric, HistogramMseOptions{});
    observer.observe(data, {static_cast<std::int64_t>(data.size())});
    EXPECT_NEAR(observer.ranges()[0].max, optimum, 0.1 * optimum) << n;
    EXPECT_EQ(observer.ranges()[0].min, -observer.ranges()[0].max);
  }
}

TEST(HistogramMseObserver, AsymmetricSearchMovesBothEnds) {
  // n = 1000000 uniform in [0, 1] plus one value at -50 and one at 50, UINT8 asymmetric.
  // Each outlier is a separate trade-off; by the same argument as above (step (hi - lo) /
  // 255, noise n step^2 / 12) both ends move well inside +-50, symmetrically placed around
  // the bulk only roughly, so only the direction is checked.
  ObserverConfig config;
  config.spec.is_signed = false;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> bulk(0.0f, 1.0f);
  std::vector<float> data(1000000);
  for (float& v : data) v = bulk(rng);
  data.push_back(-50.0f);
  data.push_back(50.0f);
  HistogramMseObserver observer(config, HistogramMseOptions{});
  observer.observe(data, {static_cast<std::int64_t>(data.size())});
  EXPECT_GT(observer.ranges()[0].min, -40.0f);
  EXPECT_LT(observer.ranges()[0].max, 40.0f);
  EXPECT_GE(observer.ranges()[0].max, 1.0f);
}

TEST(HistogramMseObserver, SearchStepsAndBinsAreHonoured) {
  // Symmetric candidates are k / steps * max|x|: with 1 step the only candidate is max|x|.
  ObserverConfig symmetric;
  symmetric.spec.scheme = QuantScheme::kSymmetric;
  std::vector<float> data(10000);
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& v : data) v = normal(rng);
  data[0] = 40.0f;
  auto run = [&](int bins, int steps) {
    HistogramMseObserver observer(symmetric, HistogramMseOptions{bins, steps});
    observer.observe(data, {10000});
    return observer.ranges()[0].max;
  };
  EXPECT_EQ(run(2048, 1), 40.0f);
  EXPECT_NE(run(2048, 128), 40.0f);
  EXPECT_NE(run(2048, 128), run(2048, 37));
  EXPECT_NE(run(2048, 128), run(16, 128));
}

}  // namespace
}  // namespace npusim::quant
