// Observer throughput on a 64 MiB float32 tensor (16 Mi values, standard normal with a few
// outliers), one thread. Goals (docs/observers.md): min/max and histogram building at least
// 1 GB/s per core; percentile within 3x of min/max. Bytes/s below count the tensor once per
// observe() call, whatever the number of passes inside.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "quant/observers/ema_minmax_observer.h"
#include "quant/observers/exact_percentile.h"
#include "quant/observers/histogram_mse_observer.h"
#include "quant/observers/kl_entropy_observer.h"
#include "quant/observers/minmax_observer.h"
#include "quant/observers/percentile_observer.h"
#include "quant/observers/streaming_histogram.h"

namespace {

using namespace npusim::quant;

constexpr std::int64_t kValues = 64 * 1024 * 1024 / 4;

const std::vector<float>& tensor() {
  static const std::vector<float> data = [] {
    std::vector<float> values(kValues);
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : values) v = normal(rng);
    for (std::int64_t i = 0; i < kValues; i += 1000003) values[i] = 50.0f;  // outliers
    return values;
  }();
  return data;
}

void report(benchmark::State& state) {
  state.SetBytesProcessed(state.iterations() * kValues * static_cast<std::int64_t>(sizeof(float)));
}

void BM_MinMaxObserver(benchmark::State& state) {
  const auto& data = tensor();
  MinMaxObserver observer(ObserverConfig{});
  for (auto _ : state) {
    observer.observe(data, {kValues});
    benchmark::DoNotOptimize(observer.ranges());
  }
  report(state);
}
BENCHMARK(BM_MinMaxObserver)->Unit(benchmark::kMillisecond);

void BM_MinMaxObserverPerChannelAxis1(benchmark::State& state) {
  const auto& data = tensor();  // [16, 64, 16384]: channels strided, gathered once per batch
  ObserverConfig config;
  config.channel_axis = 1;
  MinMaxObserver observer(config);
  for (auto _ : state) {
    observer.observe(data, {16, 64, 16384});
    benchmark::DoNotOptimize(observer.ranges());
  }
  report(state);
}
BENCHMARK(BM_MinMaxObserverPerChannelAxis1)->Unit(benchmark::kMillisecond);

void BM_EmaMinMaxObserver(benchmark::State& state) {
  const auto& data = tensor();
  EmaMinMaxObserver observer(ObserverConfig{}, EmaMinMaxOptions{});
  for (auto _ : state) {
    observer.observe(data, {kValues});
    benchmark::DoNotOptimize(observer.ranges());
  }
  report(state);
}
BENCHMARK(BM_EmaMinMaxObserver)->Unit(benchmark::kMillisecond);

void BM_HistogramBuild2048(benchmark::State& state) {
  // Histogram building alone (the range is known): what the KL and hist_mse observers pay
  // per batch on top of the min/max scan.
  const auto& data = tensor();
  for (auto _ : state) {
    StreamingHistogram histogram(2048, StreamingHistogram::Mode::kSigned);
    histogram.add(data.data(), data.size(), -10.0f, 50.0f);
    benchmark::DoNotOptimize(histogram.counts().data());
  }
  report(state);
}
BENCHMARK(BM_HistogramBuild2048)->Unit(benchmark::kMillisecond);

void BM_PercentileObserver(benchmark::State& state) {
  const auto& data = tensor();
  PercentileObserver observer(ObserverConfig{}, PercentileOptions{});  // 0.1 / 99.9
  for (auto _ : state) {
    observer.observe(data, {kValues});
    benchmark::DoNotOptimize(observer.ranges());
  }
  report(state);
}
BENCHMARK(BM_PercentileObserver)->Unit(benchmark::kMillisecond);

void BM_KlObserverObserve(benchmark::State& state) {
  // observe() only (scan + |x| histogram); the threshold search runs once at the end of
  // calibration and is measured separately below.
  const auto& data = tensor();
  KlEntropyObserver observer(ObserverConfig{}, KlEntropyOptions{});
  for (auto _ : state) observer.observe(data, {kValues});
  report(state);
}
BENCHMARK(BM_KlObserverObserve)->Unit(benchmark::kMillisecond);

void BM_KlThresholdSearch(benchmark::State& state) {
  KlEntropyObserver observer(ObserverConfig{}, KlEntropyOptions{});
  observer.observe(tensor(), {kValues});
  for (auto _ : state) benchmark::DoNotOptimize(observer.ranges());
}
BENCHMARK(BM_KlThresholdSearch)->Unit(benchmark::kMillisecond);

void BM_HistogramMseObserve(benchmark::State& state) {
  const auto& data = tensor();
  HistogramMseObserver observer(ObserverConfig{}, HistogramMseOptions{});
  for (auto _ : state) observer.observe(data, {kValues});
  report(state);
}
BENCHMARK(BM_HistogramMseObserve)->Unit(benchmark::kMillisecond);

void BM_HistogramMseSearchAsymmetric(benchmark::State& state) {
  HistogramMseObserver observer(ObserverConfig{}, HistogramMseOptions{});
  observer.observe(tensor(), {kValues});
  for (auto _ : state) benchmark::DoNotOptimize(observer.ranges());
}
BENCHMARK(BM_HistogramMseSearchAsymmetric)->Unit(benchmark::kMillisecond);

}  // namespace
