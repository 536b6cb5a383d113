#include "sim/npu/npu_trace.h"

#include <algorithm>
#include <vector>

#include "traces/chrome_trace.h"

namespace npusim::sim {

void write_perfetto_trace(const TraceLog& log, const SimulationReport& report, std::ostream& out,
                          std::uint64_t window_cycles) {
  const double us_per_cycle = 1.0 / report.clock_mhz;
  traces::ChromeTraceWriter writer("npusim " + report.npu);
  const int layer_track = writer.add_track("layers");
  std::vector<int> tracks;
  for (const std::string& name : log.tracks()) tracks.push_back(writer.add_track(name));
  for (const LayerReport& layer : report.layers) {
    writer.add_slice(layer_track, layer.name, layer.start_cycle * us_per_cycle, layer.cycles * us_per_cycle,
                     {{"unit", layer.unit}, {"cycles", layer.cycles}, {"stall_cycles", layer.stall_cycles},
                      {"bound", layer.bound}});
  }
  for (const TraceSlice& slice : log.slices()) {
    const nlohmann::json args = slice.args.empty() ? nlohmann::json::object() : nlohmann::json::parse(slice.args);
    writer.add_slice(tracks[static_cast<std::size_t>(slice.track)], slice.name, slice.start_cycle * us_per_cycle,
                     (slice.end_cycle - slice.start_cycle) * us_per_cycle, args);
  }
  // Bandwidth: bytes each reservation moved, spread evenly over its channel slot, per window.
  const std::uint64_t total = std::max<std::uint64_t>(report.total_cycles, 1);
  const std::uint64_t window = window_cycles > 0 ? window_cycles : std::max<std::uint64_t>(1, total / 1000);
  std::vector<double> bytes((total + window - 1) / window + 1, 0.0);
  for (const DramUse& use : log.dram_uses()) {
    const std::uint64_t end = std::max(use.end_cycle, use.start_cycle + 1);
    const double per_cycle = static_cast<double>(use.bytes) / static_cast<double>(end - use.start_cycle);
    for (std::uint64_t w = use.start_cycle / window; w * window < end && w < bytes.size(); ++w) {
      const std::uint64_t overlap = std::min(end, (w + 1) * window) - std::max(use.start_cycle, w * window);
      bytes[w] += per_cycle * static_cast<double>(overlap);
    }
  }
  const double seconds_per_window = static_cast<double>(window) / (report.clock_mhz * 1e6);
  for (std::size_t w = 0; w < bytes.size(); ++w) {
    writer.add_counter("DRAM bandwidth", "GB/s", static_cast<double>(w * window) * us_per_cycle,
                       bytes[w] / seconds_per_window / 1e9);
  }
  writer.write(out);
}

}  // namespace npusim::sim
