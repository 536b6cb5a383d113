#include "models/golden/golden_executor.h"

#include <map>
#include <set>
#include <stdexcept>

#include "models/golden/conv_kernels.h"
#include "models/golden/conv_onednn_int8.h"
#include "models/golden/integer_kernels.h"
#include "models/golden/node_execution.h"
#include "models/golden/requant_stage.h"
#include "quant/io/memory_budget.h"

namespace npusim::golden {
namespace {

GoldenTensor slot_tensor(const GoldenProgram& program, int slot) {
  // Codes are int32 and the accumulators int64 per element: the larger one is asked for.
  const std::int64_t count = models::checked_element_count(program.tensors[slot].shape, program.tensors[slot].name);
  io::reserve_elements(static_cast<std::uint64_t>(count), sizeof(std::int64_t),
                       "golden tensor " + models::shape_to_string(program.tensors[slot].shape),
                       program.graph.source_path + ": '" + program.tensors[slot].name + "'");
  GoldenTensor tensor;
  tensor.shape = program.tensors[slot].shape;
  tensor.quant = program.tensors[slot].quant;
  return tensor;
}

// Integer operations that end in the requantization unit: accumulate, then the output stage.
template <typename Accumulator>
std::vector<GoldenTensor> requantized(const GoldenProgram& program, const LoweredOp& op,
                                      const std::vector<Accumulator>& acc) {
  std::vector<GoldenTensor> outputs;
  for (int slot : op.outputs) outputs.push_back(slot_tensor(program, slot));
  apply_requant_stage(*op.requant, acc, outputs[0], outputs.size() > 1 ? &outputs[1] : nullptr);
  return outputs;
}

std::vector<GoldenTensor> run_integer(const GoldenProgram& program, const LoweredOp& op,
                                      const std::vector<const GoldenTensor*>& inputs, OperationState* state) {
  std::vector<std::int64_t> acc;
  const models::Shape& out_shape = program.tensors[op.outputs.at(0)].shape;
  switch (op.kind) {
    case OpKind::kConv:
    case OpKind::kGemm: {
      const auto& params = std::get<ConvParams>(op.params);
      OperationState scratch;
      std::vector<std::int32_t> acc32;
      if (conv_accumulate_onednn_int8(params, inputs.at(0)->codes, acc32, state ? *state : scratch)) {
        return requantized(program, op, acc32);
      }
      conv_accumulate(params, inputs.at(0)->codes, acc);
      return requantized(program, op, acc);
    }
    case OpKind::kAdd:
    case OpKind::kMul: {
      const auto& params = std::get<EltwiseParams>(op.params);
      eltwise_accumulate(op.kind, params, gather_operands(inputs, params.constants), out_shape, acc);
      return requantized(program, op, acc);
    }
    case OpKind::kMatMul:
      matmul_accumulate(std::get<MatMulParams>(op.params), *inputs.at(0), *inputs.at(1), acc);
      return requantized(program, op, acc);
    case OpKind::kLut:
      lut_accumulate(std::get<LutParams>(op.params), *inputs.at(0), acc);
      return requantized(program, op, acc);
    case OpKind::kResizeLinear:
      resize_linear_accumulate(std::get<ResizeLinearParams>(op.params), *inputs.at(0), acc);
      return requantized(program, op, acc);
    case OpKind::kLayerNorm:
      layer_norm_accumulate(std::get<LayerNormParams>(op.params), *inputs.at(0), acc);
      return requantized(program, op, acc);
    case OpKind::kAvgPool: {
      std::vector<GoldenTensor> outputs{slot_tensor(program, op.outputs[0])};
      avg_pool_integer(std::get<AvgPoolParams>(op.params), *op.requant, *inputs.at(0), outputs[0]);
      return outputs;
    }
    case OpKind::kSoftmax: {
      const auto& params = std::get<SoftmaxParams>(op.params);
      std::vector<GoldenTensor> outputs{slot_tensor(program, op.outputs[0])};
      if (params.log2_output) {
        softmax_integer(params, *inputs.at(0), acc, outputs[0].quant.log2_bits, &outputs[0].codes);
        return outputs;
      }
      softmax_integer(params, *inputs.at(0), acc, 1, nullptr);
      return requantized(program, op, acc);
    }
    case OpKind::kConcat: {
      // Each operand onto the output grid, then the codes are placed as Concat places them.
      const auto& params = std::get<ConcatParams>(op.params);
      const std::vector<const GoldenTensor*> operands = gather_operands(inputs, params.constants);
      std::vector<GoldenTensor> aligned;
      for (std::size_t i = 0; i < operands.size(); ++i) {
        aligned.push_back(concat_operand(params, i, *operands[i], program.tensors[op.outputs[0]].quant));
      }
      std::vector<GoldenTensor> outputs{slot_tensor(program, op.outputs[0])};
      concat_codes(params, aligned, outputs[0]);
      return outputs;
    }
    case OpKind::kResizeNearest: {
      std::vector<GoldenTensor> outputs{slot_tensor(program, op.outputs[0])};
      resize_nearest_codes(std::get<ResizeNearestParams>(op.params), *inputs.at(0), outputs[0]);
      return outputs;
    }
    case OpKind::kMove:
    case OpKind::kMaxPool:
      return run_code_move(program, op, inputs);
  }
  throw std::logic_error("unknown operation kind");
}

}  // namespace

models::Tensor GoldenOutput::decode() const {
  if (!lo) return decode_tensor(value);
  std::vector<float> real(value.codes.size());
  const double scale = lo->quant.scales.at(0);
  for (std::size_t i = 0; i < real.size(); ++i) {
    const std::int64_t wide = static_cast<std::int64_t>(value.codes[i]) * (std::int64_t(1) << lo_bits) + lo->codes[i];
    real[i] = static_cast<float>(static_cast<double>(wide) * scale);
  }
  return models::Tensor::from_floats(value.shape, std::move(real));
}

std::vector<GoldenTensor> run_operation(const GoldenProgram& program, const LoweredOp& op,
                                        const std::vector<const GoldenTensor*>& inputs, OperationState* state) {
  try {
    if (op.compute != quant::ComputeDomain::kInteger) return run_float_operation(program, op, inputs);
    return run_integer(program, op, inputs, state);
  } catch (const std::exception& error) {
    throw std::runtime_error("operation '" + op.name + "' (" + std::string(op_kind_name(op.kind)) + "): " + error.what());
  }
}

GoldenExecutor::GoldenExecutor(const GoldenProgram& program) : program_(program), op_states_(program.ops.size()) {
  // Free each tensor after its last reader, as the float executor does (peak memory).
  std::map<int, std::size_t> last_use;
  for (std::size_t o = 0; o < program.ops.size(); ++o) {
    for (int slot : program.ops[o].inputs) last_use[slot] = o;
  }
  std::set<int> kept;
  for (const ProgramOutput& output : program.outputs) {
    kept.insert(output.slot);
    kept.insert(output.lo_slot);
  }
  slots_freed_after_op_.resize(program.ops.size());
  for (const auto& [slot, op] : last_use) {
    if (!kept.count(slot)) slots_freed_after_op_[op].push_back(slot);
  }
}

std::vector<GoldenOutput> GoldenExecutor::run(const std::vector<GoldenTensor>& inputs, const GoldenObserver& observer) const {
  const GoldenProgram& p = program_;
  if (inputs.size() != p.input_slots.size()) {
    throw std::runtime_error("the program takes " + std::to_string(p.input_slots.size()) + " input(s), " +
                             std::to_string(inputs.size()) + " given");
  }
  std::map<int, GoldenTensor> live;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const TensorSlot& slot = p.tensors[p.input_slots[i]];
    if (inputs[i].shape != slot.shape) {
      throw std::runtime_error("input '" + slot.name + "' has shape " + models::shape_to_string(inputs[i].shape) +
                               ", the program expects " + models::shape_to_string(slot.shape));
    }
    if (!(inputs[i].quant == slot.quant)) {
      throw std::runtime_error("input '" + slot.name + "' is not on the plan's grid for it");
    }
    if (is_code_format(slot.quant.format)) {
      const std::int32_t low = format_code_min(slot.quant), high = format_code_max(slot.quant);
      for (std::size_t e = 0; e < inputs[i].codes.size(); ++e) {
        if (inputs[i].codes[e] < low || inputs[i].codes[e] > high) {
          throw std::runtime_error("input '" + slot.name + "': code " + std::to_string(inputs[i].codes[e]) +
                                   " at element " + std::to_string(e) + " is outside " + slot.quant.format.name() +
                                   " [" + std::to_string(low) + ", " + std::to_string(high) + "]");
        }
      }
    }
    live[p.input_slots[i]] = inputs[i];
    if (observer) observer(slot, inputs[i]);
  }
  for (std::size_t o = 0; o < p.ops.size(); ++o) {
    const LoweredOp& op = p.ops[o];
    std::vector<const GoldenTensor*> operands;
    for (int slot : op.inputs) operands.push_back(&live.at(slot));
    std::vector<GoldenTensor> results = run_operation(p, op, operands, &op_states_[o]);
    for (std::size_t r = 0; r < results.size(); ++r) {
      if (observer) observer(p.tensors[op.outputs[r]], results[r]);
      live[op.outputs[r]] = std::move(results[r]);
    }
    for (int dead : slots_freed_after_op_[o]) live.erase(dead);
  }
  std::vector<GoldenOutput> outputs;
  for (const ProgramOutput& output : p.outputs) {
    GoldenOutput result;
    result.graph_name = output.graph_name;
    result.value = live.at(output.slot);
    if (output.lo_slot >= 0) result.lo = live.at(output.lo_slot);
    result.lo_bits = output.lo_bits;
    outputs.push_back(std::move(result));
  }
  return outputs;
}

std::vector<GoldenOutput> GoldenExecutor::run_float(const std::vector<models::Tensor>& inputs,
                                                    const GoldenObserver& observer) const {
  std::vector<GoldenTensor> encoded;
  for (std::size_t i = 0; i < inputs.size() && i < program_.input_slots.size(); ++i) {
    const TensorSlot& slot = program_.tensors[program_.input_slots[i]];
    encoded.push_back(encode_tensor(inputs[i], slot.quant, "input '" + slot.name + "'"));
  }
  if (inputs.size() != program_.input_slots.size()) encoded.resize(inputs.size());
  return run(encoded, observer);
}

}  // namespace npusim::golden
