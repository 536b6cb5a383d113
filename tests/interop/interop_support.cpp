#include "tests/interop/interop_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "quant/io/npy.h"

namespace npusim::interop {
namespace fs = std::filesystem;

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

CommandResult run_command(const std::string& command_line, const std::string& work) {
  // Each CTest test is its own process, possibly in parallel: the pid keeps logs apart.
  static int counter = 0;
  const fs::path log =
      fs::path(work) / ("command_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ".log");
  const std::string full = "(" + command_line + ") > " + shell_quote(log.string()) + " 2>&1";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  return result;
}

std::string source_dir() { return NPUSIM_SOURCE_DIR; }
std::string binary_dir() { return NPUSIM_BINARY_DIR; }
std::string npusim_path() { return binary_dir() + "/sim/npusim"; }

std::string work_dir() {
  static const std::string dir = [] {
    const fs::path path = fs::path(binary_dir()) / "interop_work";
    fs::create_directories(path);
    return path.string();
  }();
  return dir;
}

std::string peer_unavailable_reason() {
  const CommandResult node = run_command("node --version", work_dir());
  if (node.exit_code != 0) {
    return "node is not installed (`node --version` exit " + std::to_string(node.exit_code) +
           "): the ONNX Runtime peer needs Node.js; run `bash scripts/setup.sh`";
  }
  const fs::path module = fs::path(source_dir()) / "tests/interop/node/node_modules/onnxruntime-node";
  if (!fs::is_directory(module)) {
    return module.string() + " is missing: run `bash scripts/setup.sh` (or "
           "`cd tests/interop/node && ONNXRUNTIME_NODE_INSTALL=skip npm install`)";
  }
  return "";
}

std::string generate_model(const std::string& name) {
  const std::string out = work_dir() + "/models";
  // Reuse a model written by an earlier run when it is newer than the generator sources.
  const fs::path model = fs::path(out) / (name + ".onnx");
  const fs::path input = fs::path(out) / (name + ".input.npy");
  if (fs::exists(model) && fs::exists(input)) {
    const auto written = std::min(fs::last_write_time(model), fs::last_write_time(input));
    bool fresh = true;
    for (const char* source : {"make_models.py", "resize_modes.py"}) {
      fresh = fresh && fs::last_write_time(fs::path(source_dir()) / "tests/interop" / source) < written;
    }
    if (fresh) return "";
  }
  const std::string command = "/usr/bin/python3 " + shell_quote(source_dir() + "/tests/interop/make_models.py") +
                              " --out " + shell_quote(out) + " --only " + shell_quote(name);
  const CommandResult result = run_command(command, work_dir());
  if (result.exit_code != 0) {
    return "make_models.py --only " + name + " failed (exit " + std::to_string(result.exit_code) +
           "): " + result.output;
  }
  return "";
}

std::vector<std::string> generator_model_names() {
  const CommandResult result = run_command(
      "/usr/bin/python3 " + shell_quote(source_dir() + "/tests/interop/make_models.py") + " --list", work_dir());
  std::vector<std::string> names;
  if (result.exit_code != 0) {
    return names;
  }
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) {
      names.push_back(line);
    }
  }
  return names;
}

bool npusim_run_available() {
  static const bool available = [] {
    const CommandResult result = run_command(shell_quote(npusim_path()) + " run --help", work_dir());
    return result.exit_code == 0;
  }();
  return available;
}

std::string compare_within_norm(const std::string& got_npy, const std::string& want_npy,
                                double relative_tolerance) {
  io::NpyArray got_array;
  io::NpyArray want_array;
  try {
    got_array = io::load_npy(got_npy);
    want_array = io::load_npy(want_npy);
  } catch (const std::exception& error) {
    return error.what();
  }
  if (got_array.shape != want_array.shape) {
    auto text = [](const std::vector<std::int64_t>& shape) {
      std::string s = "[";
      for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
      return s + "]";
    };
    return "shape " + text(got_array.shape) + " from npusim, " + text(want_array.shape) + " from ONNX Runtime";
  }
  const std::vector<float> got = got_array.to_float();
  const std::vector<float> want = want_array.to_float();
  double want_max_abs = 0.0;
  for (float w : want) {
    if (!std::isfinite(w)) return "ONNX Runtime output holds NaN/Inf";
    want_max_abs = std::max(want_max_abs, std::fabs(static_cast<double>(w)));
  }
  const double allowed = relative_tolerance * std::max(1.0, want_max_abs);
  double worst = 0.0;
  std::size_t worst_index = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (!std::isfinite(got[i])) {
      return "npusim output element " + std::to_string(i) + " is " + std::to_string(got[i]);
    }
    const double diff = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (diff > worst) {
      worst = diff;
      worst_index = i;
    }
  }
  if (worst > allowed) {
    std::ostringstream message;
    message << "max|npusim - ort| = " << worst << " > " << allowed << " at flat index " << worst_index
            << " (npusim " << got[worst_index] << ", ort " << want[worst_index] << ")";
    return message.str();
  }
  return "";
}

std::string run_and_compare(const std::string& name, const std::string& model_path, const std::string& input_npy) {
  const fs::path case_dir = fs::path(work_dir()) / "cases" / name;
  fs::remove_all(case_dir);
  fs::create_directories(case_dir / "ort");
  const CommandResult ort = run_command(
      "node " + shell_quote(source_dir() + "/tests/interop/node/run_ort.js") + " --model " + shell_quote(model_path) +
          " --input " + shell_quote(input_npy) + " --out-dir " + shell_quote((case_dir / "ort").string()),
      work_dir());
  if (ort.exit_code != 0) {
    return "ONNX Runtime failed (exit " + std::to_string(ort.exit_code) + "): " + ort.output;
  }
  // run_ort.js prints "NAME TYPE [DIMS] -> FILE" per output, in the graph's output order.
  std::vector<std::pair<std::string, fs::path>> ort_outputs;
  std::istringstream lines(ort.output);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t arrow = line.find(" -> ");
    if (arrow != std::string::npos) {
      ort_outputs.emplace_back(line.substr(0, line.find(' ')), fs::path(line.substr(arrow + 4)));
    }
  }
  if (ort_outputs.empty()) {
    return "ONNX Runtime wrote no output: " + ort.output;
  }
  const fs::path npusim_out = case_dir / "npusim.npy";
  const CommandResult sim = run_command(shell_quote(npusim_path()) + " run --model " + shell_quote(model_path) +
                                            " --input " + shell_quote(input_npy) + " --out " +
                                            shell_quote(npusim_out.string()),
                                        work_dir());
  if (sim.exit_code != 0) {
    return "npusim run failed (exit " + std::to_string(sim.exit_code) + "): " + sim.output;
  }
  std::string problems;
  for (std::size_t k = 0; k < ort_outputs.size(); ++k) {
    // Output 0 goes to --out; output k > 0 to OUT_STEM.<output name>.npy beside it (npusim run --help).
    const auto& [output_name, want] = ort_outputs[k];
    const fs::path got = k == 0 ? npusim_out : case_dir / ("npusim." + want.stem().string() + ".npy");
    const std::string problem = compare_within_norm(got.string(), want.string());
    if (!problem.empty()) {
      problems += "output " + output_name + ": " + problem + "\n";
    }
  }
  return problems;
}

}  // namespace npusim::interop
