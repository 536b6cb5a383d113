// The `npusim` subcommand table. Adding a subcommand = one declaration here, one row in
// subcommands.cpp, and a cmd_<name>.cpp file in sim/cli/ that implements it.
#pragma once

#include <string>
#include <vector>

namespace npusim::cli {

// Receives the arguments after the subcommand name. Returns the process exit code.
// Throws UsageError for bad options and std::exception for other failures; main() turns
// both into a message on stderr and a non-zero exit code.
using SubcommandFn = int (*)(const std::vector<std::string>& args);

struct Subcommand {
  const char* name;
  const char* summary;
  SubcommandFn run;
};

const std::vector<Subcommand>& all_subcommands();

// One function per subcommand, defined in sim/cli/cmd_<name>.cpp (declarations below).
int run_requant(const std::vector<std::string>& args);
int run_vectors(const std::vector<std::string>& args);
int run_rtl_check(const std::vector<std::string>& args);
int run_rounding_study(const std::vector<std::string>& args);
int run_qparams(const std::vector<std::string>& args);
int run_metrics(const std::vector<std::string>& args);
int run_scenes(const std::vector<std::string>& args);
int run_range_study(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_info(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_compile(const std::vector<std::string>& args);
int run_simulate(const std::vector<std::string>& args);
int run_calibrate(const std::vector<std::string>& args);
int run_profile(const std::vector<std::string>& args);
int run_export_qdq(const std::vector<std::string>& args);
int run_sensitivity(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
int run_sweep(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);

}  // namespace npusim::cli
