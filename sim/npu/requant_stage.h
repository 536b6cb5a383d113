// The requantization units (config.requant.units of them, working on one block together):
// a thin SystemC shell around the RequantizationUnit interface (sim/requant). For each block
// it hands the unit to the functional core (requant_tile), which must push the block's
// accumulators through it, and holds the block for the unit's own time for its share:
// ceil(n / units) elements, `unit.time_without_values(...)` cycles (the formula for the C++
// model; counted clock edges of the Verilated RTL with `--requant rtl`, which has no
// data-dependent timing, so zeros time it as the real values would).
#pragma once

#include <systemc>

#include "sim/npu/npu_context.h"

namespace npusim::sim {

class RequantStage : public sc_core::sc_module {
 public:
  RequantStage(const sc_core::sc_module_name& name, NpuContext& context, JobRouter& router);
  SC_HAS_PROCESS(RequantStage);

  sc_core::sc_fifo<TileJob*> jobs;  // blocks to requantize (2 deep: the accumulators are double-buffered)

 private:
  void run();

  NpuContext& context_;
  JobRouter& router_;
  int track_ = -1;
};

// The (dual-)output writer: puts each completed block into the activation SRAM (and queues
// its DMA store when the output leaves the chip) at bytes_per_cycle; for a dual-output layer
// the functional core splits the block into its hi and lo tensors here. It also runs the
// data-movement layers' tiles (copies). In the SCALE-Sim compatible mode it takes no time (the
// fold length there already drains the outputs).
class OutputWriter : public sc_core::sc_module {
 public:
  OutputWriter(const sc_core::sc_module_name& name, NpuContext& context, JobRouter& router);
  SC_HAS_PROCESS(OutputWriter);

  sc_core::sc_fifo<TileJob*> jobs;

 private:
  void run();

  NpuContext& context_;
  JobRouter& router_;
  int track_ = -1;
};

}  // namespace npusim::sim
