// What the model records for a trace (plain C++, filled only when a trace was asked for):
// a slice per tile on the track of the unit that ran it, a slice per DMA transfer, and the
// DRAM channel's reservations for the bandwidth counter. sim/npu/npu_trace.h turns it into
// Perfetto/Chrome JSON with the writer in traces/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npusim::sim {

struct TraceSlice {
  int track = 0;
  std::string name;
  std::uint64_t start_cycle = 0, end_cycle = 0;
  std::string args;  // one JSON object's text, "" for none
};

struct DramUse {
  std::uint64_t start_cycle = 0, end_cycle = 0;  // the channel slot
  std::uint64_t bytes = 0;
};

class TraceLog {
 public:
  int track(const std::string& name) {
    tracks_.push_back(name);
    return static_cast<int>(tracks_.size()) - 1;
  }
  void slice(int track, std::string name, std::uint64_t start, std::uint64_t end, std::string args = "") {
    slices_.push_back({track, std::move(name), start, end, std::move(args)});
  }
  void dram(std::uint64_t start, std::uint64_t end, std::uint64_t bytes) { dram_.push_back({start, end, bytes}); }

  const std::vector<std::string>& tracks() const { return tracks_; }
  const std::vector<TraceSlice>& slices() const { return slices_; }
  const std::vector<DramUse>& dram_uses() const { return dram_; }

 private:
  std::vector<std::string> tracks_;
  std::vector<TraceSlice> slices_;
  std::vector<DramUse> dram_;
};

}  // namespace npusim::sim
