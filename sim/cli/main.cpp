// npusim: one executable, one subcommand per question (see docs/ and `npusim --help`).
#include <cstring>
#include <cstdint>
#include <exception>
#include <new>
#include <iostream>
#include <string>
#include <vector>

#include "quant/io/output_set.h"
#include "quant/io/memory_budget.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace {

void print_usage(std::ostream& out) {
  out << "npusim " << NPUSIM_VERSION << ": a hardware/software co-design simulator for NPUs\n\n"
      << "usage: npusim SUBCOMMAND [options]\n"
      << "       npusim SUBCOMMAND --help   (every option with its default)\n"
      << "       npusim --version\n"
      << "global option (any subcommand): --max-memory SIZE  largest single allocation (512M, 4G;\n"
      << "       default: half the physical memory, at most a quarter of ulimit -v)\n\nsubcommands:\n";
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
    std::vector<std::string> args;
    try {
      // --max-memory is global: taken out here so no subcommand has to know it.
      for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg != "--max-memory" && arg.rfind("--max-memory=", 0) != 0) {
          args.push_back(arg);
          continue;
        }
        std::string value;
        if (arg == "--max-memory") {
          if (i + 1 >= argc) throw UsageError("--max-memory needs a SIZE (e.g. 512M, 4G)");
          value = argv[++i];
        } else {
          value = arg.substr(std::strlen("--max-memory="));
        }
        std::uint64_t bytes = 0;
        if (!npusim::io::parse_memory_size(value, &bytes)) {
          throw UsageError("--max-memory '" + value + "' is not a positive size (e.g. 512M, 4G, 1048576)");
        }
        npusim::io::set_memory_budget_bytes(bytes);
      }
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
    } catch (const std::bad_alloc&) {
      std::cerr << "npusim " << sub.name << ": error: out of memory (an allocation failed; --max-memory "
                << "SIZE refuses oversized inputs earlier)\n";
      return kExitFailure;
    } catch (const std::exception& e) {
      std::cerr << "npusim " << sub.name << ": error: " << e.what() << "\n";
      return kExitFailure;
    }
  }
  std::cerr << "npusim: unknown subcommand '" << first << "'\n\n";
  print_usage(std::cerr);
  return kExitUsage;
}
