#include "models/analysis/plan_size.h"

namespace npusim::analysis {
namespace {

std::int64_t stage_bytes(const golden::RequantStage& stage) {
  const std::int64_t per_channel = stage.channels[0].activation == quant::FusedActivation::kLeakyRelu ? 10 : 5;
  return per_channel * static_cast<std::int64_t>(stage.channels.size());
}

// Bits per value of a stored format (float32 32, fp16 16, int8 8 ...).
int format_bits(const quant::TensorQuantization& grid) {
  switch (grid.format.kind) {
    case quant::TensorFormatKind::kFloat32: return 32;
    case quant::TensorFormatKind::kMiniFloat: return quant::minifloat_total_bits(*grid.format.minifloat);
    case quant::TensorFormatKind::kLog2: return grid.log2_bits;
    case quant::TensorFormatKind::kInteger: return grid.format.bits;
  }
  return 32;
}

}  // namespace

PlanSize plan_size(const golden::GoldenProgram& program, const quant::QuantPlan& plan) {
  PlanSize size;
  // Weights and other constants the plan stores, at their format's bits.
  for (const quant::TensorQuantization& tensor : plan.tensors) {
    auto constant = program.graph.constants.find(tensor.name);
    if (constant == program.graph.constants.end()) continue;
    size.weight_bytes += (constant->second.element_count() * format_bits(tensor) + 7) / 8;
  }
  for (const golden::LoweredOp& op : program.ops) {
    if (op.requant) size.requant_bytes += stage_bytes(*op.requant);
    if (const auto* conv = std::get_if<golden::ConvParams>(&op.params)) {
      if (op.compute == quant::ComputeDomain::kInteger) {
        const bool narrow = program.tensors[op.inputs[0]].quant.format.bits <= 8 && conv->weight_bound <= 128;
        size.bias_bytes += static_cast<std::int64_t>(conv->bias.size()) * (narrow ? 4 : 8);
      } else {
        size.bias_bytes += static_cast<std::int64_t>(conv->float_bias.size()) *
                           (op.compute == quant::ComputeDomain::kFloat32 ? 4 : 2);
      }
    } else if (const auto* concat = std::get_if<golden::ConcatParams>(&op.params)) {
      for (const auto& stage : concat->inputs) size.requant_bytes += stage_bytes(stage);
    } else if (const auto* lut = std::get_if<golden::LutParams>(&op.params)) {
      size.table_bytes += 4 * static_cast<std::int64_t>(lut->table.size());
    } else if (const auto* softmax = std::get_if<golden::SoftmaxParams>(&op.params)) {
      size.table_bytes += 4 * static_cast<std::int64_t>(softmax->exp_table.size());
    } else if (const auto* norm = std::get_if<golden::LayerNormParams>(&op.params)) {
      size.bias_bytes += 8 * static_cast<std::int64_t>(norm->beta.size());
    } else if (const auto* add = std::get_if<golden::EltwiseParams>(&op.params)) {
      size.requant_bytes += 4 * static_cast<std::int64_t>(add->input_multipliers.size());
    }
  }
  return size;
}

}  // namespace npusim::analysis
