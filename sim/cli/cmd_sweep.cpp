// npusim sweep: one row per (batch, MAC array, DRAM bandwidth, precision) configuration,
// evaluated on a thread pool, stored per configuration as it finishes, resumable, sharded
// or submitted to Slurm, merged into report.json/.csv (docs/sweep.md). Everything but the
// evaluator is in sim/studies/sweep_command.h; this file only chooses the evaluator.
#include <iostream>
#include <memory>
#include <stdexcept>

#include "sim/cli/cli_common.h"
#include "sim/cli/npu_inputs.h"
#include "sim/studies/sweep_simulator.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/subcommands.h"
#include "sim/studies/run_command.h"
#include "sim/studies/sweep_command.h"

namespace npusim::cli {

int run_sweep_with(const std::vector<std::string>& args, const studies::SweepBackendFactory& make_backend) {
  namespace po = boost::program_options;
  po::options_description options = studies::sweep_options_description();
  po::variables_map values;
  if (!parse_options("sweep", "[--batch 1,2,4] [--array 16x16,32x32] [--dram-gbps 12.8,25.6] [--precision int8,int16] "
                     "[--model M] [--npu CONFIG] [--out DIR] [--shard i/N | --slurm [--partition P]] | --merge DIR",
                     options, args, &values)) {
    return kExitOk;
  }
  studies::SweepRequest request;
  try {
    request = studies::sweep_request_from(values);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  std::unique_ptr<ProgressBar> bar;
  studies::SweepIo io{std::cout, std::cerr, nullptr, {studies::self_executable_path(), "sweep"}};
  io.progress = [&bar](std::size_t finished, std::size_t to_do) {
    if (to_do == 0) return;
    if (!bar) bar = std::make_unique<ProgressBar>("sweep", "configurations", to_do, std::cerr, ProgressBar::stderr_options());
    bar->update(finished);
    if (finished == to_do) bar->finish();
  };
  try {
    return studies::execute_sweep(request, make_backend, io);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

int run_sweep(const std::vector<std::string>& args) {
  // Defaults: the bundled ReLU depth network on the Hailo-like preset (as `npusim compare`).
  return run_sweep_with(args, [](const studies::SweepContext& context) {
    studies::SweepContext resolved = context;
    if (resolved.model.empty()) resolved.model = std::string(NPUSIM_SOURCE_DIR) + "/models/depth_l2_relu.onnx";
    resolved.npu_config = resolve_npu_config_path(resolved.npu_config.empty() ? "hailo8_like" : resolved.npu_config);
    return studies::make_simulator_backend(resolved);
  });
}

}  // namespace npusim::cli
