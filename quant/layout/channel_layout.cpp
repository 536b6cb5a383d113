#include "quant/layout/channel_layout.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace npusim::quant {

std::string shape_to_string(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (d > 0) text += ", ";
    text += std::to_string(shape[d]);
  }
  return text + "]";
}

ChannelLayout make_channel_layout(const std::vector<std::int64_t>& shape, std::optional<int> axis) {
  for (std::int64_t dim : shape) {
    if (dim < 0) throw std::invalid_argument("negative dimension in shape " + shape_to_string(shape));
  }
  ChannelLayout layout;
  if (!axis) {
    for (std::int64_t dim : shape) layout.inner *= static_cast<std::size_t>(dim);
    return layout;
  }
  const int rank = static_cast<int>(shape.size());
  const int resolved = *axis < 0 ? *axis + rank : *axis;
  if (resolved < 0 || resolved >= rank) {
    throw std::invalid_argument("channel axis " + std::to_string(*axis) + " is out of range for shape " +
                                shape_to_string(shape) + " (rank " + std::to_string(rank) + ")");
  }
  for (int d = 0; d < resolved; ++d) layout.outer *= static_cast<std::size_t>(shape[d]);
  layout.channels = static_cast<std::size_t>(shape[resolved]);
  for (int d = resolved + 1; d < rank; ++d) layout.inner *= static_cast<std::size_t>(shape[d]);
  return layout;
}

void gather_channels_into(const float* data, const ChannelLayout& layout, std::vector<std::vector<float>>& channels) {
  channels.resize(layout.channels);
  const std::size_t per_channel = layout.outer * layout.inner;
  for (auto& channel : channels) channel.resize(per_channel);
  for (std::size_t o = 0; o < layout.outer; ++o) {
    for (std::size_t c = 0; c < layout.channels; ++c) {
      const float* run = data + (o * layout.channels + c) * layout.inner;
      std::copy(run, run + layout.inner, channels[c].begin() + static_cast<std::ptrdiff_t>(o * layout.inner));
    }
  }
}

std::vector<std::vector<float>> gather_channels(const float* data, const ChannelLayout& layout) {
  std::vector<std::vector<float>> channels;
  gather_channels_into(data, layout, channels);
  return channels;
}

}  // namespace npusim::quant
