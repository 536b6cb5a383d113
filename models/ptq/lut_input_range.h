// Consumer-aware ranges for the inputs of lookup tables. A table's output lives on its own
// grid; where the function has flattened out to within half an output step of its value at
// the end of the observed range (Sigmoid, Tanh, 15 * sigmoid(x) beyond |x| ~ 6), the input
// carries no information the output could show, and a grid that covers it wastes codes. The
// depth networks' head logits, for instance, reach 32 on sky pixels while 15 * sigmoid(x)
// is 15 m to within 3 cm from x = 6.2 on: clipping there makes the logit grid 3.5x finer.
#pragma once

#include <utility>

#include "models/golden/op_groups.h"

namespace npusim::ptq {

// The sub-range of [low, high] outside which the table's output stays within
// output_step / 2 of its value at the range's ends, sampled at 4096 points. Returns
// {low, high} unchanged when the function does not flatten at either end.
std::pair<float, float> informative_lut_input_range(const models::Graph& graph, const golden::OpGroup& table, float low,
                                                    float high, double output_step);

}  // namespace npusim::ptq
