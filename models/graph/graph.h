// The Graph IR: what the ONNX importer produces and every consumer (float executor, model
// facts, quantizer, NPU compiler) reads. Shapes are static: dynamic dimensions are fixed at
// import time (see ImportOptions), then every value has an inferred shape and type, and
// every subgraph that depends only on constants and shapes has been folded into `constants`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/graph/tensor.h"

namespace npusim::models {

struct Attribute {
  enum class Kind { kFloat, kInt, kString, kTensor, kFloats, kInts, kStrings };
  Kind kind = Kind::kInt;
  float f = 0.0f;
  std::int64_t i = 0;
  std::string s;
  std::shared_ptr<Tensor> tensor;
  std::vector<float> floats;
  std::vector<std::int64_t> ints;
  std::vector<std::string> strings;
};

struct Node {
  std::string op_type;
  std::string name;                  // as in the file; the importer names unnamed nodes
  std::vector<std::string> inputs;   // "" marks an omitted optional input
  std::vector<std::string> outputs;
  std::map<std::string, Attribute> attributes;
  int opset = 0;                     // opset version of the node's domain

  bool has_attribute(const std::string& key) const { return attributes.count(key) != 0; }
  // Typed lookups with defaults; a present attribute of the wrong kind throws (names node).
  std::int64_t attr_int(const std::string& key, std::int64_t fallback) const;
  float attr_float(const std::string& key, float fallback) const;
  std::string attr_string(const std::string& key, const std::string& fallback) const;
  std::vector<std::int64_t> attr_ints(const std::string& key, const std::vector<std::int64_t>& fallback) const;
  std::vector<float> attr_floats(const std::string& key, const std::vector<float>& fallback) const;
  // True when input `index` exists and is not the empty (omitted) name.
  bool has_input(std::size_t index) const { return index < inputs.size() && !inputs[index].empty(); }
  // "Conv 'encoder.conv1'" for error messages.
  std::string describe() const;
};

struct ValueInfo {
  DataType dtype = DataType::kFloat32;
  Shape shape;
};

struct Graph {
  std::string name;
  std::string source_path;                 // the .onnx file it came from
  int opset = 0;                           // default-domain opset of the model
  std::vector<std::string> input_names;    // runtime inputs (initializers excluded)
  std::vector<std::string> output_names;
  std::vector<Node> nodes;                 // runtime nodes, topologically sorted
  std::map<std::string, Tensor> constants; // initializers, Constant nodes and folded values
  std::map<std::string, ValueInfo> values; // every value: inputs, outputs, intermediates, constants
  std::vector<std::string> folded_op_types; // op types removed by constant folding (for reports)

  bool is_constant(const std::string& value_name) const { return constants.count(value_name) != 0; }
  // Throws naming the value when it is unknown.
  const ValueInfo& value_info(const std::string& value_name) const;
};

}  // namespace npusim::models
