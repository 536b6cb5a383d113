#include "models/executor/node_runner.h"

#include <stdexcept>

#include "models/executor/op_registry.h"

namespace npusim::models {

std::vector<Tensor> run_node(const Node& node, const std::vector<const Tensor*>& inputs) {
  const OpDefinition* definition = find_op(node.op_type);
  if (definition == nullptr) throw std::runtime_error(node.describe() + ": unsupported operator");
  std::vector<ValueInfo> input_infos(inputs.size());
  OpContext context{node, {}, {}};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] == nullptr) {
      context.input_types.push_back(nullptr);
      context.input_values.push_back(nullptr);
      continue;
    }
    input_infos[i] = ValueInfo{inputs[i]->dtype, inputs[i]->shape};
    context.input_types.push_back(&input_infos[i]);
    context.input_values.push_back(inputs[i]);
  }
  const std::vector<ValueInfo> output_infos = definition->infer(context);
  std::vector<Tensor> outputs;
  for (const ValueInfo& info : output_infos) outputs.push_back(Tensor::allocate(info.shape, info.dtype));
  KernelState state;
  definition->compute(context, outputs, state);
  return outputs;
}

}  // namespace npusim::models
