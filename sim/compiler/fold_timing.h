// Cycles of one fold of a systolic MAC array: the per-tile formulas of the timing model.
//
// A fold maps a block of the GEMM onto the R x C array: `rows` of one GEMM dimension on the
// PE rows, `cols` of another on the PE columns, and streams the third one (`time` steps)
// through it. Which dimension goes where is the dataflow (SCALE-Sim's convention):
//
//   dataflow  rows  cols  time   fold cycles (rate = MACs per PE per cycle)
//   os        M     N     K      R + C - 2 + ceil(K_fold / rate)     skew in, stream, drain
//   ws        K     N     M      2R + C - 2 + ceil(M_fold / rate)    load weights (R), skew, stream, drain
//   is        K     M     N      2R + C - 2 + ceil(N_fold / rate)    load inputs (R), skew, stream, drain
//
// (M output positions, N output channels, K reduction.) These are SCALE-Sim v2's fold lengths
// (compute/systolic_compute_{os,ws,is}.py: the rows of each fold's output demand matrix), with
// the streaming part divided by the precision's rate: at 0.25 MACs per PE per cycle each
// streaming step takes 4 cycles, while filling and draining the array does not slow down.
// A fold always costs the whole array's fill and drain, even when it uses fewer rows/columns.
#pragma once

#include <cstdint>

#include "sim/config/npu_types.h"

namespace npusim::sim {

// ceil(time_steps / rate): rate must be > 0.
std::uint64_t streaming_cycles(std::uint64_t time_steps, double macs_per_pe_per_cycle);

// The fill/drain overhead of one fold: R + C - 2 (os) or 2R + C - 2 (ws, is).
std::uint64_t fold_overhead_cycles(Dataflow dataflow, int pe_rows, int pe_cols);

// One fold: overhead + the streaming cycles (already divided by the rate).
std::uint64_t fold_cycles(Dataflow dataflow, int pe_rows, int pe_cols, std::uint64_t streaming);

// SCALE-Sim's per-fold compute-utilisation denominator (the cycles it divides by for
// "Compute Util %"): R + C + T - 2 (os) and 2R + 2C + T - 3 (ws, is): for ws/is it is the
// length of the operand demand matrix it measures, one longer than the array's drain by C - 1.
std::uint64_t scalesim_utilization_fold_cycles(Dataflow dataflow, int pe_rows, int pe_cols, std::uint64_t time_steps);

}  // namespace npusim::sim
