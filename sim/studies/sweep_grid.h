// The grid of a sweep (one list per axis), its expansion into points in a fixed order,
// and deterministic shards of it (`--shard i/N`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/studies/sweep_point.h"

namespace npusim::studies {

struct SweepGrid {
  std::vector<int> batches;
  std::vector<ArrayShape> arrays;
  std::vector<double> dram_gbps;
  std::vector<std::string> precisions;
};

// Every combination, precision outermost and batch innermost, each list in its given
// order: a batch curve is a run of consecutive rows. The report keeps this order.
std::vector<SweepPoint> expand_grid(const SweepGrid& grid);

struct ShardSpec {
  int index = 0;  // 0-based, as Slurm's SLURM_ARRAY_TASK_ID for --array=0-(N-1)
  int count = 1;
};

// "i/N" with 0 <= i < N <= 100000. Throws std::invalid_argument naming the text.
ShardSpec parse_shard(const std::string& text);

// The points of shard i of N: those whose position in expand_grid order is i modulo N.
// Round robin spreads the large batches over the shards instead of giving one shard all
// of them. The shards are disjoint and together hold every point exactly once.
std::vector<SweepPoint> shard_points(const std::vector<SweepPoint>& points, const ShardSpec& shard);

}  // namespace npusim::studies
