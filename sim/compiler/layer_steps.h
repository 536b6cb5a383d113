// The steps of one layer for one batch item, in execution order, produced on demand from the
// layer's plan: what each step loads before it can start, what it computes and for how long,
// how many elements it then requantizes, and what it writes (and stores to DRAM).
//
// A MAC step is one fold (MacTile). A vector/requant/data-movement step is a contiguous range
// of the layer's elements (Range over the vector_elements, requant_elements or output bytes).
// Operand blocks are loaded when a step needs a block the previous step did not (double
// buffering keeps the current block while the next arrives); byte shares of a tensor are
// exact partitions (they add up to the tensor's size over the steps).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/compiler/npu_program.h"

namespace npusim::sim {

struct Transfer {
  DmaKind kind = DmaKind::kLoadInput;
  std::uint64_t bytes = 0;
  bool spill = false;
  int input = -1;  // which of the layer's inputs (load_input), -1 otherwise
  bool prefetch = false;  // issued during the previous layer (LayerPlan::weights_prefetched)
};

struct Step {
  std::uint64_t index = 0;
  ExecUnit unit = ExecUnit::kMacArray;
  int array = -1;   // MAC steps: which array (index into NpuConfig::mac_arrays)
  MacTile mac;      // MAC steps
  Range elements;   // other steps
  std::vector<Transfer> loads;       // must have arrived before the step computes
  std::uint64_t compute_cycles = 0;  // on its unit (MAC array or vector unit; 0 for requant/data movement)
  std::uint64_t macs = 0;
  std::uint64_t vector_elements = 0;
  std::uint64_t requant_elements = 0;  // through the requantization unit after the compute
  std::uint64_t write_bytes = 0;       // output bytes the writer produces
  std::uint64_t store_bytes = 0;       // of which leave for DRAM
  bool store_spill = false;
  std::uint64_t sram_bytes = 0;        // bytes read or written in on-chip buffers (energy)
};

class LayerSteps {
 public:
  LayerSteps(const NpuProgram& program, std::size_t layer_index, std::uint32_t item);
  std::uint64_t count() const { return count_; }
  Step at(std::uint64_t index) const;

 private:
  Step mac_step(std::uint64_t index) const;
  Step element_step(std::uint64_t index) const;

  const NpuProgram& program_;
  const LayerPlan& plan_;
  std::uint32_t item_;
  std::uint64_t count_;
};

// The part of `bytes` that falls on [range) of `total` equal units: the shares of consecutive
// ranges add up to `bytes` exactly.
std::uint64_t byte_share(std::uint64_t bytes, Range range, std::uint64_t total);

}  // namespace npusim::sim
