// Graph + QuantPlan -> GoldenProgram: checks the plan against the model (fingerprint, every
// operation and tensor covered, grids and parameters consistent with the graph) and resolves
// every integer parameter. The first problem found is an error naming the plan, the field
// and the graph node; nothing is executed or written before the whole plan passed.
#pragma once

#include <string>

#include "models/golden/program.h"

namespace npusim::golden {

// `plan_name` prefixes errors (the plan's file name). The graph is taken over by the program.
GoldenProgram lower_plan(models::Graph graph, const quant::QuantPlan& plan, const std::string& plan_name);

}  // namespace npusim::golden
