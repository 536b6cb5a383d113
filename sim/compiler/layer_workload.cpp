#include "sim/compiler/layer_workload.h"

#include <map>

namespace npusim::sim {

std::string_view layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::kConv: return "conv";
    case LayerKind::kGemm: return "gemm";
    case LayerKind::kVector: return "vector";
    case LayerKind::kRequant: return "requant";
    case LayerKind::kDataMovement: return "data_movement";
  }
  return "?";
}

std::optional<LayerKind> parse_layer_kind(std::string_view name) {
  for (LayerKind k : {LayerKind::kConv, LayerKind::kGemm, LayerKind::kVector, LayerKind::kRequant,
                      LayerKind::kDataMovement}) {
    if (layer_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

namespace {

[[noreturn]] void fail(std::size_t index, const LayerWorkload& layer, const std::string& problem) {
  throw LayerWorkloadError("layer " + std::to_string(index) + " '" + layer.name + "': " + problem);
}

void check_bits(std::size_t index, const LayerWorkload& layer, const char* field, int bits, int low, int high) {
  if (bits < low || bits > high) {
    fail(index, layer, std::string(field) + " must be in " + std::to_string(low) + ".." + std::to_string(high) +
                           ", got " + std::to_string(bits));
  }
}

}  // namespace

void validate_layers(const std::vector<LayerWorkload>& layers) {
  if (layers.empty()) throw LayerWorkloadError("the layer list is empty");
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerWorkload& layer = layers[i];
    if (layer.name.empty()) fail(i, layer, "name must not be empty");
    if (!index_of.emplace(layer.name, i).second) fail(i, layer, "name is used by an earlier layer too");
    for (const TensorRead& read : layer.inputs) {
      if (read.producer.empty()) continue;
      if (index_of.count(read.producer) == 0 || read.producer == layer.name) {
        fail(i, layer, "reads '" + read.producer + "', which is not an earlier layer");
      }
      if (read.bytes == 0) fail(i, layer, "reads 0 bytes of '" + read.producer + "'");
    }
    check_bits(i, layer, "input_bits", layer.input_bits, 1, 32);
    check_bits(i, layer, "weight_bits", layer.weight_bits, 1, 32);
    check_bits(i, layer, "output_bits", layer.output_bits, 1, 32);
    check_bits(i, layer, "accumulator_bits", layer.accumulator_bits, 1, 64);
    if (layer.dual_output) {
      if (layer.lo_bits < 1 || layer.lo_bits > 30) fail(i, layer, "dual output needs lo_bits in 1..30");
      if (layer.requant_elements == 0) fail(i, layer, "dual output needs requantized elements");
    }
    switch (layer.kind) {
      case LayerKind::kConv:
      case LayerKind::kGemm:
        if (layer.gemm_m == 0 || layer.gemm_n == 0 || layer.gemm_k == 0 || layer.gemm_count == 0) {
          fail(i, layer, "a MAC layer needs gemm_m, gemm_n, gemm_k and gemm_count > 0");
        }
        if (layer.inputs.empty()) fail(i, layer, "a MAC layer reads at least one input tensor");
        if (layer.weight_bytes == 0 && !(layer.rhs_is_input() && layer.inputs.size() >= 2)) {
          fail(i, layer, "a MAC layer has weights (weight_bytes > 0), or is a gemm of two inputs (inputs[1] the right-hand operand)");
        }
        if (layer.kind == LayerKind::kConv && !layer.conv) fail(i, layer, "a conv layer needs its geometry");
        break;
      case LayerKind::kVector:
        if (!layer.vector_op) fail(i, layer, "a vector layer needs vector_op");
        if (layer.vector_elements == 0) fail(i, layer, "a vector layer needs vector_elements > 0");
        break;
      case LayerKind::kRequant:
        if (layer.requant_elements == 0) fail(i, layer, "a requant layer needs requant_elements > 0");
        break;
      case LayerKind::kDataMovement:
        break;
    }
    if (layer.output_bytes == 0) fail(i, layer, "output_bytes must be > 0");
  }
}

}  // namespace npusim::sim
