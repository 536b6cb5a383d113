// `npusim simulate`: times a network on the SystemC NPU model.
//   --topology T.csv --scalesim-config C.cfg [--out-dir D]   SCALE-Sim's NPU and fold model;
//       writes D/COMPUTE_REPORT.csv with SCALE-Sim's columns (docs/scalesim.md)
//   (--topology T.csv | --layers L.json) --npu CONFIG [--batch N] [--requant model|rtl]
//       [--json] [--out report.json] [--trace T.json]   our model's timing, memory and energy
//   --model M.onnx [--plan P] [--data DIR | --input IMG] [--npu CONFIG] [calibration options]
//       the quantized network with its values: the golden executor is the functional core
//       (sim/functional/golden_core.h), matches_golden says whether the simulated outputs equal
//       the golden executor's bit for bit (exit 1 when not); --timing-only skips the values.
#include <filesystem>
#include <iostream>
#include <memory>

#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/npu_inputs.h"
#include "sim/cli/subcommands.h"
#include "sim/functional/golden_core.h"
#include "sim/npu/npu_trace.h"
#include "sim/npu/report_json.h"
#include "sim/npu/scalesim_report.h"
#include "sim/npu/simulate.h"
#include "sim/requant/requantization_unit.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

std::unique_ptr<sim::RequantizationUnit> requant_unit_from_options(const po::variables_map& values,
                                                                   const sim::NpuConfig& config) {
  const std::string kind = values["requant"].as<std::string>();
  const std::string vcd = values.count("requant-vcd") ? values["requant-vcd"].as<std::string>() : "";
  if (kind == "model") {
    if (!vcd.empty()) throw UsageError("--requant-vcd needs --requant rtl");
    return sim::make_model_requantization_unit(config.requant.lanes, config.requant.latency_cycles);
  }
  if (kind == "rtl") return sim::make_rtl_requantization_unit(vcd);
  throw UsageError("--requant must be model or rtl, got '" + kind + "'");
}

}  // namespace

int run_simulate(const std::vector<std::string>& args) {
  po::options_description options("options");
  add_npu_input_options(options);
  options.add_options()
      ("requant", po::value<std::string>()->default_value("model"),
       "requantization unit: model (C++, the config's lanes and latency) or rtl (the Verilated unit, its own)")
      ("requant-vcd", po::value<std::string>(), "with --requant rtl: the RTL unit's VCD waveform")
      ("json", po::bool_switch(), "print the report as JSON (schema npusim.simulation/1) instead of a table")
      ("out", po::value<std::string>(), "also write the JSON report to this file")
      ("trace", po::value<std::string>(), "write a Perfetto/Chrome JSON trace (ui.perfetto.dev)")
      ("out-dir", po::value<std::string>()->default_value("."), "with --scalesim-config: where COMPUTE_REPORT.csv goes")
      ("timing-only", po::bool_switch(), "with --model: no values (matches_golden stays null)");
  po::variables_map values;
  if (!parse_options("simulate",
                     "(--topology T.csv | --layers L.json | --model M.onnx [--plan P]) (--npu CONFIG | --scalesim-config C.cfg) "
                     "[--batch N] [--requant model|rtl] [--timing-only] [--json] [--out report.json] [--trace T.json]",
                     options, args, &values)) {
    return kExitOk;
  }
  const NpuInputs inputs = npu_inputs_from_options(values);
  auto requant = requant_unit_from_options(values, inputs.config);
  // Every output file is opened (as a temporary) before the run: a bad path fails in
  // milliseconds, and nothing appears unless the whole run succeeded.
  std::unique_ptr<io::AtomicOutputFile> report_file, trace_file, compute_report;
  if (values.count("out")) report_file = std::make_unique<io::AtomicOutputFile>(values["out"].as<std::string>());
  if (values.count("trace")) trace_file = std::make_unique<io::AtomicOutputFile>(values["trace"].as<std::string>());
  if (inputs.scalesim) {
    const std::filesystem::path dir = values["out-dir"].as<std::string>();
    io::create_output_directories(dir.string());
    compute_report = std::make_unique<io::AtomicOutputFile>((dir / "COMPUTE_REPORT.csv").string());
  }

  const sim::NpuProgram program = sim::compile_program(inputs.layers, inputs.config, inputs.compile);
  if (values["timing-only"].as<bool>() && !inputs.model) throw UsageError("--timing-only applies to --model");
  sim::NullFunctionalCore timing_only;
  std::unique_ptr<sim::GoldenFunctionalCore> values_core;
  if (inputs.model && !values["timing-only"].as<bool>()) {
    values_core = std::make_unique<sim::GoldenFunctionalCore>(*inputs.model->program, inputs.model->items);
  }
  sim::FunctionalCore& core = values_core ? static_cast<sim::FunctionalCore&>(*values_core) : timing_only;
  sim::TraceLog trace;
  const sim::SimulationReport report = sim::simulate_program(program, core, *requant, trace_file ? &trace : nullptr);

  if (compute_report) {
    sim::write_scalesim_compute_report(sim::scalesim_compute_rows(program, report), compute_report->stream());
    compute_report->commit();
  }
  if (trace_file) {
    sim::write_perfetto_trace(trace, report, trace_file->stream());
    trace_file->commit();
  }
  const nlohmann::json json = sim::simulation_report_json(report);
  if (report_file) {
    report_file->stream() << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    report_file->commit();
  }
  if (values["json"].as<bool>()) std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else sim::print_simulation_table(report, std::cout);
  if (compute_report) std::cerr << "simulate: " << compute_report->final_path() << "\n";
  if (report.matches_golden && !*report.matches_golden) {
    std::cerr << "simulate: the simulated outputs differ from the golden executor's: " << report.first_difference << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace npusim::cli
