// How a GEMM is cut into folds and in which order they run: hand-worked tiles, and a brute
// force check that every product is computed exactly once and each output element sees its
// reduction in order, from 0 to K, across tiles (the accumulation contract of the hooks).
#include <gtest/gtest.h>

#include <vector>

#include "sim/compiler/mac_tiling.h"

namespace npusim::sim {
namespace {

LayerWorkload gemm(std::uint64_t m, std::uint64_t n, std::uint64_t k, std::uint64_t count = 1) {
  LayerWorkload layer;
  layer.name = "g";
  layer.kind = LayerKind::kGemm;
  layer.gemm_m = m;
  layer.gemm_n = n;
  layer.gemm_k = k;
  layer.gemm_count = count;
  return layer;
}

MacArrayConfig array(int rows, int cols, Dataflow dataflow) {
  MacArrayConfig a;
  a.name = "a";
  a.pe_rows = rows;
  a.pe_cols = cols;
  a.dataflow = dataflow;
  a.macs_per_pe_per_cycle[Precision::kInt8] = 1;
  return a;
}

TEST(MacTiling, OutputStationaryTilesByHand) {
  // M = 5 on 2 rows: 3 row folds; N = 3 on 2 columns: 2 column folds; K whole.
  const MacTiling t = make_mac_tiling(gemm(5, 3, 7), array(2, 2, Dataflow::kOutputStationary), 4);
  EXPECT_EQ(t.row_folds, 3u);
  EXPECT_EQ(t.col_folds, 2u);
  EXPECT_EQ(t.time_chunks, 1u);  // os never splits K, whatever the limit
  ASSERT_EQ(t.tiles_per_item(), 6u);
  const MacTile t0 = mac_tile_at(t, 0), t2 = mac_tile_at(t, 2), t3 = mac_tile_at(t, 3);
  EXPECT_EQ(t0.m, (Range{0, 2}));
  EXPECT_EQ(t0.n, (Range{0, 2}));
  EXPECT_EQ(t0.k, (Range{0, 7}));
  EXPECT_TRUE(t0.first_k && t0.last_k);
  EXPECT_EQ(t2.m, (Range{4, 5}));  // the row fold is the inner loop
  EXPECT_EQ(t2.rows_used, 1u);
  EXPECT_EQ(t3.m, (Range{0, 2}));
  EXPECT_EQ(t3.n, (Range{2, 3}));
  EXPECT_EQ(t3.macs(), 2u * 1u * 7u);
}

TEST(MacTiling, WeightStationaryWalksKInsideAnOutputBlock) {
  // K = 7 on 2 rows: 4 row folds; N = 3: 2 column folds; M = 5 streamed in chunks of 2: 3.
  const MacTiling t = make_mac_tiling(gemm(5, 3, 7), array(2, 2, Dataflow::kWeightStationary), 2);
  EXPECT_EQ(t.row_folds, 4u);
  EXPECT_EQ(t.time_chunks, 3u);
  ASSERT_EQ(t.tiles_per_item(), 24u);
  const MacTile t0 = mac_tile_at(t, 0), t3 = mac_tile_at(t, 3), t4 = mac_tile_at(t, 4);
  EXPECT_EQ(t0.k, (Range{0, 2}));
  EXPECT_EQ(t0.m, (Range{0, 2}));
  EXPECT_TRUE(t0.first_k);
  EXPECT_FALSE(t0.last_k);
  EXPECT_EQ(t3.k, (Range{6, 7}));
  EXPECT_TRUE(t3.last_k);
  EXPECT_EQ(t4.k, (Range{0, 2}));  // the next block of outputs starts its reduction again
  EXPECT_EQ(t4.m, (Range{2, 4}));
  EXPECT_THROW(mac_tile_at(t, 24), std::out_of_range);
}

TEST(MacTiling, InputStationaryMapsColumnsToPositions) {
  const MacTiling t = make_mac_tiling(gemm(5, 3, 7), array(4, 2, Dataflow::kInputStationary), 0);
  EXPECT_EQ(t.rows_total, 7u);  // K
  EXPECT_EQ(t.cols_total, 5u);  // M
  EXPECT_EQ(t.time_total, 3u);  // N
  const MacTile t1 = mac_tile_at(t, 1);
  EXPECT_EQ(t1.k, (Range{4, 7}));
  EXPECT_EQ(t1.m, (Range{0, 2}));
  EXPECT_EQ(t1.n, (Range{0, 3}));
}

// Every (gemm, m, n, k) product once; for every output element, the k ranges of its tiles
// arrive in order and without gaps: 0 .. K.
TEST(MacTiling, EveryProductOnceAndReductionInOrder) {
  for (Dataflow dataflow : {Dataflow::kOutputStationary, Dataflow::kWeightStationary, Dataflow::kInputStationary}) {
    const std::uint64_t M = 7, N = 5, K = 11, G = 2;
    const MacTiling t = make_mac_tiling(gemm(M, N, K, G), array(3, 2, dataflow), 3);
    std::vector<int> products(G * M * N * K, 0);
    std::vector<std::uint64_t> next_k(G * M * N, 0);
    for (std::uint64_t i = 0; i < t.tiles_per_item(); ++i) {
      const MacTile tile = mac_tile_at(t, i);
      for (std::uint64_t m = tile.m.begin; m < tile.m.end; ++m) {
        for (std::uint64_t n = tile.n.begin; n < tile.n.end; ++n) {
          const std::uint64_t out = (tile.gemm * M + m) * N + n;
          ASSERT_EQ(next_k[out], tile.k.begin) << dataflow_name(dataflow) << " tile " << i;
          ASSERT_EQ(tile.first_k, tile.k.begin == 0);
          next_k[out] = tile.k.end;
          ASSERT_EQ(tile.last_k, tile.k.end == K);
          for (std::uint64_t k = tile.k.begin; k < tile.k.end; ++k) ++products[out * K + k];
        }
      }
    }
    for (int count : products) ASSERT_EQ(count, 1) << dataflow_name(dataflow);
    for (std::uint64_t k : next_k) ASSERT_EQ(k, K) << dataflow_name(dataflow);
  }
}

}  // namespace
}  // namespace npusim::sim
