#include "tests/models/onnx_model_builder.h"

#include "models/executor/float_executor.h"

namespace npusim::models::testing {

Tensor run_single(const Graph& graph, const Tensor& input) { return run(graph, {input}).at(0); }

}  // namespace npusim::models::testing
