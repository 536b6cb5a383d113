#include "sim/npu/npu_top.h"

#include <string>

#include "sim/npu/sc_kernel.h"

namespace npusim::sim {

NpuTop::NpuTop(const sc_core::sc_module_name& name, NpuContext& context)
    : sc_core::sc_module(name), context_(context) {
  dma_ = std::make_unique<DmaSystem>("dma", context, *this);
  const std::size_t array_count = context.program.config.mac_arrays.size();
  for (std::size_t a = 0; a < array_count; ++a) {
    arrays_.push_back(std::make_unique<ComputeUnit>(("mac_array" + std::to_string(a)).c_str(), ExecUnit::kMacArray,
                                                    static_cast<int>(a), context, *this));
  }
  vector_ = std::make_unique<ComputeUnit>("vector_unit", ExecUnit::kVectorUnit, -1, context, *this);
  requant_ = std::make_unique<RequantStage>("requant", context, *this);
  writer_ = std::make_unique<OutputWriter>("output_writer", context, *this);
  for (std::size_t i = 0; i < array_count + 3; ++i) {
    slots_.push_back(std::make_unique<sc_core::sc_semaphore>(("slots" + std::to_string(i)).c_str(), 2));
  }
  SC_THREAD(controller);
}

sc_core::sc_semaphore& NpuTop::slot_for(const Step& step) {
  const std::size_t arrays = arrays_.size();
  switch (step.unit) {
    case ExecUnit::kMacArray: return *slots_[static_cast<std::size_t>(step.array)];
    case ExecUnit::kVectorUnit: return *slots_[arrays];
    case ExecUnit::kRequantUnit: return *slots_[arrays + 1];
    case ExecUnit::kDataMovement: return *slots_[arrays + 2];
  }
  return *slots_[arrays];
}

void NpuTop::dispatch(TileJob* job) {
  switch (job->step.unit) {
    case ExecUnit::kMacArray: arrays_[static_cast<std::size_t>(job->step.array)]->jobs.write(job); break;
    case ExecUnit::kVectorUnit: vector_->jobs.write(job); break;
    case ExecUnit::kRequantUnit: requant_->jobs.write(job); break;
    case ExecUnit::kDataMovement: writer_->jobs.write(job); break;
  }
}

// Queues layer `layer`'s resident weights while the layer before it runs; its first fold
// waits for this transfer instead of loading them itself (LayerPlan::weights_prefetched).
void NpuTop::prefetch_weights(std::size_t layer) {
  const LayerPlan& plan = context_.program.layers[layer];
  prefetch_ = std::make_unique<TileJob>();
  prefetch_->work.layer = layer;
  prefetch_->pending_loads = 1;
  dma_->submit({prefetch_.get(), {DmaKind::kLoadWeights, plan.layer.weight_bytes, false, -1, true}, false});
}

void NpuTop::controller() {
  const NpuProgram& program = context_.program;
  for (std::size_t layer = 0; layer < program.layers.size(); ++layer) {
    LayerCounters& counters = context_.layers[layer];
    counters.start_cycle = now_cycles();
    std::unique_ptr<TileJob> prefetched = std::move(prefetch_);  // this layer's weights, if loaded early
    const bool prefetch_next = layer + 1 < program.layers.size() && program.layers[layer + 1].weights_prefetched;
    context_.functional.begin_layer(layer);
    for (int item = 0; item < program.options.batch; ++item) {
      const LayerSteps steps(program, layer, static_cast<std::uint32_t>(item));
      for (std::uint64_t i = 0; i < steps.count(); ++i) {
        auto job = std::make_unique<TileJob>();
        job->step = steps.at(i);
        const Step& step = job->step;
        job->work.layer = layer;
        job->work.item = static_cast<std::uint32_t>(item);
        job->work.unit = step.unit;
        job->work.array = step.array;
        job->work.mac = step.mac;
        job->work.elements = step.elements;
        job->work.requant_elements = step.requant_elements;
        counters.tiles += 1;
        counters.macs += step.macs;
        counters.sram_bytes += step.sram_bytes;
        counters.requant_elements += step.requant_elements;
        counters.vector_elements += step.vector_elements;
        job->slot = &slot_for(step);
        job->slot->wait();  // the unit's other input buffer is free
        for (const Transfer& t : step.loads) job->pending_loads += t.prefetch ? 0 : 1;
        if (prefetched && item == 0 && i == 0) job->prefetch = prefetched.get();
        TileJob* raw = job.release();
        for (const Transfer& t : step.loads) {
          if (!t.prefetch) dma_->submit({raw, t, false});
        }
        ++outstanding_;
        dispatch(raw);
        // The next layer's weights queue behind this layer's first loads.
        if (prefetch_next && item == 0 && i == 0) prefetch_weights(layer + 1);
      }
    }
    while (outstanding_ > 0) wait(layer_drained_);
    counters.end_cycle = now_cycles();
    context_.functional.end_layer(layer);
  }
  // Nothing is left to do: every other thread waits on an empty fifo or queue, so sc_start
  // returns by itself (no sc_stop, whose report would clutter the output).
}

void NpuTop::computed(TileJob* job) {
  if (job->step.requant_elements > 0) requant_->jobs.write(job);
  else if (job->step.write_bytes > 0) writer_->jobs.write(job);
  else finish(job);
}

void NpuTop::requantized(TileJob* job) {
  if (job->step.write_bytes > 0 || job->step.unit == ExecUnit::kDataMovement) writer_->jobs.write(job);
  else finish(job);
}

void NpuTop::written(TileJob* job) {
  if (job->step.store_bytes > 0) {
    job->pending_stores = 1;
    dma_->submit({job, {DmaKind::kStoreOutput, job->step.store_bytes, job->step.store_spill, -1}, true});
  } else {
    finish(job);
  }
}

void NpuTop::store_arrived(TileJob* job) {
  if (--job->pending_stores == 0) finish(job);
}

void NpuTop::finish(TileJob* job) {
  delete job;
  if (--outstanding_ == 0) layer_drained_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace npusim::sim
