// The golden executor: runs a GoldenProgram exactly as the NPU computes it (docs/golden.md),
// single-threaded and deterministic. The oracle for the SystemC model and fast kernels.
//
//   GoldenProgram program = lower_plan(load_onnx_model(path), load_quant_plan(plan_path), plan_path);
//   GoldenExecutor executor(program);
//   std::vector<GoldenOutput> out = executor.run_float({image});   // float input, quantized on entry
//   models::Tensor depth = out[0].decode();
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/golden/program.h"

namespace npusim::golden {

// One model output: its tensor, and for a dual output the low part (hi in `value`).
struct GoldenOutput {
  std::string graph_name;
  GoldenTensor value;
  std::optional<GoldenTensor> lo;
  int lo_bits = 0;
  // The real values: (code - zero point) * scale, or for a dual output the host's
  // reconstruction w = hi * 2^lo_bits + lo times lo's scale.
  models::Tensor decode() const;
};

// Called for every tensor as it is produced (inputs first, then each operation's outputs in
// execution order); the reference is valid during the call only.
using GoldenObserver = std::function<void(const TensorSlot& slot, const GoldenTensor& tensor)>;

class GoldenExecutor {
 public:
  explicit GoldenExecutor(const GoldenProgram& program);  // the program must outlive the executor

  // Inputs already on their plan grids (codes), in the graph's input order.
  std::vector<GoldenOutput> run(const std::vector<GoldenTensor>& inputs, const GoldenObserver& observer = {}) const;
  // Float inputs quantized onto the input grids first (the input tensor's rounding).
  std::vector<GoldenOutput> run_float(const std::vector<models::Tensor>& inputs,
                                      const GoldenObserver& observer = {}) const;

  const GoldenProgram& program() const { return program_; }

 private:
  const GoldenProgram& program_;
  std::vector<std::vector<int>> slots_freed_after_op_;
};

// One operation on its input tensors (what GoldenExecutor::run does per op; the SystemC
// model's units check themselves against it).
std::vector<GoldenTensor> run_operation(const GoldenProgram& program, const LoweredOp& op,
                                        const std::vector<const GoldenTensor*>& inputs);

}  // namespace npusim::golden
