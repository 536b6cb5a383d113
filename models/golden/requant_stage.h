// Applying an operation's output stage to its accumulators: the requantization contract of
// docs/numerics.md per tensor or per channel, then (dual output) the hi/lo split.
#pragma once

#include <cstdint>
#include <vector>

#include "models/golden/program.h"

namespace npusim::golden {

// The channel of flat element `index` of a tensor of `shape` under a stage with an axis.
struct ChannelWalk {
  std::int64_t inner = 1;     // product of the dimensions after the axis
  std::int64_t channels = 1;  // size of the axis (1 when per tensor)
  std::int64_t channel(std::int64_t index) const { return (index / inner) % channels; }
};
ChannelWalk channel_walk(const models::Shape& shape, int axis);

// out.codes = requantize(acc) (out.shape and out.quant must be set). With a dual stage
// (lo_bits > 0) `lo` receives the low part and `out` the high part. Accumulators that fit
// int32 take the vectorised tensor path, others the scalar golden (the INT16 datapath).
void apply_requant_stage(const RequantStage& stage, const std::vector<std::int64_t>& acc, GoldenTensor& out,
                         GoldenTensor* lo);

}  // namespace npusim::golden
