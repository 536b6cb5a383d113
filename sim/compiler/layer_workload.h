// The compiler's input: a hardware-neutral description of one layer of a network, as the NPU
// sees it (what has to be computed and moved, not how). Producers of layer lists: the SCALE-Sim
// topology reader (sim/compiler/scalesim_topology.h) and, later, the conversion from the
// quantized integer program of a network (ONNX + QuantPlan). docs/npu-model.md documents every
// field with examples.
//
// Sizes are per network input item (one image); the program's batch multiplies them. A layer
// reads the outputs of earlier layers by name, so a fused residual or a concat is traffic the
// compiler can keep on chip or has to fetch from DRAM.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/config/npu_types.h"

namespace npusim::sim {

// Which kind of unit a layer needs.
enum class LayerKind {
  kConv,          // convolution (grouped and depthwise too) on a MAC array, as GEMMs
  kGemm,          // fully connected / matrix multiply on a MAC array
  kVector,        // one vector-unit operation (add, pool, resize, table lookup ...)
  kRequant,       // requantization only (a precision change between layers)
  kDataMovement,  // reshape, transpose, slice, concat by copying: DMA only
};
std::string_view layer_kind_name(LayerKind kind);  // "conv", "gemm", "vector", "requant", "data_movement"
std::optional<LayerKind> parse_layer_kind(std::string_view name);

struct ConvGeometry {
  int input_h = 0, input_w = 0, input_channels = 0;
  int output_h = 0, output_w = 0, output_channels = 0;
  int kernel_h = 0, kernel_w = 0;
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int dilation_h = 1, dilation_w = 1;
  int groups = 1;
};

// One activation tensor a layer reads.
struct TensorRead {
  std::string producer;     // the earlier layer whose output it is; "" = a network input (in DRAM)
  std::uint64_t bytes = 0;  // per batch item
};

struct LayerWorkload {
  std::string name;  // unique in the list
  LayerKind kind = LayerKind::kConv;

  // MAC layers (kConv, kGemm): the GEMM view per batch item. gemm_count independent GEMMs
  // (groups of a grouped conv, heads of a batched matmul), each M x N x K:
  //   M = output positions (output_h * output_w for a conv), N = output channels per GEMM,
  //   K = reduction length (kernel_h * kernel_w * input_channels / groups for a conv).
  std::uint64_t gemm_m = 0, gemm_n = 0, gemm_k = 0;
  std::uint64_t gemm_count = 1;
  std::optional<ConvGeometry> conv;  // present for kConv (informative: traces, program, functional core)

  Precision precision = Precision::kInt8;  // arithmetic of the MAC array
  int input_bits = 8;                      // element widths as stored
  int weight_bits = 8;
  int output_bits = 8;                     // of one output tensor (each, when dual)
  int accumulator_bits = 32;               // of the MAC accumulators (INT8 path 32, INT16 up to 48)

  // Requantization of the result (MAC, vector and requant layers): elements per batch item
  // through the requantization unit; 0 = the layer's output is not requantized by it (a
  // float path, a max pool, a copy).
  std::uint64_t requant_elements = 0;
  bool dual_output = false;  // the result leaves as two tensors, hi and lo (docs/numerics.md)
  int lo_bits = 0;           // the split, when dual

  // Vector layers: the operation and the number of input elements it reads per batch item.
  std::optional<VectorOp> vector_op;
  std::uint64_t vector_elements = 0;

  std::vector<TensorRead> inputs;    // activations read; for a MAC layer inputs[0] is the GEMM
                                     // operand and further entries are fused reads (a residual)
  std::uint64_t weight_bytes = 0;    // weights and bias, shared by every batch item; 0 for a
                                     // MatMul of two run-time tensors (kGemm): then inputs[1] is
                                     // the right-hand K x N operand, per item, in place of weights
  std::uint64_t output_bytes = 0;    // per batch item (both tensors when dual)
  bool network_output = false;       // leaves the NPU (written to DRAM) whatever its size

  bool is_mac() const { return kind == LayerKind::kConv || kind == LayerKind::kGemm; }
  // A MatMul of two run-time tensors: the right-hand operand is inputs[1], not weights.
  bool rhs_is_input() const { return kind == LayerKind::kGemm && weight_bytes == 0; }
  std::uint64_t macs_per_item() const { return gemm_m * gemm_n * gemm_k * gemm_count; }
};

// A layer list the compiler cannot take: names the layer and the field.
class LayerWorkloadError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Checks every layer: unique names, producers that are earlier layers, the fields its kind
// needs (GEMM sizes for MAC layers, an op and elements for vector layers ...), widths in range.
void validate_layers(const std::vector<LayerWorkload>& layers);

}  // namespace npusim::sim
