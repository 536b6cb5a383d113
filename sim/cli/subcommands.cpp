#include "sim/cli/subcommands.h"

namespace npusim::cli {

const std::vector<Subcommand>& all_subcommands() {
  static const std::vector<Subcommand> kSubcommands = {
      // {"name", "one-line summary", run_name},
  };
  return kSubcommands;
}

}  // namespace npusim::cli
