// Requantization throughput (elements/s on one core) per rounding mode: the scalar golden
// (quant::requantize, one element per call), and the tensor fast path, portable and AVX-512,
// per-tensor and per-channel (64 channels, NHWC). Goal: >= 300 M elements/s vectorised.
//   build-*/tests/bench/bench_requant --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "quant/requant/quantize_multiplier.h"
#include "quant/requant/requant.h"
#include "quant/requant/requant_tensor.h"

namespace {

using npusim::quant::RequantParams;
using npusim::quant::RoundingMode;
using npusim::quant::VectorPath;

constexpr std::size_t kElements = 1 << 16;  // 256 KiB in + out: stays in L2, measures compute
constexpr std::size_t kChannels = 64;

// int8-convolution-like accumulators (Gaussian, sigma 3000) and a realistic scale.
const std::vector<std::int32_t>& accumulators() {
  static const std::vector<std::int32_t> values = [] {
    std::mt19937_64 random(1);
    std::normal_distribution<double> gaussian(0.0, 3000.0);
    std::vector<std::int32_t> v(kElements);
    for (auto& a : v) a = static_cast<std::int32_t>(gaussian(random));
    return v;
  }();
  return values;
}

RequantParams params_for_scale(double scale) {
  const auto q = npusim::quant::quantize_multiplier(scale);
  RequantParams params;
  params.multiplier = q.multiplier;
  params.shift = q.shift;
  params.zero_point = -4;
  return params;
}

void BM_ScalarGolden(benchmark::State& state, RoundingMode mode) {
  const auto& acc = accumulators();
  const RequantParams params = params_for_scale(0.0123);
  std::vector<std::int32_t> out(acc.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < acc.size(); ++i) out[i] = npusim::quant::requantize(acc[i], params, mode);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * acc.size()));
}

void BM_TensorPerTensor(benchmark::State& state, RoundingMode mode, VectorPath path) {
  if (path == VectorPath::kAvx512 && !npusim::quant::avx512_requant_available()) {
    state.SkipWithError("no AVX-512 on this CPU");
    return;
  }
  const auto& acc = accumulators();
  const RequantParams params = params_for_scale(0.0123);
  std::vector<std::int32_t> out(acc.size());
  for (auto _ : state) {
    npusim::quant::requantize_tensor(acc.data(), acc.size(), params, mode, out.data(), path);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * acc.size()));
}

void BM_TensorPerChannel(benchmark::State& state, RoundingMode mode, VectorPath path) {
  if (path == VectorPath::kAvx512 && !npusim::quant::avx512_requant_available()) {
    state.SkipWithError("no AVX-512 on this CPU");
    return;
  }
  const auto& acc = accumulators();
  std::vector<RequantParams> params;
  for (std::size_t c = 0; c < kChannels; ++c) params.push_back(params_for_scale(0.004 + 0.0003 * c));
  std::vector<std::int32_t> out(acc.size());
  for (auto _ : state) {
    npusim::quant::requantize_tensor_per_channel(acc.data(), acc.size(), params.data(), kChannels, mode, out.data(),
                                                 path);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * acc.size()));
}

#define NPUSIM_REQUANT_BENCHMARKS(mode_name, mode)                                                       \
  BENCHMARK_CAPTURE(BM_ScalarGolden, mode_name, mode);                                                   \
  BENCHMARK_CAPTURE(BM_TensorPerTensor, mode_name##_portable, mode, VectorPath::kPortable);              \
  BENCHMARK_CAPTURE(BM_TensorPerTensor, mode_name##_avx512, mode, VectorPath::kAvx512);                  \
  BENCHMARK_CAPTURE(BM_TensorPerChannel, mode_name##_portable, mode, VectorPath::kPortable);             \
  BENCHMARK_CAPTURE(BM_TensorPerChannel, mode_name##_avx512, mode, VectorPath::kAvx512);

NPUSIM_REQUANT_BENCHMARKS(half_up, RoundingMode::kHalfUp)
NPUSIM_REQUANT_BENCHMARKS(half_away, RoundingMode::kHalfAway)
NPUSIM_REQUANT_BENCHMARKS(half_even, RoundingMode::kHalfEven)
NPUSIM_REQUANT_BENCHMARKS(floor, RoundingMode::kFloor)
NPUSIM_REQUANT_BENCHMARKS(truncate, RoundingMode::kTruncate)
NPUSIM_REQUANT_BENCHMARKS(tflite_double, RoundingMode::kTfliteDouble)
NPUSIM_REQUANT_BENCHMARKS(fp32, RoundingMode::kFp32)

}  // namespace
