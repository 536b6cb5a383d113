// Scene generator speed (goal: >= 100 images/s at 128x160 on one core, render + both PNG
// encodings, the work `npusim scenes` does per image apart from the file writes).
#include <benchmark/benchmark.h>

#include "models/data/png_io.h"
#include "models/data/scene_generator.h"

namespace {

void BM_SceneRenderOnly(benchmark::State& state) {
  const int height = static_cast<int>(state.range(0)), width = static_cast<int>(state.range(1));
  int index = 0;
  for (auto _ : state) {
    const auto generated = npusim::data::generate_scene(1, index++ % 200, height, width);
    benchmark::DoNotOptimize(generated.depth_codes.values.data());
  }
  state.counters["images_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SceneRenderAndEncode(benchmark::State& state) {
  const int height = static_cast<int>(state.range(0)), width = static_cast<int>(state.range(1));
  int index = 0;
  for (auto _ : state) {
    const auto generated = npusim::data::generate_scene(1, index++ % 200, height, width);
    const auto rgb = npusim::data::encode_png_rgb8(generated.render.image);
    const auto depth = npusim::data::encode_png_gray16(generated.depth_codes);
    benchmark::DoNotOptimize(rgb.data());
    benchmark::DoNotOptimize(depth.data());
  }
  state.counters["images_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SceneRenderOnly)->Args({128, 160})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SceneRenderAndEncode)->Args({128, 160})->Args({256, 320})->Unit(benchmark::kMillisecond);
