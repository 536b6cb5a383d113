// The model's trace log -> a Perfetto/Chrome JSON trace (traces/chrome_trace.h): a track per
// unit (each MAC array, the vector unit, the requantization unit, the writer, each DMA
// engine), a slice per tile or transfer, the layers as slices on a "layers" track, and the
// DRAM channel's bandwidth as a counter (GB/s, averaged over windows of window_cycles).
#pragma once

#include <ostream>

#include "sim/npu/simulate.h"
#include "sim/npu/trace_log.h"

namespace npusim::sim {

// window_cycles 0: about 1000 windows over the run (at least 1 cycle each).
void write_perfetto_trace(const TraceLog& log, const SimulationReport& report, std::ostream& out,
                          std::uint64_t window_cycles = 0);

}  // namespace npusim::sim
