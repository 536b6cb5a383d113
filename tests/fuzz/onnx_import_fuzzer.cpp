// ONNX models: protobuf parsing, import into the Graph IR (models/onnx: operator and
// attribute checks, initializers, shape inference, constant folding) and, when the
// imported graph is small, one float run on zero inputs (models/executor).
#include <onnx/onnx_pb.h>

#include <exception>
#include <vector>

#include "models/executor/float_executor.h"
#include "models/onnx/onnx_import.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// A run is worth it (and fast) only for tiny graphs: every value's elements summed, and
// a bound on the nodes, keep one execution well under the fuzzer's per-input timeout.
constexpr std::int64_t kMaxRunElements = 1 << 16;
constexpr std::size_t kMaxRunNodes = 64;

bool small_enough_to_run(const npusim::models::Graph& graph) {
  if (graph.nodes.size() > kMaxRunNodes) return false;
  std::int64_t total = 0;
  for (const auto& [name, info] : graph.values) {
    std::int64_t elements = 1;
    for (const std::int64_t dim : info.shape) {
      if (dim < 0 || dim > kMaxRunElements) return false;
      elements *= dim;
      if (elements > kMaxRunElements) return false;
    }
    total += elements;
    if (total > kMaxRunElements) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  onnx::ModelProto model;
  if (!model.ParseFromArray(data, static_cast<int>(size))) return 0;
  try {
    // External data may only come from the model's folder: an empty private one here.
    const models::Graph graph = models::import_onnx_model(model, fuzz::scratch_dir(), "fuzz.onnx");
    if (!small_enough_to_run(graph)) return 0;
    std::vector<models::Tensor> inputs;
    for (const std::string& name : graph.input_names) {
      const models::ValueInfo& info = graph.value_info(name);
      inputs.push_back(models::Tensor::allocate(info.shape, info.dtype));
    }
    const std::vector<models::Tensor> outputs = models::run(graph, inputs);
    fuzz::check(outputs.size() == graph.output_names.size(), "one output per graph output");
  } catch (const std::exception&) {
  }
  return 0;
}
