#include "sim/npu/requant_stage.h"

#include <cmath>
#include <string>

#include "sim/npu/sc_kernel.h"

namespace npusim::sim {

RequantStage::RequantStage(const sc_core::sc_module_name& name, NpuContext& context, JobRouter& router)
    : sc_core::sc_module(name), jobs("jobs", 2), context_(context), router_(router) {
  if (context_.trace) track_ = context_.trace->track("requant (" + context.requant_unit.name() + ")");
  SC_THREAD(run);
}

void RequantStage::run() {
  const std::uint64_t units = static_cast<std::uint64_t>(context_.program.config.requant.units);
  for (;;) {
    TileJob* job = jobs.read();
    const bool own_layer = job->work.unit == ExecUnit::kRequantUnit;  // a requant-only layer's tile
    if (own_layer && job->pending_loads > 0) wait(job->loads_done);
    const std::uint64_t start = now_cycles();
    const LayerWorkload& layer = context_.program.layers[job->work.layer].layer;
    context_.functional.requant_tile(job->work, context_.requant_unit);
    const std::uint64_t share = (job->step.requant_elements + units - 1) / units;
    const std::uint64_t cycles =
        context_.requant_unit.time_without_values(layer.accumulator_bits, layer.output_bits, share);
    wait(cycles_time(cycles));
    LayerCounters& counters = context_.layers[job->work.layer];
    counters.requant_busy += cycles;
    if (context_.trace) {
      context_.trace->slice(track_, layer.name + " #" + std::to_string(job->step.index), start, now_cycles(),
                            "{\"elements\": " + std::to_string(job->step.requant_elements) + "}");
    }
    if (own_layer) job->slot->post();
    router_.requantized(job);
  }
}

OutputWriter::OutputWriter(const sc_core::sc_module_name& name, NpuContext& context, JobRouter& router)
    : sc_core::sc_module(name), jobs("jobs", 2), context_(context), router_(router) {
  if (context_.trace) track_ = context_.trace->track("output_writer");
  SC_THREAD(run);
}

void OutputWriter::run() {
  const double bytes_per_cycle = context_.program.config.output_writer.bytes_per_cycle;
  // SCALE-Sim's fold length already includes draining the outputs: its writer takes no time.
  const bool free_writes = context_.program.options.scalesim_compatible;
  for (;;) {
    TileJob* job = jobs.read();
    const bool own_layer = job->work.unit == ExecUnit::kDataMovement;
    if (own_layer && job->pending_loads > 0) wait(job->loads_done);
    const std::uint64_t start = now_cycles();
    if (own_layer) context_.functional.move_tile(job->work);
    context_.functional.write_output(job->work);
    const auto cycles = free_writes ? 0
                                    : static_cast<std::uint64_t>(std::ceil(static_cast<double>(job->step.write_bytes) / bytes_per_cycle));
    wait(cycles_time(cycles));
    context_.layers[job->work.layer].writer_busy += cycles;
    if (context_.trace && cycles > 0) {
      const std::string& layer = context_.program.layers[job->work.layer].layer.name;
      context_.trace->slice(track_, layer + " #" + std::to_string(job->step.index), start, now_cycles(),
                            "{\"bytes\": " + std::to_string(job->step.write_bytes) + "}");
    }
    if (own_layer) job->slot->post();
    router_.written(job);
  }
}

}  // namespace npusim::sim
