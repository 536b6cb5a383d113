// Everything of `npusim sweep` except the evaluator: the options, the grid they describe,
// running (threads, shards, resume), merging and Slurm submission. sim/cli/cmd_sweep.cpp
// passes the simulator's backend; tests pass their own, through the same code.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/studies/sweep_evaluator.h"
#include "sim/studies/sweep_grid.h"
#include "sim/studies/sweep_runner.h"

namespace npusim::studies {

struct SweepRequest {
  // Axis lists as typed (checked); an axis not given takes the backend's default.
  std::optional<std::vector<int>> batches;
  std::optional<std::vector<ArrayShape>> arrays;
  std::optional<std::vector<double>> dram_gbps;
  std::optional<std::vector<std::string>> precisions;
  SweepContext context;
  std::string out_dir = "sweep";
  unsigned jobs = 0;  // 0: every CPU this process may use
  std::optional<ShardSpec> shard;
  std::string merge_dir;  // non-empty: --merge, nothing is evaluated
  bool json = false;
  bool slurm = false;
  std::string partition;
  int slurm_shards = 0;  // 0: one per configuration, at most 64
  std::vector<std::string> sbatch_options;
};

// The options with their defaults, for --help and parsing.
boost::program_options::options_description sweep_options_description();
// Reads parsed options. Throws std::invalid_argument (a usage error) for a bad list,
// shard or combination (--merge with grid options, --slurm with --shard, ...).
SweepRequest sweep_request_from(const boost::program_options::variables_map& values);

// Fills the axes not given from `defaults` (checked like typed lists).
SweepGrid resolve_grid(const SweepRequest& request, const SweepPoint& defaults);

// The options that reproduce `request` for a shard or a Slurm task: explicit grid lists,
// --model/--npu when given, --jobs, --out (absolute paths).
std::vector<std::string> canonical_sweep_arguments(const SweepRequest& request, const SweepGrid& grid);

struct SweepIo {
  std::ostream& out;  // the report table (or JSON with --json) and what was written
  std::ostream& log;  // progress lines and failures
  SweepProgress progress;  // may be empty
  // The program and subcommand that a Slurm task runs, e.g. {"/usr/bin/npusim", "sweep"}.
  std::vector<std::string> self_command;
};

// Runs the request; returns the exit code (0 ok, 1 some configuration failed). Throws
// std::invalid_argument for usage errors and std::runtime_error for other failures.
int execute_sweep(const SweepRequest& request, const SweepBackendFactory& make_backend, const SweepIo& io);

}  // namespace npusim::studies
