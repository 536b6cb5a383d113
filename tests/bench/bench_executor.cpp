// Float executor speed: one convolution layer (oneDNN vs the nested-loop reference), a small
// encoder-decoder built in code, and the bundled depth networks when they are committed.
// Run: build-*/tests/bench/bench_executor (numbers in docs/models.md).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "models/executor/float_executor.h"
#include "models/executor/kernels/conv.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;

std::vector<float> random_values(std::size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = value(random);
  return values;
}

// A 3x3, stride 1, pad 1 convolution with C in and C out channels at 64x80.
kernels::ConvGeometry layer(std::int64_t channels) {
  kernels::ConvGeometry g;
  g.in_channels = g.out_channels = channels;
  g.in_height = g.out_height = 64;
  g.in_width = g.out_width = 80;
  g.kernel_height = g.kernel_width = 3;
  g.pad_top = g.pad_left = g.pad_bottom = g.pad_right = 1;
  return g;
}

void set_mac_counters(benchmark::State& state, const kernels::ConvGeometry& g) {
  const double macs = static_cast<double>(g.out_channels * g.out_height * g.out_width * g.in_channels *
                                          g.kernel_height * g.kernel_width);
  state.counters["GMAC/s"] = benchmark::Counter(macs * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Conv3x3_OneDnn(benchmark::State& state) {
  const kernels::ConvGeometry g = layer(state.range(0));
  const auto input = random_values(g.in_channels * g.in_height * g.in_width, 1);
  const auto weights = random_values(g.out_channels * g.in_channels * 9, 2);
  const auto bias = random_values(g.out_channels, 3);
  std::vector<float> output(g.out_channels * g.out_height * g.out_width);
  KernelState cache;
  for (auto _ : state) {
    if (!kernels::conv_onednn(g, input.data(), weights.data(), bias.data(), output.data(), cache)) {
      state.SkipWithError("oneDNN refused the geometry");
      break;
    }
    benchmark::DoNotOptimize(output.data());
  }
  set_mac_counters(state, g);
}
BENCHMARK(BM_Conv3x3_OneDnn)->Arg(16)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Conv3x3_Reference(benchmark::State& state) {
  const kernels::ConvGeometry g = layer(state.range(0));
  const auto input = random_values(g.in_channels * g.in_height * g.in_width, 1);
  const auto weights = random_values(g.out_channels * g.in_channels * 9, 2);
  const auto bias = random_values(g.out_channels, 3);
  std::vector<float> output(g.out_channels * g.out_height * g.out_width);
  for (auto _ : state) {
    kernels::conv_reference(g, input.data(), weights.data(), bias.data(), output.data());
    benchmark::DoNotOptimize(output.data());
  }
  set_mac_counters(state, g);
}
BENCHMARK(BM_Conv3x3_Reference)->Arg(16)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

// A small U-Net-like network on 3x128x160: three stride-2 encoder convs (32, 64, 128
// channels), two decoder stages (nearest upsample x2, concat skip, 3x3 conv), a 1x1 head
// with a sigmoid. 231,616 parameters.
Graph small_network() {
  OnnxModelBuilder model(13);
  model.input("image", {1, 3, 128, 160});
  unsigned seed = 10;
  auto conv = [&](const std::string& in, const std::string& out, std::int64_t cin, std::int64_t cout,
                  std::int64_t kernel, std::int64_t stride) {
    const std::string w = out + ".w", b = out + ".b";
    model.initializer(w, {cout, cin, kernel, kernel}, random_values(cout * cin * kernel * kernel, seed++));
    model.initializer(b, {cout}, random_values(cout, seed++));
    model.node("Conv", {in, w, b}, {out + ".conv"}).attr("strides", std::vector<std::int64_t>{stride, stride})
        .attr("pads", std::vector<std::int64_t>(4, kernel / 2));
    model.node("Relu", {out + ".conv"}, {out});
  };
  auto upsample = [&](const std::string& in, const std::string& out) {
    model.initializer(out + ".scales", {4}, {1, 1, 2, 2});
    model.node("Resize", {in, "", out + ".scales"}, {out}).attr("mode", "nearest");
  };
  conv("image", "e1", 3, 32, 3, 2);    // 64x80
  conv("e1", "e2", 32, 64, 3, 2);      // 32x40
  conv("e2", "e3", 64, 128, 3, 2);     // 16x20
  upsample("e3", "u2");
  model.node("Concat", {"u2", "e2"}, {"c2"}).attr("axis", 1);
  conv("c2", "d2", 192, 64, 3, 1);
  upsample("d2", "u1");
  model.node("Concat", {"u1", "e1"}, {"c1"}).attr("axis", 1);
  conv("c1", "d1", 96, 32, 3, 1);
  model.initializer("head.w", {1, 32, 1, 1}, random_values(32, seed++));
  model.node("Conv", {"d1", "head.w"}, {"head"});
  model.node("Sigmoid", {"head"}, {"depth"});
  model.output("depth");
  return model.import();
}

void BM_SmallNetwork(benchmark::State& state) {
  const Graph graph = small_network();
  FloatExecutor executor(graph);
  const std::vector<Tensor> inputs = {Tensor::from_floats({1, 3, 128, 160}, random_values(3 * 128 * 160, 7))};
  for (auto _ : state) benchmark::DoNotOptimize(executor.run(inputs));
  state.counters["images/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SmallNetwork)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BundledModel(benchmark::State& state, const std::string& file) {
  const std::string path = std::string(NPUSIM_SOURCE_DIR) + "/models/" + file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError((path + " is not committed").c_str());
    for (auto _ : state) {
    }
    return;
  }
  const Graph graph = load_onnx_model(path);
  FloatExecutor executor(graph);
  std::vector<Tensor> inputs;
  for (const auto& name : graph.input_names) {
    const ValueInfo& info = graph.value_info(name);
    inputs.push_back(Tensor::from_floats(info.shape, random_values(checked_element_count(info.shape, name), 8)));
  }
  for (auto _ : state) benchmark::DoNotOptimize(executor.run(inputs));
  state.counters["images/s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_BundledModel, depth_tiny, std::string("depth_tiny.onnx"))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_BundledModel, depth_l2_relu, std::string("depth_l2_relu.onnx"))->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace npusim::models
