// Quantizer and float-format throughput on a 16 MiB float32 tensor (4 Mi values, standard
// normal), one thread. No goals are asserted; the numbers are reported in
// docs/quantizers.md ("Speed") with the command that produced them. Bytes/s count the
// float32 input once per call.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "quant/formats/float_formats.h"
#include "quant/quantizer/affine_quantizer.h"
#include "quant/quantizer/log2_quantizer.h"

namespace {

using namespace npusim::quant;

constexpr std::int64_t kValues = 4 * 1024 * 1024;

const std::vector<float>& tensor() {
  static const std::vector<float> data = [] {
    std::vector<float> values(kValues);
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : values) v = normal(rng);
    return values;
  }();
  return data;
}

void report(benchmark::State& state) {
  state.SetBytesProcessed(state.iterations() * kValues * static_cast<std::int64_t>(sizeof(float)));
}

QuantSpec int8_spec(RoundingMode rounding) {
  QuantSpec spec;
  spec.rounding = rounding;
  return spec;
}

void BM_QuantizeTensorPerTensor(benchmark::State& state) {
  const QuantSpec spec = int8_spec(static_cast<RoundingMode>(state.range(0)));
  const std::vector<QParams> params = {choose_qparams(-4.0f, 4.0f, spec)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(quantize_tensor(tensor(), {{kValues}, std::nullopt}, params, spec));
  }
  report(state);
}
// 0 = half_up, 2 = half_even, 3 = floor, 6 = fp32 (RoundingMode order)
BENCHMARK(BM_QuantizeTensorPerTensor)->Arg(0)->Arg(2)->Arg(3)->Arg(6)->Unit(benchmark::kMillisecond);

void BM_FakeQuantizeTensorPerChannel(benchmark::State& state) {
  // [64 channels, 65536] along axis 0, symmetric INT8.
  QuantSpec spec = int8_spec(RoundingMode::kHalfEven);
  spec.scheme = QuantScheme::kSymmetric;
  std::vector<QParams> params;
  for (int channel = 0; channel < 64; ++channel) params.push_back(choose_qparams(-1.0f - channel, 1.0f + channel, spec));
  for (auto _ : state) {
    benchmark::DoNotOptimize(fake_quantize_tensor(tensor(), {{64, kValues / 64}, 0}, params, spec));
  }
  report(state);
}
BENCHMARK(BM_FakeQuantizeTensorPerChannel)->Unit(benchmark::kMillisecond);

void BM_FakeQuantizeScalarLoop(benchmark::State& state) {
  // The scalar entry point an observer's grid search calls per element.
  const QuantSpec spec = int8_spec(RoundingMode::kHalfEven);
  const QParams params = choose_qparams(-4.0f, 4.0f, spec);
  for (auto _ : state) {
    double sum = 0.0;
    for (float x : tensor()) sum += fake_quantize(x, params, spec);
    benchmark::DoNotOptimize(sum);
  }
  report(state);
}
BENCHMARK(BM_FakeQuantizeScalarLoop)->Unit(benchmark::kMillisecond);

void BM_RoundToMiniFloat(benchmark::State& state) {
  const MiniFloatFormat* formats[] = {&kFp16, &kBf16, &kFp8E4M3, &kFp8E5M2};
  const MiniFloatFormat& format = *formats[state.range(0)];
  state.SetLabel(format.name);
  for (auto _ : state) benchmark::DoNotOptimize(round_tensor_to_minifloat(tensor(), format));
  report(state);
}
BENCHMARK(BM_RoundToMiniFloat)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

void BM_Log2QuantizeTensor(benchmark::State& state) {
  std::vector<float> probabilities = tensor();
  for (float& p : probabilities) p = p * p / (1.0f + p * p);  // into [0, 1)
  const Log2QuantSpec spec{4};
  for (auto _ : state) benchmark::DoNotOptimize(log2_quantize_tensor(probabilities, spec));
  report(state);
}
BENCHMARK(BM_Log2QuantizeTensor)->Unit(benchmark::kMillisecond);

}  // namespace
