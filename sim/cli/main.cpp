// npusim: one executable, one subcommand per question (see docs/ and `npusim --help`).
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "quant/io/output_set.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace {

void print_usage(std::ostream& out) {
  out << "npusim " << NPUSIM_VERSION << ": a hardware/software co-design simulator for NPUs\n\n"
      << "usage: npusim SUBCOMMAND [options]\n"
      << "       npusim SUBCOMMAND --help   (every option with its default)\n"
      << "       npusim --version\n\nsubcommands:\n";
  for (const auto& sub : npusim::cli::all_subcommands()) {
    std::string name = sub.name;
    name.resize(16, ' ');
    out << "  " << name << sub.summary << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace npusim::cli;
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitUsage;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "npusim " << NPUSIM_VERSION << "\n";
    return kExitOk;
  }
  for (const auto& sub : all_subcommands()) {
    if (first != sub.name) continue;
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
      // Every file and folder the command writes appears at its end, all together, or (on
      // an exception or SIGINT/SIGTERM) none does: quant/io/output_set.h.
      npusim::io::OutputSetScope outputs;
      const int exit_code = sub.run(args);
      outputs.commit();
      return exit_code;
    } catch (const UsageError& e) {
      std::cerr << "npusim " << sub.name << ": error: " << e.what() << "\n"
                << "(see `npusim " << sub.name << " --help`)\n";
      return kExitUsage;
    } catch (const std::exception& e) {
      std::cerr << "npusim " << sub.name << ": error: " << e.what() << "\n";
      return kExitFailure;
    }
  }
  std::cerr << "npusim: unknown subcommand '" << first << "'\n\n";
  print_usage(std::cerr);
  return kExitUsage;
}
