// The seam between the sweep engine and whatever times a configuration. The engine expands
// the grid, runs points on a thread pool, stores, resumes, shards and merges; the evaluator
// only answers "how does this network run on this configuration?" (docs/sweep.md).
//
// The SystemC simulator (sim/npu) is the real evaluator; until it exists, `npusim sweep`
// has no backend and the tests define their own evaluators.
#pragma once

#include <functional>
#include <string>

#include "sim/studies/sweep_grid.h"
#include "sim/studies/sweep_point.h"

namespace npusim::studies {

// What the evaluator measured for one configuration: one run of `batch` images.
struct SweepMeasurement {
  double latency_ms = 0;      // from the first input byte read to the last output byte written, one batch
  double throughput_ips = 0;  // images per second in steady state (batch / latency when batches do not overlap)
  double dram_bytes = 0;      // DRAM bytes read + written for the whole batch (> 0: inputs come from DRAM)
  double ops = 0;             // arithmetic operations for the whole batch, 2 per multiply-accumulate
  double utilization = 0;     // busy MAC cycles / (MACs x total cycles), 0..1
  std::string bound;          // "compute" or "memory": what limited the run, as the evaluator measured it
  double peak_gops = 0;       // the configuration's peak compute at this precision, 10^9 ops/s
};

// The options of `npusim sweep` that say what to evaluate; the engine passes them through
// uninterpreted (a path or a preset name; empty when not given).
struct SweepContext {
  std::string model;
  std::string npu_config;
};

// Evaluates one configuration. Throws std::exception on failure (a configuration that
// cannot run, e.g. a tile that fits no SRAM): the sweep records the message, goes on with
// the other points and exits non-zero; a rerun retries only what failed.
using SweepEvaluator = std::function<SweepMeasurement(const SweepPoint&)>;

struct SweepBackend {
  // Values for the axes not given on the command line (the NPU config's own array and
  // bandwidth, batch 1, its default precision): each becomes a one-item list.
  SweepPoint defaults;
  // Identifies what the results depend on besides the point (model and config contents,
  // simulator version). A results folder holding another fingerprint is refused, so a
  // rerun never mixes results of two models.
  std::string fingerprint;
  // Optional: throws std::invalid_argument for a grid the evaluator cannot run at all
  // (an unknown precision), before any point is evaluated.
  std::function<void(const SweepGrid&)> check_grid;
  SweepEvaluator evaluate;
  // Threads that may call `evaluate` at once; 0 = no limit. An evaluator that is not
  // thread-safe (one SystemC kernel per process) says 1.
  unsigned max_threads = 0;
};

// Called once after option parsing (never for --merge, which needs no evaluator).
using SweepBackendFactory = std::function<SweepBackend(const SweepContext&)>;

}  // namespace npusim::studies
