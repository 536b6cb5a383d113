#include "sim/npu/compute_unit.h"

#include "sim/npu/sc_kernel.h"

namespace npusim::sim {
namespace {

std::string range_text(const Range& r) { return "[" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ")"; }

std::string tile_args(const TileJob& job) {
  if (job.work.unit == ExecUnit::kMacArray) {
    const MacTile& t = job.work.mac;
    return "{\"item\": " + std::to_string(job.work.item) + ", \"gemm\": " + std::to_string(t.gemm) + ", \"m\": \"" +
           range_text(t.m) + "\", \"n\": \"" + range_text(t.n) + "\", \"k\": \"" + range_text(t.k) +
           "\", \"macs\": " + std::to_string(job.step.macs) + "}";
  }
  return "{\"item\": " + std::to_string(job.work.item) + ", \"elements\": \"" + range_text(job.work.elements) + "\"}";
}

}  // namespace

ComputeUnit::ComputeUnit(const sc_core::sc_module_name& name, ExecUnit unit, int index, NpuContext& context,
                         JobRouter& router)
    : sc_core::sc_module(name), jobs("jobs", 4), unit_(unit), index_(index), context_(context), router_(router) {
  if (context_.trace) {
    track_ = context_.trace->track(unit == ExecUnit::kMacArray
                                       ? "mac_array " + context.program.config.mac_arrays[static_cast<std::size_t>(index)].name
                                       : std::string("vector_unit"));
  }
  SC_THREAD(run);
}

void ComputeUnit::run() {
  for (;;) {
    TileJob* job = jobs.read();
    while (!job->operands_ready()) wait(job->pending_loads > 0 ? job->loads_done : job->prefetch->loads_done);
    const std::uint64_t start = now_cycles();
    if (unit_ == ExecUnit::kMacArray) {
      context_.functional.mac_tile(job->work);
    } else {
      context_.functional.vector_tile(job->work);
    }
    wait(cycles_time(job->step.compute_cycles));
    LayerCounters& counters = context_.layers[job->work.layer];
    if (unit_ == ExecUnit::kMacArray) counters.array_busy[static_cast<std::size_t>(index_)] += job->step.compute_cycles;
    else counters.vector_busy += job->step.compute_cycles;
    if (context_.trace) {
      const std::string& layer = context_.program.layers[job->work.layer].layer.name;
      context_.trace->slice(track_, layer + " #" + std::to_string(job->step.index), start, now_cycles(), tile_args(*job));
    }
    job->slot->post();
    router_.computed(job);
  }
}

}  // namespace npusim::sim
