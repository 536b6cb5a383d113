// The compiler's layer list of a quantized network: one LayerWorkload per operation of a
// GoldenProgram (a network lowered from ONNX + QuantPlan), named after the operation, with
// the element widths, requantization and tensor traffic the plan implies. Layer i is
// program.ops[i], which is how the functional core (golden_core.h) finds an operation's values.
#pragma once

#include <vector>

#include "models/golden/program.h"
#include "sim/compiler/layer_workload.h"

namespace npusim::sim {

// Throws std::runtime_error naming the operation when it has no NPU form (none today: every
// golden operation kind maps to a MAC, vector or data-movement layer).
std::vector<LayerWorkload> layers_from_program(const golden::GoldenProgram& program, const quant::QuantPlan& plan);

}  // namespace npusim::sim
