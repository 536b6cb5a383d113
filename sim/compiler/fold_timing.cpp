#include "sim/compiler/fold_timing.h"

#include <cmath>
#include <stdexcept>

namespace npusim::sim {

std::uint64_t streaming_cycles(std::uint64_t time_steps, double macs_per_pe_per_cycle) {
  if (!(macs_per_pe_per_cycle > 0)) throw std::invalid_argument("streaming_cycles: the rate must be > 0");
  if (macs_per_pe_per_cycle == 1.0) return time_steps;
  // The small epsilon keeps exact quotients (8 / 0.5) from rounding up through float error.
  return static_cast<std::uint64_t>(std::ceil(static_cast<double>(time_steps) / macs_per_pe_per_cycle - 1e-9));
}

std::uint64_t fold_overhead_cycles(Dataflow dataflow, int pe_rows, int pe_cols) {
  const std::uint64_t r = static_cast<std::uint64_t>(pe_rows), c = static_cast<std::uint64_t>(pe_cols);
  return dataflow == Dataflow::kOutputStationary ? r + c - 2 : 2 * r + c - 2;
}

std::uint64_t fold_cycles(Dataflow dataflow, int pe_rows, int pe_cols, std::uint64_t streaming) {
  return fold_overhead_cycles(dataflow, pe_rows, pe_cols) + streaming;
}

std::uint64_t scalesim_utilization_fold_cycles(Dataflow dataflow, int pe_rows, int pe_cols, std::uint64_t time_steps) {
  const std::uint64_t r = static_cast<std::uint64_t>(pe_rows), c = static_cast<std::uint64_t>(pe_cols);
  return dataflow == Dataflow::kOutputStationary ? r + c + time_steps - 2 : 2 * r + 2 * c + time_steps - 3;
}

}  // namespace npusim::sim
