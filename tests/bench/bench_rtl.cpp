// Verilated RTL throughput: elements per second through the requantization unit's C++
// harness (packing lanes, two evals per clock, unpacking), per width configuration and mode.
// Goal: at least 10 million vectors/s. Inputs are pre-generated random cases
// (sim::RandomRequantCases), so generation is not timed.
#include <benchmark/benchmark.h>

#include <vector>

#include "rtl/requant_unit.h"
#include "sim/rtl/requant_rtl_bridge.h"
#include "sim/rtl/requant_rtl_check.h"

namespace {

using npusim::quant::RoundingMode;

std::vector<npusim::rtl::RequantLaneInput> random_lanes(const npusim::rtl::RequantUnitShape& shape, RoundingMode mode,
                                                        std::size_t count) {
  npusim::sim::RandomRequantCases generator(shape, mode, 42);
  std::vector<npusim::rtl::RequantLaneInput> lanes;
  lanes.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto c = generator.next();
    lanes.push_back(npusim::sim::to_rtl_lane(c.acc, c.params, mode));
  }
  return lanes;
}

void BM_RtlRequant(benchmark::State& state) {
  const auto& shape = npusim::rtl::requant_unit_shapes().at(static_cast<std::size_t>(state.range(0)));
  const auto mode = static_cast<RoundingMode>(state.range(1));
  const auto lanes = random_lanes(shape, mode, 1 << 16);
  auto unit = npusim::rtl::make_requant_unit(shape.name);
  std::vector<npusim::rtl::RequantLaneOutput> outputs;
  const std::uint64_t cycles_before = unit->cycles();
  for (auto _ : state) {
    unit->run(lanes, &outputs);
    benchmark::DoNotOptimize(outputs.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lanes.size()));
  state.counters["cycles_per_vector"] =
      static_cast<double>(unit->cycles() - cycles_before) / static_cast<double>(state.iterations() * lanes.size());
  state.SetLabel(shape.name + std::string(" ") + std::string(npusim::quant::rounding_mode_name(mode)));
}

// Shapes: 0 a32o8x8, 1 a48o16x4, 2 a40o12x1. Modes: 0 half_up, 2 half_even, 5 tflite_double.
BENCHMARK(BM_RtlRequant)->ArgsProduct({{0, 1, 2}, {0, 2, 5}})->Unit(benchmark::kMillisecond);

}  // namespace
