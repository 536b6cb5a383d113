#include "models/golden/requant_stage.h"

#include <limits>
#include <stdexcept>

#include "quant/requant/requant_tensor.h"

namespace npusim::golden {

ChannelWalk channel_walk(const models::Shape& shape, int axis) {
  ChannelWalk walk;
  if (axis < 0) return walk;
  if (static_cast<std::size_t>(axis) >= shape.size()) throw std::runtime_error("requant axis beyond the tensor's rank");
  walk.channels = shape[static_cast<std::size_t>(axis)];
  for (std::size_t d = static_cast<std::size_t>(axis) + 1; d < shape.size(); ++d) walk.inner *= shape[d];
  return walk;
}

void apply_requant_stage(const RequantStage& stage, const std::vector<std::int64_t>& acc, GoldenTensor& out,
                         GoldenTensor* lo) {
  const ChannelWalk walk = channel_walk(out.shape, stage.axis);
  if (static_cast<std::int64_t>(stage.channels.size()) != walk.channels) {
    throw std::runtime_error("tensor '" + out.quant.name + "': " + std::to_string(stage.channels.size()) +
                             " requant channels for an axis of " + std::to_string(walk.channels));
  }
  std::vector<std::int32_t> wide(acc.size());
  bool fits_int32 = true;
  for (std::int64_t value : acc) {
    fits_int32 = fits_int32 && value >= std::numeric_limits<std::int32_t>::min() &&
                 value <= std::numeric_limits<std::int32_t>::max();
  }
  try {
    if (fits_int32) {
      std::vector<std::int32_t> narrow(acc.begin(), acc.end());
      if (stage.axis < 0) {
        quant::requantize_tensor(narrow.data(), narrow.size(), stage.channels[0], stage.mode, wide.data());
      } else if (walk.inner == 1) {
        quant::requantize_tensor_per_channel(narrow.data(), narrow.size(), stage.channels.data(),
                                             stage.channels.size(), stage.mode, wide.data());
      } else {
        const std::int64_t block = walk.channels * walk.inner;
        for (std::int64_t start = 0; start < static_cast<std::int64_t>(narrow.size()); start += block) {
          quant::requantize_tensor_channel_blocks(narrow.data() + start, static_cast<std::size_t>(block),
                                                  stage.channels.data(), stage.channels.size(), stage.mode,
                                                  wide.data() + start);
        }
      }
    } else {
      for (std::size_t i = 0; i < acc.size(); ++i) {
        wide[i] = quant::requantize(acc[i], stage.channels[static_cast<std::size_t>(walk.channel(static_cast<std::int64_t>(i)))],
                                    stage.mode);
      }
    }
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error("requantizing '" + out.quant.name + "': " + error.what());
  }
  const int lo_bits = stage.channels[0].lo_bits;
  if (lo_bits == 0 || lo == nullptr) {
    out.codes = std::move(wide);
    return;
  }
  out.codes.resize(wide.size());
  lo->codes.resize(wide.size());
  quant::split_dual_output_tensor(wide.data(), wide.size(), lo_bits, out.codes.data(), lo->codes.data());
}

}  // namespace npusim::golden
