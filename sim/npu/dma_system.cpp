// sc_spawn (one thread per configured engine) needs SystemC's dynamic processes.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "sim/npu/dma_system.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/npu/sc_kernel.h"

namespace npusim::sim {
namespace {

constexpr std::uint64_t kChunkBytes = 4096;

}  // namespace

DmaSystem::DmaSystem(const sc_core::sc_module_name& name, NpuContext& context, JobRouter& router)
    : sc_core::sc_module(name),
      context_(context),
      router_(router),
      channel_(context.program.config.dram_bytes_per_cycle(), context.program.config.dram_latency_cycles(),
               static_cast<std::uint64_t>(context.program.config.dram.burst_bytes)),
      ideal_(context.program.options.ideal_memory) {
  for (int i = 0; i < context.program.config.dma.engines; ++i) {
    if (context_.trace) tracks_.push_back(context_.trace->track("dma" + std::to_string(i)));
    sc_core::sc_spawn([this, i] { engine(i); }, ("engine" + std::to_string(i)).c_str());
  }
}

void DmaSystem::submit(const DmaRequest& request) {
  queue_.push_back(request);
  queued_.notify(sc_core::SC_ZERO_TIME);
}

void DmaSystem::engine(int index) {
  const DmaConfig& dma = context_.program.config.dma;
  const std::uint64_t burst = static_cast<std::uint64_t>(context_.program.config.dram.burst_bytes);
  const std::uint64_t chunk_bytes = std::max(kChunkBytes, burst);
  for (;;) {
    while (queue_.empty()) wait(queued_);
    const DmaRequest request = queue_.front();
    queue_.pop_front();
    const std::uint64_t start = now_cycles();
    LayerCounters& counters = context_.layers[request.job->work.layer];
    if (!ideal_) {
      wait(cycles_time(static_cast<std::uint64_t>(dma.setup_cycles)));
      for (std::uint64_t remaining = request.transfer.bytes; remaining > 0;) {
        const std::uint64_t chunk = std::min(chunk_bytes, remaining);
        const std::uint64_t now = now_cycles();
        const std::uint64_t slot_end = channel_.reserve(now, chunk);
        counters.dram_busy += static_cast<double>(channel_.burst_rounded(chunk)) / channel_.bytes_per_cycle();
        // The trace shows the bytes while the channel moves them (its slot), not from the
        // request: a queued chunk would otherwise draw above the channel's bandwidth.
        if (context_.trace) context_.trace->dram(channel_.last_start(), slot_end, chunk);
        const auto engine_end = now + static_cast<std::uint64_t>(std::ceil(static_cast<double>(chunk) / dma.bytes_per_cycle));
        wait(cycles_time(std::max(slot_end, engine_end) - now));
        remaining -= chunk;
      }
      wait(cycles_time(channel_.latency_cycles()));
    }
    if (request.store) counters.dram_write_bytes += request.transfer.bytes;
    else counters.dram_read_bytes += request.transfer.bytes;
    if (context_.trace) {
      const LayerPlan& plan = context_.program.layers[request.job->work.layer];
      context_.trace->slice(tracks_[static_cast<std::size_t>(index)],
                            std::string(dma_kind_name(request.transfer.kind)) + " " + plan.layer.name, start, now_cycles(),
                            "{\"bytes\": " + std::to_string(request.transfer.bytes) + "}");
    }
    if (request.store) {
      router_.store_arrived(request.job);
    } else if (--request.job->pending_loads == 0) {
      request.job->loads_done.notify(sc_core::SC_ZERO_TIME);
    }
  }
}

}  // namespace npusim::sim
