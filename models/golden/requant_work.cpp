#include "models/golden/requant_work.h"

#include "models/golden/conv_kernels.h"
#include "models/golden/integer_kernels.h"
#include "models/golden/requant_stage.h"

namespace npusim::golden {

std::vector<quant::RequantCase> requant_cases(const RequantStage& stage, const models::Shape& shape,
                                              const std::vector<std::int64_t>& acc) {
  const ChannelWalk walk = channel_walk(shape, stage.axis);
  std::vector<quant::RequantCase> cases(acc.size());
  for (std::size_t i = 0; i < acc.size(); ++i) {
    cases[i].acc = acc[i];
    cases[i].params = stage.channels[static_cast<std::size_t>(walk.channel(static_cast<std::int64_t>(i)))];
  }
  return cases;
}

std::optional<RequantWork> requant_work(const GoldenProgram& program, const LoweredOp& op,
                                        const std::vector<const GoldenTensor*>& inputs) {
  if (op.compute != quant::ComputeDomain::kInteger) return std::nullopt;
  const models::Shape& shape = program.tensors[op.outputs.at(0)].shape;
  RequantWork work;
  std::vector<std::int64_t> acc;
  switch (op.kind) {
    case OpKind::kConv:
    case OpKind::kGemm:
      conv_accumulate(std::get<ConvParams>(op.params), inputs.at(0)->codes, acc);
      break;
    case OpKind::kAdd:
    case OpKind::kMul: {
      const auto& params = std::get<EltwiseParams>(op.params);
      eltwise_accumulate(op.kind, params, gather_operands(inputs, params.constants), shape, acc);
      break;
    }
    case OpKind::kMatMul:
      matmul_accumulate(std::get<MatMulParams>(op.params), *inputs.at(0), *inputs.at(1), acc);
      break;
    case OpKind::kLut: lut_accumulate(std::get<LutParams>(op.params), *inputs.at(0), acc); break;
    case OpKind::kResizeLinear: resize_linear_accumulate(std::get<ResizeLinearParams>(op.params), *inputs.at(0), acc); break;
    case OpKind::kLayerNorm: layer_norm_accumulate(std::get<LayerNormParams>(op.params), *inputs.at(0), acc); break;
    case OpKind::kSoftmax: {
      const auto& params = std::get<SoftmaxParams>(op.params);
      if (params.log2_output) return std::nullopt;
      softmax_integer(params, *inputs.at(0), acc, 1, nullptr);
      break;
    }
    case OpKind::kAvgPool:
      work.mode = op.requant->mode;
      work.cases = avg_pool_cases(std::get<AvgPoolParams>(op.params), *inputs.at(0), shape);
      work.lo_bits = op.requant->channels[0].lo_bits;
      return work;
    case OpKind::kConcat: {
      // Each output element comes from one operand and takes that operand's stage.
      const auto& params = std::get<ConcatParams>(op.params);
      const std::vector<const GoldenTensor*> operands = gather_operands(inputs, params.constants);
      const auto axis = static_cast<std::size_t>(params.axis);
      std::int64_t outer = 1, inner = 1;
      for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
      for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
      work.mode = params.inputs.at(0).mode;
      work.cases.resize(static_cast<std::size_t>(outer * shape[axis] * inner));
      std::int64_t offset = 0;
      for (std::size_t i = 0; i < operands.size(); ++i) {
        const std::int64_t block = operands[i]->shape[axis] * inner;
        for (std::int64_t o = 0; o < outer; ++o) {
          for (std::int64_t e = 0; e < block; ++e) {
            quant::RequantCase& c = work.cases[static_cast<std::size_t>(o * shape[axis] * inner + offset + e)];
            c.acc = operands[i]->codes[static_cast<std::size_t>(o * block + e)] - params.input_zero_points[i];
            c.params = params.inputs[i].channels.at(0);
          }
        }
        offset += block;
      }
      return work;
    }
    case OpKind::kMove:
    case OpKind::kMaxPool:
    case OpKind::kResizeNearest:
      return std::nullopt;
  }
  work.mode = op.requant->mode;
  work.cases = requant_cases(*op.requant, shape, acc);
  work.lo_bits = op.requant->channels[0].lo_bits;
  return work;
}

}  // namespace npusim::golden
