// Helpers for the ONNX Runtime interop tests: running the peer (node run_ort.js), the
// model generator (make_models.py) and `npusim run`, and the comparison norm.
#pragma once

#include <string>
#include <vector>

namespace npusim::interop {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line; stdout and stderr are captured (through a file in `work_dir`).
CommandResult run_command(const std::string& command_line, const std::string& work_dir);

// Single-quotes a string for the shell.
std::string shell_quote(const std::string& text);

std::string source_dir();
std::string binary_dir();
std::string npusim_path();
// A directory under the build tree for this test's files, created on first use.
std::string work_dir();

// Why the ONNX Runtime peer cannot run ("" when it can): node missing, or
// tests/interop/node/node_modules/onnxruntime-node not installed.
std::string peer_unavailable_reason();

// Writes one make_models.py model (NAME.onnx, NAME.input.npy) into work_dir()/models;
// returns "" on success, else the generator's exit code and output.
std::string generate_model(const std::string& name);
std::vector<std::string> generator_model_names();

// Whether `npusim run` exists in this build (the subcommand is registered).
bool npusim_run_available();

// The comparison norm of docs/interop.md: max|got - want| <= 1e-4 * max(1, max|want|),
// shapes equal, no NaN/Inf in either. Returns "" when equal within the norm, else a
// description of the first problem (shapes, worst element, its index and both values).
std::string compare_within_norm(const std::string& got_npy, const std::string& want_npy,
                                double relative_tolerance = 1e-4);

// Runs one model through ONNX Runtime and `npusim run` and compares every output.
// Returns "" on agreement, else the reason.
std::string run_and_compare(const std::string& name, const std::string& model_path,
                            const std::string& input_npy);

}  // namespace npusim::interop
