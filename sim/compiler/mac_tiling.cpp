#include "sim/compiler/mac_tiling.h"

#include <algorithm>
#include <stdexcept>

namespace npusim::sim {
namespace {

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

Range block(std::uint64_t index, std::uint64_t size, std::uint64_t total) {
  const std::uint64_t begin = index * size;
  return {begin, std::min(begin + size, total)};
}

}  // namespace

MacTiling make_mac_tiling(const LayerWorkload& layer, const MacArrayConfig& array, std::uint64_t max_time_chunk) {
  MacTiling t;
  t.dataflow = array.dataflow;
  t.pe_rows = array.pe_rows;
  t.pe_cols = array.pe_cols;
  t.gemm_m = layer.gemm_m;
  t.gemm_n = layer.gemm_n;
  t.gemm_k = layer.gemm_k;
  t.gemm_count = layer.gemm_count;
  switch (array.dataflow) {
    case Dataflow::kOutputStationary: t.rows_total = t.gemm_m; t.cols_total = t.gemm_n; t.time_total = t.gemm_k; break;
    case Dataflow::kWeightStationary: t.rows_total = t.gemm_k; t.cols_total = t.gemm_n; t.time_total = t.gemm_m; break;
    case Dataflow::kInputStationary: t.rows_total = t.gemm_k; t.cols_total = t.gemm_m; t.time_total = t.gemm_n; break;
  }
  t.row_folds = ceil_div(t.rows_total, static_cast<std::uint64_t>(t.pe_rows));
  t.col_folds = ceil_div(t.cols_total, static_cast<std::uint64_t>(t.pe_cols));
  // os keeps its accumulators in the PEs: its streaming axis (K) is never split.
  const bool split = max_time_chunk > 0 && array.dataflow != Dataflow::kOutputStationary;
  t.time_chunk = split ? std::min(t.time_total, max_time_chunk) : t.time_total;
  t.time_chunks = ceil_div(t.time_total, t.time_chunk);
  return t;
}

MacTile mac_tile_at(const MacTiling& t, std::uint64_t index) {
  if (index >= t.tiles_per_item()) throw std::out_of_range("mac_tile_at: tile index beyond the layer");
  MacTile tile;
  tile.index = index;
  std::uint64_t rest = index;
  const std::uint64_t row_fold = rest % t.row_folds;
  rest /= t.row_folds;
  const std::uint64_t time_index = rest % t.time_chunks;
  rest /= t.time_chunks;
  const std::uint64_t col_fold = rest % t.col_folds;
  tile.gemm = rest / t.col_folds;

  const Range rows = block(row_fold, static_cast<std::uint64_t>(t.pe_rows), t.rows_total);
  const Range cols = block(col_fold, static_cast<std::uint64_t>(t.pe_cols), t.cols_total);
  const Range time = block(time_index, t.time_chunk, t.time_total);
  tile.rows_used = rows.size();
  tile.cols_used = cols.size();
  tile.time_steps = time.size();
  switch (t.dataflow) {
    case Dataflow::kOutputStationary:
      tile.m = rows;
      tile.n = cols;
      tile.k = time;
      break;
    case Dataflow::kWeightStationary:
      tile.k = rows;
      tile.n = cols;
      tile.m = time;
      break;
    case Dataflow::kInputStationary:
      tile.k = rows;
      tile.m = cols;
      tile.n = time;
      break;
  }
  const bool reduction_on_rows = t.dataflow != Dataflow::kOutputStationary;
  tile.first_k = !reduction_on_rows || row_fold == 0;
  tile.last_k = !reduction_on_rows || row_fold + 1 == t.row_folds;
  return tile;
}

}  // namespace npusim::sim
