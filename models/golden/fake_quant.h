// Fake quantization ("simulated quantization", as PyTorch's and TensorRT's toolkits do it):
// the float model with every plan tensor quantized and dequantized where it is produced and
// every weight replaced by its dequantized codes. Biases, tables, interpolation weights and
// requantization roundings stay float, which is exactly where a device differs from such a
// simulation; the per-layer comparison (profile.h) shows how much.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/executor/float_executor.h"
#include "models/golden/program.h"

namespace npusim::golden {

class FakeQuantExecutor {
 public:
  // Uses the program's (BatchNorm-folded) graph and the grids of its tensors; the weight grids
  // come from `plan`. `include`, when given, picks the tensors (graph values and weights, by
  // name) that are quantized; the others stay float (quantizing one layer at a time).
  FakeQuantExecutor(const GoldenProgram& program, const quant::QuantPlan& plan,
                    const std::function<bool(const std::string& tensor)>& include = {});

  // Float inputs are first put on the input grids, as the device's inputs are.
  std::vector<models::Tensor> run(const std::vector<models::Tensor>& inputs,
                                  const models::TensorObserver& observer = {}) const;

  // The grid each graph value is fake-quantized on (a dual output: its wide grid).
  const std::map<std::string, quant::TensorQuantization>& grids() const { return grids_; }

 private:
  models::Graph graph_;  // program graph with fake-quantized weights
  std::map<std::string, quant::TensorQuantization> grids_;
  std::unique_ptr<models::FloatExecutor> executor_;
};

// The grid of every graph value the program stores: its tensors by name, and for a dual
// output the wide grid its hi and lo rebuild (lo's scale, codes up to the clamp).
std::map<std::string, quant::TensorQuantization> graph_value_grids(const GoldenProgram& program);

// decode(encode(tensor)) on a grid: what storing the tensor in that format keeps.
void fake_quantize_in_place(models::Tensor& tensor, const quant::TensorQuantization& grid);

}  // namespace npusim::golden
