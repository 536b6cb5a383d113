// The NPU model, assembled: controller, DMA engines + DRAM channel, MAC arrays, vector unit,
// requantization units, output writer (the modules of sim/npu), wired for one program.
//
// The controller walks the program layer by layer (a layer barrier between layers), batch
// item by batch item, step by step (sim/compiler/layer_steps.h). For each step it takes one
// of the target unit's two input buffers (double buffering: the next tile's operands load
// while the current one computes), queues the step's DMA loads, and sends the tile to its
// unit. Units hand tiles on: compute -> requantization (when the block is requantized) ->
// writer (-> DMA store). A layer ends when its last store has been written.
#pragma once

#include <systemc>

#include <memory>
#include <vector>

#include "sim/npu/compute_unit.h"
#include "sim/npu/dma_system.h"
#include "sim/npu/npu_context.h"
#include "sim/npu/requant_stage.h"

namespace npusim::sim {

class NpuTop : public sc_core::sc_module, public JobRouter {
 public:
  NpuTop(const sc_core::sc_module_name& name, NpuContext& context);
  SC_HAS_PROCESS(NpuTop);

  void computed(TileJob* job) override;
  void requantized(TileJob* job) override;
  void written(TileJob* job) override;
  void store_arrived(TileJob* job) override;

  const DmaSystem& dma() const { return *dma_; }

 private:
  void controller();
  void finish(TileJob* job);
  sc_core::sc_semaphore& slot_for(const Step& step);
  void dispatch(TileJob* job);
  void prefetch_weights(std::size_t layer);

  NpuContext& context_;
  std::unique_ptr<DmaSystem> dma_;
  std::vector<std::unique_ptr<ComputeUnit>> arrays_;
  std::unique_ptr<ComputeUnit> vector_;
  std::unique_ptr<RequantStage> requant_;
  std::unique_ptr<OutputWriter> writer_;
  // Two input buffers per unit: index = MAC array, then vector, requant, writer.
  std::vector<std::unique_ptr<sc_core::sc_semaphore>> slots_;
  std::unique_ptr<TileJob> prefetch_;  // the next layer's weight load, issued during this layer
  std::uint64_t outstanding_ = 0;  // jobs of the current layer not yet finished
  sc_core::sc_event layer_drained_;
};

}  // namespace npusim::sim
