#include "models/golden/fake_quant.h"

#include "models/golden/golden_tensor.h"

namespace npusim::golden {

void fake_quantize_in_place(models::Tensor& tensor, const quant::TensorQuantization& grid) {
  if (!tensor.is_float()) return;
  tensor = decode_tensor(encode_tensor(tensor, grid, "tensor '" + grid.name + "'"));
}

std::map<std::string, quant::TensorQuantization> graph_value_grids(const GoldenProgram& program) {
  std::map<std::string, quant::TensorQuantization> grids;
  for (const TensorSlot& slot : program.tensors) grids[slot.name] = slot.quant;
  for (const LoweredOp& op : program.ops) {
    if (!op.requant || op.requant->channels[0].lo_bits == 0) continue;
    quant::QuantSpec wide;
    wide.is_signed = false;
    wide.bits = 2;
    while (wide.bits < 16 && ((1 << wide.bits) - 1) < op.requant->channels[0].qmax) ++wide.bits;
    const float scale = program.tensors[op.outputs[1]].quant.scales[0];
    grids[op.output_values[0]] = quant::make_integer_tensor_quantization(op.output_values[0], wide, {quant::QParams{scale, 0}});
  }
  return grids;
}

FakeQuantExecutor::FakeQuantExecutor(const GoldenProgram& program, const quant::QuantPlan& plan,
                                     const std::function<bool(const std::string& tensor)>& include)
    : graph_(program.graph), grids_(graph_value_grids(program)) {
  if (include) {
    for (auto it = grids_.begin(); it != grids_.end();) it = include(it->first) ? std::next(it) : grids_.erase(it);
  }
  for (const quant::TensorQuantization& tensor : plan.tensors) {
    if (include && !include(tensor.name)) continue;
    auto constant = graph_.constants.find(tensor.name);
    if (constant != graph_.constants.end() && constant->second.is_float()) {
      fake_quantize_in_place(constant->second, tensor);
    }
  }
  executor_ = std::make_unique<models::FloatExecutor>(graph_);
}

std::vector<models::Tensor> FakeQuantExecutor::run(const std::vector<models::Tensor>& inputs,
                                                   const models::TensorObserver& observer) const {
  return executor_->run(inputs, observer, [this](const std::string& name, models::Tensor& tensor) {
    auto grid = grids_.find(name);
    if (grid != grids_.end()) fake_quantize_in_place(tensor, grid->second);
  });
}

}  // namespace npusim::golden
