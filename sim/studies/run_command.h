// Runs another program (sbatch) and captures what it prints, without a shell in between,
// so no argument is ever re-split or expanded.
#pragma once

#include <string>
#include <vector>

namespace npusim::studies {

struct CommandResult {
  int exit_code = 0;  // 128 + signal number when the program was killed by a signal
  std::string out;
  std::string err;
};

// Starts argv[0] (looked up on PATH) with argv. Throws std::runtime_error naming the
// program when it cannot be started (not installed, not executable).
CommandResult run_command(const std::vector<std::string>& argv);

// The absolute path of the running executable (/proc/self/exe), so a generated job script
// runs the same binary on every node of a cluster that shares the file system.
std::string self_executable_path();

}  // namespace npusim::studies
