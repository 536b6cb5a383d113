// How a MAC layer's GEMMs are cut into folds of one array, and which tile comes when.
//
// Per independent GEMM (gemm_count of them per batch item), the fold grid is
// row_folds x col_folds x time_chunks, where rows/cols/time are the GEMM dimensions the
// dataflow puts on the PE rows, the PE columns and the streaming axis (fold_timing.h):
//   os: rows M, cols N, time K     ws: rows K, cols N, time M     is: rows K, cols M, time N
// The streaming axis is split into time_chunks only for ws/is, when the partial sums of one
// fold (time_chunk x C accumulators) would not fit the accumulator SRAM.
//
// Execution order (the tile index): for gemm, for col fold, for time chunk, for row fold.
// For ws and is the row folds are the reduction (K) blocks, so the innermost loop walks K in
// increasing order for one block of outputs: every output element accumulates its K products
// in order, across folds, as a real accumulator that continues from fold to fold does. For os
// each tile holds the whole K (the accumulators stay in the PEs).
#pragma once

#include <cstdint>

#include "sim/compiler/layer_workload.h"
#include "sim/config/npu_config.h"

namespace npusim::sim {

struct Range {
  std::uint64_t begin = 0, end = 0;  // [begin, end)
  std::uint64_t size() const { return end - begin; }
  bool operator==(const Range& other) const { return begin == other.begin && end == other.end; }
};

struct MacTiling {
  Dataflow dataflow = Dataflow::kOutputStationary;
  int pe_rows = 0, pe_cols = 0;
  std::uint64_t gemm_m = 0, gemm_n = 0, gemm_k = 0, gemm_count = 1;
  std::uint64_t rows_total = 0, cols_total = 0, time_total = 0;  // the GEMM dimensions by dataflow
  std::uint64_t row_folds = 0, col_folds = 0;
  std::uint64_t time_chunk = 0, time_chunks = 1;
  std::uint64_t tiles_per_item() const { return gemm_count * col_folds * time_chunks * row_folds; }
};

// max_time_chunk: the longest streaming run one fold may have (0 = no limit).
MacTiling make_mac_tiling(const LayerWorkload& layer, const MacArrayConfig& array, std::uint64_t max_time_chunk);

// One tile: one fold of the array over a block of one GEMM.
struct MacTile {
  std::uint64_t index = 0;  // in execution order within a batch item
  std::uint64_t gemm = 0;   // which independent GEMM (group, head)
  Range m, n, k;            // output positions, output channels, reduction
  bool first_k = true;      // the first fold of this output block: accumulators start here
  bool last_k = true;       // the last fold of this output block: its sums are complete
  std::uint64_t rows_used = 0, cols_used = 0, time_steps = 0;
  std::uint64_t macs() const { return rows_used * cols_used * time_steps; }
};

MacTile mac_tile_at(const MacTiling& tiling, std::uint64_t index);

}  // namespace npusim::sim
