// `npusim sweep --slurm`: a Slurm array job with one task per shard, each running the same
// sweep command with `--shard $SLURM_ARRAY_TASK_ID/N` into the shared results folder, and a
// dependent job that merges the shards into the report (docs/sweep.md).
#pragma once

#include <string>
#include <vector>

namespace npusim::studies {

struct SlurmSettings {
  std::string partition;                   // empty: the cluster's default partition
  int shards = 1;                          // array tasks
  unsigned cpus_per_task = 1;              // also the sweep's --jobs inside a task
  std::vector<std::string> sbatch_options;  // extra "#SBATCH" options, e.g. --account=A, --time=1:00:00
};

// 'text' in single quotes for a POSIX shell ('\'' for a quote inside).
std::string shell_quote(const std::string& text);

// The array script: `shard_command` (the program and its options, --out included, without
// --shard) runs with --shard "${SLURM_ARRAY_TASK_ID}/N"; output to DIR/slurm/shard_<i>.out.
std::string slurm_array_script(const std::vector<std::string>& shard_command, const std::string& dir,
                               const SlurmSettings& settings);
// The merge script: runs `merge_command`; output to DIR/slurm/merge.out.
std::string slurm_merge_script(const std::vector<std::string>& merge_command, const std::string& dir,
                               const SlurmSettings& settings);

struct SlurmSubmission {
  std::string array_script;
  std::string merge_script;
  std::string array_job_id;
  std::string merge_job_id;
};

// Writes DIR/slurm/sweep_array.sbatch and sweep_merge.sbatch, submits the first with
// `sbatch --parsable` and the second with --dependency=afterany:<array job> (the merge runs
// even when a shard failed, and then names the configurations that have no result).
// Throws std::runtime_error with sbatch's own message when a submission fails, and
// std::invalid_argument for a DIR or option Slurm's script lines cannot hold.
SlurmSubmission submit_sweep_to_slurm(const std::vector<std::string>& shard_command,
                                      const std::vector<std::string>& merge_command, const std::string& dir,
                                      const SlurmSettings& settings);

}  // namespace npusim::studies
