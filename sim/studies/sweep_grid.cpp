#include "sim/studies/sweep_grid.h"

#include <charconv>
#include <stdexcept>

namespace npusim::studies {

std::vector<SweepPoint> expand_grid(const SweepGrid& grid) {
  std::vector<SweepPoint> points;
  points.reserve(grid.precisions.size() * grid.arrays.size() * grid.dram_gbps.size() * grid.batches.size());
  for (const std::string& precision : grid.precisions) {
    for (const ArrayShape& array : grid.arrays) {
      for (double gbps : grid.dram_gbps) {
        for (int batch : grid.batches) {
          points.push_back(SweepPoint{batch, array, gbps, precision});
        }
      }
    }
  }
  return points;
}

ShardSpec parse_shard(const std::string& text) {
  constexpr int kMaxShards = 100000;
  const auto slash = text.find('/');
  ShardSpec shard;
  auto parse = [](const std::string& part, int* value) {
    const char* end = part.data() + part.size();
    auto [ptr, error] = std::from_chars(part.data(), end, *value);
    return !part.empty() && error == std::errc() && ptr == end;
  };
  if (slash == std::string::npos || !parse(text.substr(0, slash), &shard.index) ||
      !parse(text.substr(slash + 1), &shard.count) || shard.count < 1 || shard.count > kMaxShards ||
      shard.index < 0 || shard.index >= shard.count) {
    throw std::invalid_argument("--shard: '" + text + "' is not i/N with 0 <= i < N <= " + std::to_string(kMaxShards) +
                                " (i counts from 0, as SLURM_ARRAY_TASK_ID does)");
  }
  return shard;
}

std::vector<SweepPoint> shard_points(const std::vector<SweepPoint>& points, const ShardSpec& shard) {
  std::vector<SweepPoint> slice;
  for (std::size_t i = static_cast<std::size_t>(shard.index); i < points.size(); i += static_cast<std::size_t>(shard.count)) {
    slice.push_back(points[i]);
  }
  return slice;
}

}  // namespace npusim::studies
