// Exact percentiles (numpy 'linear': rank r = p/100 (n-1), interpolate v[floor r], v[floor r + 1])
// and the percentile observer. Hand-worked values on permuted ramps, and random arrays checked
// against a full std::sort (the obvious reference) with logged seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <stdexcept>
#include <vector>

#include "quant/observers/exact_percentile.h"
#include "quant/observers/percentile_observer.h"

namespace npusim::quant {
namespace {

// value(i) = step * i for i = 0 .. n-1, stored in a scrambled order (i * stride mod n, stride
// coprime with n), so nothing is sorted already.
std::vector<float> scrambled_ramp(std::size_t n, float step, std::size_t stride) {
  std::vector<float> values(n);
  for (std::size_t i = 0; i < n; ++i) values[(i * stride) % n] = step * static_cast<float>(i);
  return values;
}

double sorted_reference(std::vector<float> values, double p) {
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const std::size_t k = static_cast<std::size_t>(std::floor(rank));
  const double next = k + 1 < values.size() ? values[k + 1] : values[k];
  return values[k] + (rank - static_cast<double>(k)) * (next - values[k]);
}

TEST(ExactPercentile, SmallRampHandWorked) {
  // 0, 1, ..., 100 (101 values): rank of p is p itself. p = 10 -> 10; p = 99.5 -> 99.5.
  const std::vector<float> values = scrambled_ramp(101, 1.0f, 37);
  const auto [low, high] = exact_percentiles(values.data(), values.size(), 10.0, 99.5);
  EXPECT_EQ(low, 10.0f);
  EXPECT_EQ(high, 99.5f);
}

TEST(ExactPercentile, LargeRampHandWorked) {
  // 0, 0.5, ..., 50000 (100001 values, the sampled path): rank = p / 100 * 100000.
  //   p = 0.1    -> rank 100     -> 50
  //   p = 99.9   -> rank 99900   -> 49950
  //   p = 0.1234 -> rank 123.4   -> 61.5 + 0.4 * 0.5 = 61.7
  //   p = 100    -> 50000;  p = 0 -> 0
  const std::vector<float> values = scrambled_ramp(100001, 0.5f, 7919);
  auto [low, high] = exact_percentiles(values.data(), values.size(), 0.1, 99.9);
  EXPECT_EQ(low, 50.0f);
  EXPECT_EQ(high, 49950.0f);
  std::tie(low, high) = exact_percentiles(values.data(), values.size(), 0.1234, 100.0);
  EXPECT_FLOAT_EQ(low, 61.7f);
  EXPECT_EQ(high, 50000.0f);
  std::tie(low, high) = exact_percentiles(values.data(), values.size(), 0.0, 50.0);
  EXPECT_EQ(low, 0.0f);
  EXPECT_EQ(high, 25000.0f);
}

TEST(ExactPercentile, RandomArraysMatchAFullSort) {
  const unsigned seed = 20261124;
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_real_distribution<double> percent(0.0, 100.0);
  for (std::size_t n : {1u, 2u, 3u, 4096u, 4097u, 20000u, 100003u, 400000u}) {
    for (int shape = 0; shape < 5; ++shape) {
      std::vector<float> values(n);
      for (std::size_t i = 0; i < n; ++i) {
        const float z = normal(rng);
        switch (shape) {
          case 0: values[i] = z; break;                                   // gaussian
          case 1: values[i] = z * z * z * z * z; break;                   // heavy tails
          case 2: values[i] = static_cast<float>(i); break;               // already sorted
          case 3: values[i] = static_cast<float>(n - i); break;           // reverse sorted
          case 4: values[i] = (i % 97 == 0) ? z * 1000.0f : 0.0f; break;  // mostly duplicates
        }
      }
      for (int trial = 0; trial < 4; ++trial) {
        double p_low = percent(rng), p_high = percent(rng);
        if (trial == 0) { p_low = 0.1; p_high = 99.9; }
        if (p_low > p_high) std::swap(p_low, p_high);
        const auto [low, high] = exact_percentiles(values.data(), n, p_low, p_high);
        EXPECT_EQ(low, static_cast<float>(sorted_reference(values, p_low)))
            << "n " << n << " shape " << shape << " p " << p_low << " seed " << seed;
        EXPECT_EQ(high, static_cast<float>(sorted_reference(values, p_high)))
            << "n " << n << " shape " << shape << " p " << p_high << " seed " << seed;
      }
    }
  }
}

TEST(ExactPercentile, AdversarialSampleStillExact) {
  // The strided sample sees only every (n / 16384)-th element; put the whole lower tail
  // between sample points so the sample's brackets miss and the fallback must answer.
  const std::size_t n = 16384 * 8;
  std::vector<float> values(n, 1.0f);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 8 != 0) values[i] = -static_cast<float>(i);  // never sampled
  }
  const auto [low, high] = exact_percentiles(values.data(), n, 1.0, 99.0);
  EXPECT_EQ(low, static_cast<float>(sorted_reference(values, 1.0)));
  EXPECT_EQ(high, static_cast<float>(sorted_reference(values, 99.0)));
}

ObserverConfig default_config() { return ObserverConfig{}; }

