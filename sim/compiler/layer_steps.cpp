#include "sim/compiler/layer_steps.h"

#include <algorithm>
#include <cmath>

#include "sim/compiler/fold_timing.h"

namespace npusim::sim {
namespace {

using u128 = unsigned __int128;

// Cycles to move `bytes_per_step * steps` through a buffer of `bytes_per_cycle`.
std::uint64_t bandwidth_cycles(double bytes_per_step, std::uint64_t steps, std::uint64_t bytes_per_cycle) {
  return static_cast<std::uint64_t>(std::ceil(bytes_per_step * static_cast<double>(steps) /
                                              static_cast<double>(bytes_per_cycle) - 1e-9));
}

// A tensor's share for one block of a gemm-major grid: first the gemm, then two ranges.
std::uint64_t block_share(std::uint64_t bytes, std::uint64_t gemm, std::uint64_t gemm_count, Range a,
                          std::uint64_t a_total, Range b, std::uint64_t b_total) {
  const std::uint64_t per_gemm = byte_share(bytes, {gemm, gemm + 1}, gemm_count);
  return byte_share(byte_share(per_gemm, a, a_total), b, b_total);
}

}  // namespace

std::uint64_t byte_share(std::uint64_t bytes, Range range, std::uint64_t total) {
  if (total == 0) return 0;
  const u128 hi = static_cast<u128>(bytes) * range.end / total;
  const u128 lo = static_cast<u128>(bytes) * range.begin / total;
  return static_cast<std::uint64_t>(hi - lo);
}

LayerSteps::LayerSteps(const NpuProgram& program, std::size_t layer_index, std::uint32_t item)
    : program_(program), plan_(program.layers.at(layer_index)), item_(item) {
  count_ = plan_.unit == ExecUnit::kMacArray ? plan_.tiling->tiles_per_item() : plan_.tiles_per_item;
}

Step LayerSteps::at(std::uint64_t index) const {
  return plan_.unit == ExecUnit::kMacArray ? mac_step(index) : element_step(index);
}

Step LayerSteps::mac_step(std::uint64_t index) const {
  const LayerWorkload& layer = plan_.layer;
  const MacTiling& tiling = *plan_.tiling;
  const NpuConfig& config = program_.config;
  const bool compatible = program_.options.scalesim_compatible;
  Step step;
  step.index = index;
  step.unit = ExecUnit::kMacArray;
  step.array = plan_.arrays[index % plan_.arrays.size()];
  step.mac = mac_tile_at(tiling, index);
  const MacTile& tile = step.mac;
  const bool has_previous = index > 0;
  const MacTile previous = has_previous ? mac_tile_at(tiling, index - 1) : MacTile{};
  const std::uint64_t M = layer.gemm_m, N = layer.gemm_n, K = layer.gemm_k, G = layer.gemm_count;

  // Weights: once for the whole batch when resident, else the block each fold needs. A MatMul
  // of two run-time tensors loads its right-hand operand (inputs[1]) the same way, per item,
  // unless its producer left it on chip.
  const bool rhs_input = layer.rhs_is_input();
  const bool new_weight_block =
      !has_previous || previous.gemm != tile.gemm || !(previous.k == tile.k) || !(previous.n == tile.n);
  if (rhs_input) {
    const LayerInputPlan& rhs = plan_.inputs[1];
    const std::uint64_t bytes = rhs.source == InputSource::kOnChip ? 0
                                : rhs.source == InputSource::kDramWhole ? (index == 0 ? rhs.bytes : 0)
                                : new_weight_block ? block_share(rhs.bytes, tile.gemm, G, tile.k, K, tile.n, N) : 0;
    if (bytes > 0) step.loads.push_back({DmaKind::kLoadInput, bytes, rhs.spilled, 1});
  } else if (plan_.weights_resident) {
    if (item_ == 0 && index == 0) {
      step.loads.push_back({DmaKind::kLoadWeights, layer.weight_bytes, false, -1, plan_.weights_prefetched});
    }
  } else if (new_weight_block) {
    step.loads.push_back({DmaKind::kLoadWeights, block_share(layer.weight_bytes, tile.gemm, G, tile.k, K, tile.n, N), false, -1});
  }
  // The GEMM operand (inputs[0]), and fused reads (inputs[2..], or [1..] with weights) with
  // each completed output block.
  for (std::size_t i = 0; i < plan_.inputs.size(); ++i) {
    const LayerInputPlan& input = plan_.inputs[i];
    if (input.source == InputSource::kOnChip || (rhs_input && i == 1)) continue;
    std::uint64_t bytes = 0;
    if (i == 0 && input.source == InputSource::kDramWhole) {
      bytes = index == 0 ? input.bytes : 0;
    } else if (i == 0) {
      const bool same_block = has_previous && previous.gemm == tile.gemm && previous.m == tile.m && previous.k == tile.k;
      bytes = same_block ? 0 : block_share(input.bytes, tile.gemm, G, tile.m, M, tile.k, K);
    } else if (input.source == InputSource::kDramWhole) {
      bytes = index == 0 ? input.bytes : 0;
    } else if (tile.last_k) {
      bytes = block_share(input.bytes, tile.gemm, G, tile.m, M, tile.n, N);
    }
    if (bytes > 0) step.loads.push_back({DmaKind::kLoadInput, bytes, input.spilled, static_cast<int>(i)});
  }

  // Compute: the fold formula at the precision's rate, slowed where a buffer cannot feed it.
  const MacArrayConfig& array = config.mac_arrays[static_cast<std::size_t>(step.array)];
  std::uint64_t streaming = streaming_cycles(tile.time_steps, plan_.macs_per_pe_per_cycle);
  const double in_bytes = layer.input_bits / 8.0, w_bytes = layer.weight_bits / 8.0, acc_bytes = layer.accumulator_bits / 8.0;
  double act_per_step = 0, weight_per_step = 0, acc_per_step = 0, preload = 0;
  switch (tiling.dataflow) {
    case Dataflow::kOutputStationary:
      act_per_step = tile.rows_used * in_bytes;
      weight_per_step = tile.cols_used * w_bytes;
      break;
    case Dataflow::kWeightStationary:
      act_per_step = tile.rows_used * in_bytes;
      acc_per_step = tile.cols_used * acc_bytes * (tile.first_k ? 1 : 2);
      preload = tile.rows_used * tile.cols_used * w_bytes;
      break;
    case Dataflow::kInputStationary:
      weight_per_step = tile.rows_used * w_bytes;
      acc_per_step = tile.cols_used * acc_bytes * (tile.first_k ? 1 : 2);
      preload = tile.rows_used * tile.cols_used * in_bytes;
      break;
  }
  if (!compatible) {
    streaming = std::max({streaming, bandwidth_cycles(act_per_step, tile.time_steps, config.sram.activations.bytes_per_cycle()),
                          bandwidth_cycles(weight_per_step, tile.time_steps, config.sram.weights.bytes_per_cycle()),
                          bandwidth_cycles(acc_per_step, tile.time_steps, config.sram.accumulators.bytes_per_cycle())});
  }
  step.compute_cycles = fold_cycles(tiling.dataflow, array.pe_rows, array.pe_cols, streaming);
  step.macs = tile.macs();

  if (tile.last_k) {
    const Range n = tile.n, m = tile.m;
    if (!compatible && layer.requant_elements > 0) {
      step.requant_elements = block_share(layer.requant_elements, tile.gemm, G, m, M, n, N);
    }
    step.write_bytes = block_share(layer.output_bytes, tile.gemm, G, m, M, n, N);
    step.store_bytes = plan_.output_on_chip ? 0 : step.write_bytes;
    step.store_spill = plan_.output_spilled;
  }
  double sram = (act_per_step + weight_per_step + acc_per_step) * static_cast<double>(tile.time_steps) + preload;
  for (const Transfer& t : step.loads) sram += static_cast<double>(t.bytes);  // DMA writes land in SRAM
  sram += static_cast<double>(step.write_bytes);
  step.sram_bytes = static_cast<std::uint64_t>(std::llround(sram));
  return step;
}

Step LayerSteps::element_step(std::uint64_t index) const {
  const LayerWorkload& layer = plan_.layer;
  const NpuConfig& config = program_.config;
  Step step;
  step.index = index;
  step.unit = plan_.unit;
  const std::uint64_t total = plan_.element_count;
  step.elements = {index * plan_.elements_per_tile, std::min(total, (index + 1) * plan_.elements_per_tile)};
  const Range range = step.elements;
  for (std::size_t i = 0; i < plan_.inputs.size(); ++i) {
    const LayerInputPlan& input = plan_.inputs[i];
    if (input.source == InputSource::kOnChip) continue;
    const std::uint64_t bytes = byte_share(input.bytes, range, total);
    if (bytes > 0) step.loads.push_back({DmaKind::kLoadInput, bytes, input.spilled, static_cast<int>(i)});
  }
  if (plan_.unit == ExecUnit::kVectorUnit) {
    step.vector_elements = range.size();
    const double rate = config.vector_unit.rate(*layer.vector_op);
    step.compute_cycles = static_cast<std::uint64_t>(std::ceil(static_cast<double>(range.size()) / rate - 1e-9)) +
                          static_cast<std::uint64_t>(config.vector_unit.latency_cycles);
  }
  if (layer.requant_elements > 0 && !program_.options.scalesim_compatible) {
    step.requant_elements = byte_share(layer.requant_elements, range, total);
  }
  step.write_bytes = byte_share(layer.output_bytes, range, total);
  step.store_bytes = plan_.output_on_chip ? 0 : step.write_bytes;
  step.store_spill = plan_.output_spilled;
  std::uint64_t sram = step.write_bytes;
  for (const LayerInputPlan& input : plan_.inputs) sram += byte_share(input.bytes, range, total);  // read by the unit
  for (const Transfer& t : step.loads) sram += t.bytes;
  step.sram_bytes = sram;
  return step;
}

}  // namespace npusim::sim
