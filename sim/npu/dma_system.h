// The DMA engines and the DRAM channel they share (thin SystemC shells over
// DramChannelCore). Requests queue in order; each of `dma.engines` engines takes the next
// one, spends setup_cycles, then moves it in chunks of 4 KiB (at least one burst): per chunk
// it reserves the shared channel and waits until both the channel and its own
// bytes_per_cycle limit have moved it; the last chunk's data lands latency cycles later.
// Chunking is what lets concurrent streams interleave on the channel (contention).
#pragma once

#include <systemc>

#include <deque>
#include <vector>

#include "sim/npu/dram_channel_core.h"
#include "sim/npu/npu_context.h"

namespace npusim::sim {

struct DmaRequest {
  TileJob* job = nullptr;
  Transfer transfer;
  bool store = false;
};

class DmaSystem : public sc_core::sc_module {
 public:
  DmaSystem(const sc_core::sc_module_name& name, NpuContext& context, JobRouter& router);
  SC_HAS_PROCESS(DmaSystem);

  // Queues a transfer; never blocks. Loads decrement job->pending_loads (and notify
  // job->loads_done at 0) when they arrive; stores call router.store_arrived(job).
  void submit(const DmaRequest& request);

  const DramChannelCore& channel() const { return channel_; }

 private:
  void engine(int index);

  NpuContext& context_;
  JobRouter& router_;
  DramChannelCore channel_;
  std::deque<DmaRequest> queue_;
  sc_core::sc_event queued_;
  std::vector<int> tracks_;
  bool ideal_;
};

}  // namespace npusim::sim
