// Model facts for `npusim info`: parameters, MACs per layer, activation memory (peak live
// bytes in execution order), model size per storage format, and anomalies worth a look
// before quantizing or deploying (the original team's size report, SEEDS.md section 4).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/graph/graph.h"

namespace npusim::models {

struct LayerFacts {
  std::string name;
  std::string op_type;
  Shape output_shape;
  std::int64_t parameters = 0;  // float constant elements the node reads (weights, bias, BN ...)
  std::int64_t macs = 0;        // multiply-accumulates (Conv, ConvTranspose, MatMul, Gemm); 0 otherwise
};

// Bytes of the model stored in each format. Definitions (docs/models.md):
//  fp32: every float parameter 4 bytes; fp16: 2 bytes;
//  int8 (weight-only / dynamic range): Conv/ConvTranspose/Gemm/MatMul weights 1 byte plus one
//        float scale per output channel, every other float parameter 4 bytes;
//  full_integer: as int8, biases int32, BatchNormalization after a Conv folded away (0 bytes),
//        other float parameters 1 byte, plus a scale and zero point (8 bytes) per activation tensor.
struct ModelSizes {
  std::int64_t fp32_bytes = 0;
  std::int64_t fp16_bytes = 0;
  std::int64_t int8_bytes = 0;
  std::int64_t full_integer_bytes = 0;
};

struct Anomaly {
  std::string kind;     // "leaky_relu_lowering", "large_constant", ...
  std::string node;     // node or tensor concerned
  std::string message;  // what and why, for a person
  std::int64_t extra_bytes = 0;  // estimated size it can add (0 when not a size issue)
};

struct ModelFacts {
  std::string model;
  int opset = 0;
  std::vector<std::string> inputs, outputs;
  std::vector<Shape> input_shapes, output_shapes;
  std::vector<LayerFacts> layers;
  std::int64_t parameters = 0;
  std::int64_t total_macs = 0;
  std::int64_t peak_activation_bytes_fp32 = 0;  // largest live set while running, FP32
  std::string peak_activation_after_node;
  ModelSizes sizes;
  std::vector<std::pair<std::string, int>> op_counts;  // runtime op type -> node count
  int folded_nodes = 0;
  std::vector<Anomaly> anomalies;
};

ModelFacts compute_model_facts(const Graph& graph);
nlohmann::json model_facts_to_json(const ModelFacts& facts);
std::string model_facts_to_text(const ModelFacts& facts);

}  // namespace npusim::models
