#include "sim/functional/golden_layers.h"

#include <map>
#include <set>
#include <stdexcept>

#include "models/analysis/plan_size.h"

namespace npusim::sim {
namespace {

std::int64_t elements(const models::Shape& shape) { return models::checked_element_count(shape, "tensor"); }

// Bits a tensor occupies per element as stored.
int stored_bits(const quant::TensorQuantization& grid) {
  switch (grid.format.kind) {
    case quant::TensorFormatKind::kFloat32: return 32;
    case quant::TensorFormatKind::kMiniFloat: return quant::minifloat_total_bits(*grid.format.minifloat);
    case quant::TensorFormatKind::kLog2: return grid.log2_bits;
    case quant::TensorFormatKind::kInteger: return grid.format.bits;
  }
  return 32;
}

std::uint64_t tensor_bytes(const golden::TensorSlot& slot) {
  return static_cast<std::uint64_t>((elements(slot.shape) * stored_bits(slot.quant) + 7) / 8);
}

Precision precision_of(const golden::GoldenProgram& program, const golden::LoweredOp& op, int weight_bits) {
  switch (op.compute) {
    case quant::ComputeDomain::kFloat16: return Precision::kFp16;
    case quant::ComputeDomain::kBFloat16: return Precision::kBf16;
    case quant::ComputeDomain::kFloat32: return Precision::kFp16;  // no FP32 arrays: the nearest float rate
    case quant::ComputeDomain::kInteger: break;
  }
  int widest = weight_bits;
  for (int slot : op.inputs) widest = std::max(widest, stored_bits(program.tensors[slot].quant));
  return widest > 8 ? Precision::kInt16 : Precision::kInt8;
}

VectorOp vector_op_of(golden::OpKind kind) {
  switch (kind) {
    case golden::OpKind::kAdd: return VectorOp::kAdd;
    case golden::OpKind::kMul: return VectorOp::kMul;
    case golden::OpKind::kConcat: return VectorOp::kConcat;
    case golden::OpKind::kLut: return VectorOp::kLookup;
    case golden::OpKind::kResizeNearest: return VectorOp::kResizeNearest;
    case golden::OpKind::kResizeLinear: return VectorOp::kResizeLinear;
    case golden::OpKind::kMaxPool: return VectorOp::kMaxPool;
    case golden::OpKind::kAvgPool: return VectorOp::kAvgPool;
    case golden::OpKind::kSoftmax: return VectorOp::kSoftmax;
    case golden::OpKind::kLayerNorm: return VectorOp::kLayerNorm;
    default: throw std::logic_error("not a vector operation");
  }
}

}  // namespace

std::vector<LayerWorkload> layers_from_program(const golden::GoldenProgram& program, const quant::QuantPlan& plan) {
  std::map<int, std::string> producer;  // slot -> operation
  std::set<int> network_outputs;
  for (const golden::ProgramOutput& output : program.outputs) {
    network_outputs.insert(output.slot);
    network_outputs.insert(output.lo_slot);
  }
  std::vector<LayerWorkload> layers;
  for (const golden::LoweredOp& op : program.ops) {
    LayerWorkload layer;
    layer.name = op.name;
    for (int slot : op.inputs) {
      auto from = producer.find(slot);
      layer.inputs.push_back(TensorRead{from == producer.end() ? "" : from->second, tensor_bytes(program.tensors[slot])});
    }
    const golden::TensorSlot& out = program.tensors[op.outputs.at(0)];
    layer.output_bits = stored_bits(out.quant);
    for (int slot : op.outputs) {
      layer.output_bytes += tensor_bytes(program.tensors[slot]);
      layer.network_output = layer.network_output || network_outputs.count(slot) > 0;
      producer[slot] = op.name;
    }
    layer.input_bits = op.inputs.empty() ? 8 : stored_bits(program.tensors[op.inputs[0]].quant);
    const bool integer = op.compute == quant::ComputeDomain::kInteger;
    const bool requantized = integer && (op.requant || op.kind == golden::OpKind::kConcat);
    if (requantized) {
      layer.requant_elements = static_cast<std::uint64_t>(elements(out.shape));
      const int lo_bits = op.requant ? op.requant->channels[0].lo_bits : 0;
      layer.dual_output = lo_bits > 0;
      layer.lo_bits = lo_bits;
      if (layer.dual_output) layer.output_bits = std::max(layer.output_bits, stored_bits(program.tensors[op.outputs[1]].quant));
    }
    // Weights, biases, requantization parameters and tables the layer loads once.
    if (const auto* conv = std::get_if<golden::ConvParams>(&op.params)) {
      const auto& g = conv->geometry;
      const quant::OperationQuantization* planned = plan.find_operation(op.name);
      const quant::TensorQuantization* weights = planned ? plan.find_tensor(planned->inputs.back()) : nullptr;
      layer.weight_bits = weights ? stored_bits(*weights) : 8;
      const std::uint64_t weight_count = static_cast<std::uint64_t>(models::kernels::conv_weight_count(g));
      const std::uint64_t bias_bytes = static_cast<std::uint64_t>(g.out_channels) * (integer ? (layer.weight_bits > 8 || layer.input_bits > 8 ? 8 : 4) : 2);
      layer.weight_bytes = (weight_count * static_cast<std::uint64_t>(layer.weight_bits) + 7) / 8 + bias_bytes +
                           (op.requant ? 5 * op.requant->channels.size() : 0);
      layer.precision = precision_of(program, op, layer.weight_bits);
      layer.accumulator_bits = !integer ? 32 : layer.precision == Precision::kInt16 ? 48 : 32;
      if (conv->rows_as_batch) {
        layer.kind = LayerKind::kGemm;
        layer.gemm_m = static_cast<std::uint64_t>(g.batch);
        layer.gemm_n = static_cast<std::uint64_t>(g.out_channels);
        layer.gemm_k = static_cast<std::uint64_t>(g.in_channels);
      } else {
        if (g.batch != 1) throw std::runtime_error("operation '" + op.name + "': the NPU program is built for batch 1 per item");
        layer.kind = LayerKind::kConv;
        layer.gemm_count = static_cast<std::uint64_t>(g.groups);
        layer.gemm_m = static_cast<std::uint64_t>(g.out_height * g.out_width);
        layer.gemm_n = static_cast<std::uint64_t>(g.out_channels / g.groups);
        layer.gemm_k = static_cast<std::uint64_t>((g.in_channels / g.groups) * g.kernel_height * g.kernel_width);
        ConvGeometry geometry;
        geometry.input_h = static_cast<int>(g.in_height);
        geometry.input_w = static_cast<int>(g.in_width);
        geometry.input_channels = static_cast<int>(g.in_channels);
        geometry.output_h = static_cast<int>(g.out_height);
        geometry.output_w = static_cast<int>(g.out_width);
        geometry.output_channels = static_cast<int>(g.out_channels);
        geometry.kernel_h = static_cast<int>(g.kernel_height);
        geometry.kernel_w = static_cast<int>(g.kernel_width);
        geometry.stride_h = static_cast<int>(g.stride_height);
        geometry.stride_w = static_cast<int>(g.stride_width);
        geometry.pad_top = static_cast<int>(g.pad_top);
        geometry.pad_left = static_cast<int>(g.pad_left);
        geometry.pad_bottom = static_cast<int>(g.pad_bottom);
        geometry.pad_right = static_cast<int>(g.pad_right);
        geometry.dilation_h = static_cast<int>(g.dilation_height);
        geometry.dilation_w = static_cast<int>(g.dilation_width);
        geometry.groups = static_cast<int>(g.groups);
        layer.conv = geometry;
      }
    } else if (op.kind == golden::OpKind::kMatMul) {
      // Two run-time operands: [..., rows, inner] x [..., inner, cols], one GEMM per batch slice.
      const models::Shape& a = program.tensors[op.inputs.at(0)].shape;
      const models::Shape& b = program.tensors[op.inputs.at(1)].shape;
      layer.kind = LayerKind::kGemm;
      layer.gemm_m = a.size() >= 2 ? static_cast<std::uint64_t>(a[a.size() - 2]) : 1;
      layer.gemm_k = static_cast<std::uint64_t>(a.back());
      layer.gemm_n = static_cast<std::uint64_t>(b.back());
      layer.gemm_count = static_cast<std::uint64_t>(elements(out.shape)) / (layer.gemm_m * layer.gemm_n);
      layer.precision = precision_of(program, op, 8);
      layer.weight_bits = stored_bits(program.tensors[op.inputs[1]].quant);
      layer.accumulator_bits = layer.precision == Precision::kInt16 ? 48 : 32;
      layer.weight_bytes = 0;
    } else if (op.kind == golden::OpKind::kMove) {
      layer.kind = LayerKind::kDataMovement;
    } else {
      layer.kind = LayerKind::kVector;
      layer.vector_op = vector_op_of(op.kind);
      for (int slot : op.inputs) layer.vector_elements += static_cast<std::uint64_t>(elements(program.tensors[slot].shape));
      if (const auto* lut = std::get_if<golden::LutParams>(&op.params)) layer.weight_bytes = 4 * lut->table.size();
      if (const auto* softmax = std::get_if<golden::SoftmaxParams>(&op.params)) layer.weight_bytes = 4 * softmax->exp_table.size();
      if (const auto* norm = std::get_if<golden::LayerNormParams>(&op.params)) layer.weight_bytes = 12 * norm->gamma.size();
      if (!integer) layer.precision = precision_of(program, op, 16);
    }
    layers.push_back(std::move(layer));
  }
  validate_layers(layers);
  return layers;
}

}  // namespace npusim::sim
