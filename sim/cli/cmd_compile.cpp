// `npusim compile`: layers + NPU -> the NPU program, as readable JSON (schema
// npusim.program/1): per layer its unit, tiling, tensor placement, SRAM use and DMA plan.
#include <iostream>

#include "quant/io/atomic_output_file.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/npu_inputs.h"
#include "sim/cli/subcommands.h"
#include "sim/compiler/program_json.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_compile(const std::vector<std::string>& args) {
  po::options_description options("options");
  add_npu_input_options(options);
  options.add_options()("out", po::value<std::string>(), "write the program JSON here (default: stdout)");
  po::variables_map values;
  if (!parse_options("compile", "(--topology T.csv | --layers L.json) (--npu CONFIG | --scalesim-config C.cfg) "
                                "[--batch N] [--out program.json]",
                     options, args, &values)) {
    return kExitOk;
  }
  const NpuInputs inputs = npu_inputs_from_options(values);
  const sim::NpuProgram program = sim::compile_program(inputs.layers, inputs.config, inputs.compile);
  const std::string text = sim::program_json(program).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (values.count("out")) {
    io::AtomicOutputFile out(values["out"].as<std::string>());
    out.stream() << text << "\n";
    out.commit();
    std::cerr << "compile: " << program.layers.size() << " layers for " << program.config.name << " -> "
              << values["out"].as<std::string>() << "\n";
  } else {
    std::cout << text << "\n";
  }
  return kExitOk;
}

}  // namespace npusim::cli
