// A MAC array or the vector unit: a thin SystemC shell that takes tiles in order, waits for
// their operands, calls the functional hook (mac_tile / vector_tile) and holds the tile for
// the cycles the compiler's per-tile formula gives (fold_timing.h for MAC arrays; elements /
// rate + latency for the vector unit). Then it frees the tile's input buffer (double
// buffering) and hands the tile on to the requantization unit or the writer.
#pragma once

#include <systemc>

#include <string>

#include "sim/npu/npu_context.h"

namespace npusim::sim {

class ComputeUnit : public sc_core::sc_module {
 public:
  // index: the MAC array's index in the configuration; -1 for the vector unit.
  ComputeUnit(const sc_core::sc_module_name& name, ExecUnit unit, int index, NpuContext& context, JobRouter& router);
  SC_HAS_PROCESS(ComputeUnit);

  sc_core::sc_fifo<TileJob*> jobs;  // tiles whose loads have been issued

 private:
  void run();

  ExecUnit unit_;
  int index_;
  NpuContext& context_;
  JobRouter& router_;
  int track_ = -1;
};

}  // namespace npusim::sim
