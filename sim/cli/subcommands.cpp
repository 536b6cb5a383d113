#include "sim/cli/subcommands.h"

namespace npusim::cli {

const std::vector<Subcommand>& all_subcommands() {
  static const std::vector<Subcommand> kSubcommands = {
      // {"name", "one-line summary", run_name},
      {"scenes", "generate a synthetic depth dataset (RGB + 16-bit depth PNGs, manifest)", run_scenes},
      {"rtl-check", "Verilated requant RTL vs golden: ties, saturation, exhaustive, N random vectors per mode", run_rtl_check},
  };
  return kSubcommands;
}

}  // namespace npusim::cli
