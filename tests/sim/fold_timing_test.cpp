// The per-fold cycle formulas, on small cases worked by hand.
#include <gtest/gtest.h>

#include "sim/compiler/fold_timing.h"

namespace npusim::sim {
namespace {

TEST(FoldTiming, OutputStationaryByHand) {
  // 4 x 4 array, K = 10 streamed: 3 cycles of input skew + 3 of drain = R + C - 2 = 6, plus 10.
  EXPECT_EQ(fold_overhead_cycles(Dataflow::kOutputStationary, 4, 4), 6u);
  EXPECT_EQ(fold_cycles(Dataflow::kOutputStationary, 4, 4, 10), 16u);
  // 8 x 12: 8 + 12 - 2 = 18.
  EXPECT_EQ(fold_cycles(Dataflow::kOutputStationary, 8, 12, 1), 19u);
}

TEST(FoldTiming, WeightAndInputStationaryByHand) {
  // R = 4 cycles to load the stationary operand, then skew R - 1 + C - 1: 2R + C - 2 = 10.
  EXPECT_EQ(fold_cycles(Dataflow::kWeightStationary, 4, 4, 10), 20u);
  EXPECT_EQ(fold_cycles(Dataflow::kInputStationary, 4, 4, 10), 20u);
  // 8 x 12: 16 + 12 - 2 = 26.
  EXPECT_EQ(fold_overhead_cycles(Dataflow::kWeightStationary, 8, 12), 26u);
}

TEST(FoldTiming, PrecisionRateStretchesOnlyTheStream) {
  EXPECT_EQ(streaming_cycles(10, 1.0), 10u);
  EXPECT_EQ(streaming_cycles(10, 0.25), 40u);  // one MAC every 4 cycles
  EXPECT_EQ(streaming_cycles(7, 0.5), 14u);
  EXPECT_EQ(streaming_cycles(7, 2.0), 4u);     // two packed MACs per cycle: ceil(3.5)
  EXPECT_EQ(streaming_cycles(8, 0.5), 16u);    // exact quotients do not round up
  EXPECT_THROW(streaming_cycles(8, 0.0), std::invalid_argument);
  // INT16 at half rate on a 4 x 4 OS fold with K = 64: 6 + 128 = 134 instead of 70.
  EXPECT_EQ(fold_cycles(Dataflow::kOutputStationary, 4, 4, streaming_cycles(64, 0.5)), 134u);
}

TEST(FoldTiming, ScaleSimUtilisationDenominatorByHand) {
  // SCALE-Sim divides compute by rows + cols - 1 of the demand matrix it measures:
  // os: (T - 1 + R) + C - 1; ws/is: (R + R + C + T - 2) + C - 1.
  EXPECT_EQ(scalesim_utilization_fold_cycles(Dataflow::kOutputStationary, 4, 4, 10), 16u);
  EXPECT_EQ(scalesim_utilization_fold_cycles(Dataflow::kWeightStationary, 4, 4, 10), 23u);
  EXPECT_EQ(scalesim_utilization_fold_cycles(Dataflow::kInputStationary, 8, 12, 5), 16u + 24u + 5u - 3u);
}

}  // namespace
}  // namespace npusim::sim
