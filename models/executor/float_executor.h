// FP32 executor for the Graph IR: exact ONNX semantics, oneDNN for convolutions.
//
//   Graph graph = load_onnx_model("models/depth_tiny.onnx");
//   Tensor image = Tensor::zeros(graph.value_info(graph.input_names[0]).shape);
//   std::vector<Tensor> outputs = run(graph, {image});   // one per graph.output_names
//
// Inputs are given in graph.input_names order and must have exactly the shapes the graph
// was imported with (ImportOptions fixes dynamic dimensions); outputs come back in
// graph.output_names order. For repeated runs keep a FloatExecutor: it caches the oneDNN
// primitives and reordered weights per node.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/graph/graph.h"
#include "models/graph/tensor.h"
#include "models/onnx/onnx_import.h"

namespace npusim::models {

// Called once per value as it is produced (graph inputs first, then every node output in
// execution order). The tensor reference is valid only during the call.
using TensorObserver = std::function<void(const std::string& value_name, const Tensor& tensor)>;
// Called for every node output before it is stored, and may change it (fake quantization,
// noise injection); the observer then sees the changed tensor.
using TensorTransform = std::function<void(const std::string& value_name, Tensor& tensor)>;

class FloatExecutor {
 public:
  explicit FloatExecutor(const Graph& graph);  // the graph must outlive the executor
  ~FloatExecutor();
  FloatExecutor(const FloatExecutor&) = delete;
  FloatExecutor& operator=(const FloatExecutor&) = delete;

  // Throws std::runtime_error naming the input when a count, shape or type does not match.
  std::vector<Tensor> run(const std::vector<Tensor>& inputs, const TensorObserver& observer = {},
                          const TensorTransform& transform = {});

 private:
  const Graph& graph_;
  std::vector<std::shared_ptr<void>> node_states_;
  std::vector<std::vector<std::string>> values_freed_after_node_;
};

// One-shot convenience: builds a FloatExecutor and runs it once.
std::vector<Tensor> run(const Graph& graph, const std::vector<Tensor>& inputs, const TensorObserver& observer = {});

}  // namespace npusim::models
