// Runs the points of a sweep that are not finished yet on a pool of threads, storing each
// result as soon as it is measured (sweep_store.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "sim/studies/sweep_evaluator.h"
#include "sim/studies/sweep_store.h"

namespace npusim::studies {

struct SweepFailure {
  std::string key;
  std::string message;
};

struct SweepRunSummary {
  std::size_t points = 0;        // asked for (the whole grid or one shard)
  std::size_t already_done = 0;  // found finished in the folder and skipped
  std::size_t evaluated = 0;     // measured and stored by this run
  std::vector<SweepFailure> failures;  // in grid order, whatever the thread timing
};

// Called once with finished = 0 before the first evaluation, then after each point that
// this run finishes or fails, from the worker threads (one call at a time): finished
// points of this run, and how many this run has to do.
using SweepProgress = std::function<void(std::size_t finished, std::size_t to_do)>;

// Evaluates every point of `points` without a result in `store` with up to `threads`
// threads (at least 1). A measurement that fails the row checks (sweep_row.h) counts as a
// failure and is not stored. The points' order decides nothing but the order of failures.
SweepRunSummary run_sweep_points(const std::vector<SweepPoint>& points, const SweepStore& store,
                                 const SweepEvaluator& evaluate, unsigned threads, const SweepProgress& progress);

// CPUs this process may run on (its affinity mask, which Slurm and taskset narrow),
// at least 1.
unsigned available_cpus();

}  // namespace npusim::studies
