#include "sim/functional/plan_simulation.h"

#include "sim/compiler/npu_program.h"
#include "sim/functional/golden_layers.h"
#include "sim/requant/requantization_unit.h"

namespace npusim::sim {

SimulationReport simulate_plan_timing(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                                      const NpuConfig& config, int batch) {
  CompileOptions options;
  options.batch = batch;
  const NpuProgram compiled = compile_program(layers_from_program(program, plan), config, options);
  NullFunctionalCore timing_only;
  auto unit = make_model_requantization_unit(config.requant.lanes, config.requant.latency_cycles);
  return simulate_program(compiled, timing_only, *unit);
}

}  // namespace npusim::sim
