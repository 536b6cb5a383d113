// The DRAM channel's timing core (plain C++): one channel of bytes_per_cycle shared by every
// stream, transfers rounded up to whole bursts, a fixed latency from request to first byte.
// Requests are served in the order they are made (first come, first served): two streams that
// ask at the same time share the channel in turns, so each sees its bandwidth halved; that is
// the contention the model has. Time is kept in fractional cycles so a channel of 1.04 bytes
// per cycle does not gain a rounding cycle per request.
#pragma once

#include <cstdint>

namespace npusim::sim {

class DramChannelCore {
 public:
  DramChannelCore(double bytes_per_cycle, std::uint64_t latency_cycles, std::uint64_t burst_bytes);

  // Reserves the channel for `bytes` starting no earlier than cycle `now`; returns the cycle
  // (rounded up) at which the channel has moved them. The data arrives latency_cycles later.
  std::uint64_t reserve(std::uint64_t now, std::uint64_t bytes);
  // Bytes the channel really moves for a request (whole bursts).
  std::uint64_t burst_rounded(std::uint64_t bytes) const;

  // The cycle (rounded down) at which the last reservation started moving its bytes: later
  // than its `now` when the channel was busy (what a trace of the channel's activity shows).
  std::uint64_t last_start() const { return last_start_; }

  std::uint64_t latency_cycles() const { return latency_cycles_; }
  double bytes_per_cycle() const { return bytes_per_cycle_; }
  // Cycles the channel was occupied, and bytes moved, since construction.
  double busy_cycles() const { return busy_cycles_; }
  std::uint64_t bytes_moved() const { return bytes_moved_; }

 private:
  double bytes_per_cycle_;
  std::uint64_t latency_cycles_;
  std::uint64_t burst_bytes_;
  double free_at_ = 0;
  std::uint64_t last_start_ = 0;
  double busy_cycles_ = 0;
  std::uint64_t bytes_moved_ = 0;
};

}  // namespace npusim::sim
