// What the NPU model's modules share: the tile job that travels through them, the per-layer
// counters they fill, and the context (program, functional core, requantization unit, trace)
// they work for. Internal to sim/npu.
#pragma once

#include <systemc>

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/compiler/layer_steps.h"
#include "sim/compiler/npu_program.h"
#include "sim/npu/functional_core.h"
#include "sim/npu/trace_log.h"
#include "sim/requant/requantization_unit.h"

namespace npusim::sim {

// One step of one layer for one batch item, from the controller to the unit that computes
// it, then (when it has them) the requantization unit and the output writer.
struct TileJob {
  TileWork work;
  Step step;
  int pending_loads = 0;   // DMA loads not yet arrived
  int pending_stores = 0;  // DMA stores not yet written
  sc_core::sc_event loads_done;
  sc_core::sc_semaphore* slot = nullptr;  // the compute buffer it holds until it has been computed
  TileJob* prefetch = nullptr;  // weights loaded during the previous layer that it also waits for

  bool operands_ready() const { return pending_loads == 0 && (prefetch == nullptr || prefetch->pending_loads == 0); }
};

// What each layer cost, filled by the modules as they work.
struct LayerCounters {
  std::uint64_t start_cycle = 0, end_cycle = 0;
  std::vector<std::uint64_t> array_busy;  // per MAC array
  std::uint64_t vector_busy = 0, requant_busy = 0, writer_busy = 0;
  double dram_busy = 0;  // channel occupancy by this layer's transfers
  std::uint64_t dram_read_bytes = 0, dram_write_bytes = 0;
  std::uint64_t sram_bytes = 0, macs = 0, requant_elements = 0, vector_elements = 0;
  std::uint64_t tiles = 0;
};

struct NpuContext {
  const NpuProgram& program;
  FunctionalCore& functional;
  RequantizationUnit& requant_unit;
  TraceLog* trace = nullptr;  // null: no trace
  std::vector<LayerCounters> layers;

  NpuContext(const NpuProgram& p, FunctionalCore& f, RequantizationUnit& r, TraceLog* t)
      : program(p), functional(f), requant_unit(r), trace(t), layers(p.layers.size()) {
    for (LayerCounters& c : layers) c.array_busy.assign(p.config.mac_arrays.size(), 0);
  }
};

// How a module hands a job on: implemented by NpuTop, which owns the fifos and the DMA.
class JobRouter {
 public:
  virtual ~JobRouter() = default;
  virtual void computed(TileJob* job) = 0;     // after its MAC/vector compute (or loads, for requant/move)
  virtual void requantized(TileJob* job) = 0;  // after the requantization unit
  virtual void written(TileJob* job) = 0;      // after the writer; stores may still be in flight
  virtual void store_arrived(TileJob* job) = 0;
};

}  // namespace npusim::sim