TEST(PercentileObserver, ClipsBothTailsIndependently) {
  // 0 .. 100: low 10 % -> 10, high 95 % -> 95.
  PercentileOptions options;
  options.low_percent = 10.0;
  options.high_percent = 95.0;
  PercentileObserver observer(default_config(), options);
  observer.observe(scrambled_ramp(101, 1.0f, 37), {101});
  EXPECT_EQ(observer.ranges()[0].min, 10.0f);
  EXPECT_EQ(observer.ranges()[0].max, 95.0f);
}

TEST(PercentileObserver, DefaultsAreZeroPointOneAndNinetyNinePointNine) {
  // 0 .. 1000: rank of p = 10 p. 0.1 -> 1, 99.9 -> 999.
  PercentileObserver observer(default_config(), PercentileOptions{});
  observer.observe(scrambled_ramp(1001, 1.0f, 17), {1001});
  EXPECT_EQ(observer.ranges()[0].min, 1.0f);
  EXPECT_EQ(observer.ranges()[0].max, 999.0f);
}

TEST(PercentileObserver, BatchesCombineByMinMaxOrEma) {
  // batch A = 0 .. 100 -> (10, 90) at p = 10 / 90; batch B = 100 .. 200 -> (110, 190).
  std::vector<float> a = scrambled_ramp(101, 1.0f, 37), b = a;
  for (float& v : b) v += 100.0f;
  PercentileOptions options;
  options.low_percent = 10.0;
  options.high_percent = 90.0;
  PercentileObserver running(default_config(), options);  // no EMA: min of lows, max of highs
  running.observe(a, {101});
  running.observe(b, {101});
  EXPECT_EQ(running.ranges()[0].min, 10.0f);
  EXPECT_EQ(running.ranges()[0].max, 190.0f);

  options.ema_constant = 0.25f;  // warm-up 1: lo = 10 + 0.25 * 100 = 35, hi = 90 + 0.25 * 100 = 115
  PercentileObserver ema(default_config(), options);
  ema.observe(a, {101});
  ema.observe(b, {101});
  EXPECT_EQ(ema.ranges()[0].min, 35.0f);
  EXPECT_EQ(ema.ranges()[0].max, 115.0f);

  options.warmup_batches = 2;  // both batches in warm-up: plain min/max again
  PercentileObserver warm(default_config(), options);
  warm.observe(a, {101});
  warm.observe(b, {101});
  EXPECT_EQ(warm.ranges()[0].min, 10.0f);
  EXPECT_EQ(warm.ranges()[0].max, 190.0f);
}

TEST(PercentileObserver, PerChannel) {
  // shape [101, 2]: column 0 = 0 .. 100, column 1 = 0 .. -200 (step -2). p = 10 / 90:
  // column 0 -> (10, 90); column 1 = -200 .. 0 ascending -> (-180, -20).
  std::vector<float> data(202);
  for (int i = 0; i <= 100; ++i) {
    data[2 * i] = static_cast<float>(i);
    data[2 * i + 1] = -2.0f * static_cast<float>(i);
  }
  PercentileOptions options;
  options.low_percent = 10.0;
  options.high_percent = 90.0;
  ObserverConfig config;
  config.channel_axis = 1;
  PercentileObserver observer(config, options);
  observer.observe(data, {101, 2});
  EXPECT_EQ(observer.ranges()[0].min, 10.0f);
  EXPECT_EQ(observer.ranges()[0].max, 90.0f);
  EXPECT_EQ(observer.ranges()[1].min, -180.0f);
  EXPECT_EQ(observer.ranges()[1].max, -20.0f);
}

TEST(PercentileObserver, FusedScanRejectsNonFiniteValuesInLargeBatches) {
  // The percentile pass doubles as the batch scan: a NaN or Inf anywhere (sampled position
  // or not, vector body or scalar tail) must still reject the batch, naming the element.
  const std::size_t n = 100003;  // not a multiple of 16: a scalar tail exists
  for (std::size_t position : {std::size_t{0}, std::size_t{12345}, n - 1}) {
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
      std::vector<float> data = scrambled_ramp(n, 1.0f, 7919);
      data[position] = bad;
      PercentileObserver observer(default_config(), PercentileOptions{});
      try {
        observer.observe(data, {static_cast<std::int64_t>(n)});
        FAIL() << "accepted a non-finite value at " << position;
      } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("at flat index " + std::to_string(position)), std::string::npos)
            << e.what();
      }
      EXPECT_EQ(observer.batches_observed(), 0);
    }
  }
}

TEST(PercentileObserver, ZeroAndHundredAreTheExactExtremesOfLargeBatches) {
  // 0 .. 100002 scrambled: percentile 0 = 0, percentile 100 = 100002.
  PercentileOptions options;
  options.low_percent = 0.0;
  options.high_percent = 100.0;
  PercentileObserver observer(default_config(), options);
  observer.observe(scrambled_ramp(100003, 1.0f, 7919), {100003});
  EXPECT_EQ(observer.ranges()[0].min, 0.0f);
  EXPECT_EQ(observer.ranges()[0].max, 100002.0f);
}

TEST(PercentileObserver, RejectsBadOptions) {
  PercentileOptions options;
  options.low_percent = 60.0;
  options.high_percent = 40.0;
  EXPECT_THROW(PercentileObserver(default_config(), options), std::invalid_argument);
  options = {};
  options.high_percent = 100.5;
  EXPECT_THROW(PercentileObserver(default_config(), options), std::invalid_argument);
  options = {};
  options.warmup_batches = 5;  // warm-up without an EMA would be silently ignored
  EXPECT_THROW(PercentileObserver(default_config(), options), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::quant
