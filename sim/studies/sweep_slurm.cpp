#include "sim/studies/sweep_slurm.h"

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "quant/io/atomic_output_file.h"
#include "sim/studies/run_command.h"

namespace npusim::studies {
namespace {

// #SBATCH lines are split by Slurm itself, without shell quoting.
void require_plain(const std::string& text, const std::string& what) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '\\') {
      throw std::invalid_argument(what + " '" + text + "' holds whitespace or a quote, which an #SBATCH line cannot carry");
    }
  }
}

std::string quoted_command(const std::vector<std::string>& command) {
  std::string line;
  for (const auto& arg : command) line += (line.empty() ? "" : " ") + shell_quote(arg);
  return line;
}

void write_header(std::ostream& out, const std::string& job_name, const std::string& output,
                  const SlurmSettings& settings, unsigned cpus) {
  out << "#!/bin/bash\n"
      << "#SBATCH --job-name=" << job_name << "\n"
      << "#SBATCH --ntasks=1\n"
      << "#SBATCH --cpus-per-task=" << cpus << "\n"
      << "#SBATCH --output=" << output << "\n";
  if (!settings.partition.empty()) out << "#SBATCH --partition=" << settings.partition << "\n";
  for (const auto& option : settings.sbatch_options) out << "#SBATCH " << option << "\n";
}

std::string submit(const std::vector<std::string>& argv) {
  const CommandResult result = run_command(argv);
  std::string id = result.out.substr(0, result.out.find_first_of(";\n"));
  if (result.exit_code != 0 || id.empty()) {
    throw std::runtime_error("'" + quoted_command(argv) + "' failed (exit " + std::to_string(result.exit_code) +
                             "): " + result.err + result.out);
  }
  return id;
}

void write_script(const std::string& path, const std::string& text) {
  io::AtomicOutputFile file(path, false, io::CommitMode::kImmediately);  // sbatch reads it next
  file.stream() << text;
  file.commit();
  std::filesystem::permissions(path, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec |
                                         std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
}

}  // namespace

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string slurm_array_script(const std::vector<std::string>& shard_command, const std::string& dir,
                               const SlurmSettings& settings) {
  require_plain(dir, "the results folder");
  require_plain(settings.partition, "--partition");
  for (const auto& option : settings.sbatch_options) {
    if (option.rfind("--", 0) != 0 || option.find('\n') != std::string::npos) {
      throw std::invalid_argument("--sbatch-option '" + option + "' is not one long sbatch option (--name=value)");
    }
  }
  if (settings.shards < 1) throw std::invalid_argument("--shards must be at least 1");
  std::ostringstream out;
  write_header(out, "npusim-sweep", dir + "/slurm/shard_%a.out", settings, settings.cpus_per_task);
  out << "#SBATCH --array=0-" << settings.shards - 1 << "\n"
      << "# Written by npusim sweep --slurm: shard ${SLURM_ARRAY_TASK_ID} of " << settings.shards
      << " of the sweep in " << dir << ".\n"
      << "# A finished configuration is never run twice: resubmitting this script resumes.\n"
      << "set -euo pipefail\n"
      << "exec " << quoted_command(shard_command) << " --shard \"${SLURM_ARRAY_TASK_ID}/" << settings.shards << "\"\n";
  return out.str();
}

std::string slurm_merge_script(const std::vector<std::string>& merge_command, const std::string& dir,
                               const SlurmSettings& settings) {
  require_plain(dir, "the results folder");
  std::ostringstream out;
  write_header(out, "npusim-sweep-merge", dir + "/slurm/merge.out", settings, 1);
  out << "# Written by npusim sweep --slurm: joins the shards' results into " << dir << "/report.*\n"
      << "set -euo pipefail\n"
      << "exec " << quoted_command(merge_command) << "\n";
  return out.str();
}

SlurmSubmission submit_sweep_to_slurm(const std::vector<std::string>& shard_command,
                                      const std::vector<std::string>& merge_command, const std::string& dir,
                                      const SlurmSettings& settings) {
  SlurmSubmission submission;
  const std::string array_text = slurm_array_script(shard_command, dir, settings);
  const std::string merge_text = slurm_merge_script(merge_command, dir, settings);
  std::error_code error;
  std::filesystem::create_directories(dir + "/slurm", error);
  if (error) throw std::runtime_error("cannot create '" + dir + "/slurm': " + error.message());
  submission.array_script = dir + "/slurm/sweep_array.sbatch";
  submission.merge_script = dir + "/slurm/sweep_merge.sbatch";
  write_script(submission.array_script, array_text);
  write_script(submission.merge_script, merge_text);
  submission.array_job_id = submit({"sbatch", "--parsable", submission.array_script});
  submission.merge_job_id =
      submit({"sbatch", "--parsable", "--dependency=afterany:" + submission.array_job_id, submission.merge_script});
  return submission;
}

}  // namespace npusim::studies
