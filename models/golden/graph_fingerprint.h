// A fingerprint of an imported graph, so a QuantPlan is only ever run on the model it was
// calibrated for. It covers what decides the computation (node types, names, wiring,
// attributes, every constant's bytes) and not the input shapes fixed at import, so one plan
// serves every batch size. FNV-1a 64: a mismatch detector, not a security feature.
#pragma once

#include <string>

#include "models/graph/graph.h"

namespace npusim::golden {

// "fnv1a64:" followed by 16 lowercase hex digits.
std::string graph_fingerprint(const models::Graph& graph);

}  // namespace npusim::golden
