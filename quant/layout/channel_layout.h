// How a C-order tensor splits into channels along one axis: the one per-channel walk of
// quant/ (observers, metrics, the affine quantizer's whole-tensor path) and its users in
// models/ and sim/. Kept out of observers/ because quantizers and metrics need it too.
// shape = [outer..., channels, inner...] with the channel dimension at `axis`.
// Element (o, c, i) lives at flat index (o * channels + c) * inner + i.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace npusim::quant {

struct ChannelLayout {
  std::size_t outer = 1;     // product of the dimensions before the axis
  std::size_t channels = 1;  // size of the axis (1 for per-tensor)
  std::size_t inner = 1;     // product of the dimensions after the axis
  std::size_t elements() const { return outer * channels * inner; }
};

// Per-tensor when axis is empty (one channel holding every element). A negative axis counts
// from the back (numpy). Throws std::invalid_argument naming the axis and the shape when the
// axis is out of range or a dimension is negative.
ChannelLayout make_channel_layout(const std::vector<std::int64_t>& shape, std::optional<int> axis);

// "[2, 3, 4]" for messages.
std::string shape_to_string(const std::vector<std::int64_t>& shape);

// The values of every channel, each copied into one contiguous vector (channel c's values in
// C order). Used where a channel is strided in memory (axis not the first non-trivial one).
std::vector<std::vector<float>> gather_channels(const float* data, const ChannelLayout& layout);
// The same into `channels`, reusing its buffers (no fresh allocation, no page faults, when
// batches repeat the same size).
void gather_channels_into(const float* data, const ChannelLayout& layout, std::vector<std::vector<float>>& channels);

}  // namespace npusim::quant
