// Evaluates a fused element-wise region (a lut operation's nodes) on a tensor of input values
// with the float kernels: the table of a lut operation is exactly what the float graph
// computes for each input code's real value.
#pragma once

#include <string>
#include <vector>

#include "models/golden/op_groups.h"

namespace npusim::golden {

// `x` holds values of the region's input (group.inputs[0]); returns the region output's
// values (group.outputs[0]), same element count, computed node by node in float32.
std::vector<float> evaluate_element_region(const models::Graph& graph, const OpGroup& group,
                                           const std::vector<float>& x);

}  // namespace npusim::golden
