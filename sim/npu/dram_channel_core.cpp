#include "sim/npu/dram_channel_core.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace npusim::sim {

DramChannelCore::DramChannelCore(double bytes_per_cycle, std::uint64_t latency_cycles, std::uint64_t burst_bytes)
    : bytes_per_cycle_(bytes_per_cycle), latency_cycles_(latency_cycles), burst_bytes_(burst_bytes) {
  if (!(bytes_per_cycle > 0)) throw std::invalid_argument("DRAM channel: bytes per cycle must be > 0");
  if (burst_bytes == 0) throw std::invalid_argument("DRAM channel: burst bytes must be > 0");
}

std::uint64_t DramChannelCore::burst_rounded(std::uint64_t bytes) const {
  return (bytes + burst_bytes_ - 1) / burst_bytes_ * burst_bytes_;
}

std::uint64_t DramChannelCore::reserve(std::uint64_t now, std::uint64_t bytes) {
  const std::uint64_t moved = burst_rounded(bytes);
  const double occupancy = static_cast<double>(moved) / bytes_per_cycle_;
  const double start = std::max(static_cast<double>(now), free_at_);
  last_start_ = static_cast<std::uint64_t>(std::floor(start + 1e-9));
  free_at_ = start + occupancy;
  busy_cycles_ += occupancy;
  bytes_moved_ += moved;
  return static_cast<std::uint64_t>(std::ceil(free_at_ - 1e-9));
}

}  // namespace npusim::sim
