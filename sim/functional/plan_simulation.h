// Timing of a quantized network on an NPU configuration without carrying values: the layer
// list of its plan, compiled for the batch and run on the SystemC model with the C++
// requantization model. What compare and sweep use for their latency, throughput, DRAM and
// energy columns (values do not change timing; `npusim simulate --model` shows they match).
#pragma once

#include "models/golden/program.h"
#include "sim/config/npu_config.h"
#include "sim/npu/simulate.h"

namespace npusim::sim {

SimulationReport simulate_plan_timing(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                                      const NpuConfig& config, int batch);

}  // namespace npusim::sim
