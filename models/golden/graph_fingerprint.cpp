#include "models/golden/graph_fingerprint.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "models/golden/fnv1a64.h"

namespace npusim::golden {
namespace {

void hash_tensor(Fnv1a64& h, const models::Tensor& tensor) {
  h.integer(static_cast<std::int64_t>(tensor.dtype));
  h.integer(static_cast<std::int64_t>(tensor.shape.size()));
  for (std::int64_t d : tensor.shape) h.integer(d);
  h.bytes(tensor.data.data(), tensor.data.size() * sizeof(float));
  h.bytes(tensor.int_data.data(), tensor.int_data.size() * sizeof(std::int64_t));
}

}  // namespace

std::string graph_fingerprint(const models::Graph& graph) {
  Fnv1a64 h;
  for (const std::string& name : graph.input_names) h.text(name);
  h.text("|");
  for (const std::string& name : graph.output_names) h.text(name);
  for (const models::Node& node : graph.nodes) {
    h.text(node.op_type);
    h.text(node.name);
    for (const std::string& name : node.inputs) h.text(name);
    h.text("->");
    for (const std::string& name : node.outputs) h.text(name);
    for (const auto& [key, attribute] : node.attributes) {  // std::map: sorted, deterministic
      h.text(key);
      h.integer(static_cast<std::int64_t>(attribute.kind));
      h.bytes(&attribute.f, sizeof attribute.f);
      h.integer(attribute.i);
      h.text(attribute.s);
      if (attribute.tensor) hash_tensor(h, *attribute.tensor);
      h.bytes(attribute.floats.data(), attribute.floats.size() * sizeof(float));
      h.bytes(attribute.ints.data(), attribute.ints.size() * sizeof(std::int64_t));
      for (const std::string& s : attribute.strings) h.text(s);
    }
  }
  // Constants read by run-time nodes (folded shape arithmetic depends on the input shapes).
  for (const models::Node& node : graph.nodes) {
    for (const std::string& name : node.inputs) {
      auto constant = graph.constants.find(name);
      if (constant == graph.constants.end() || !constant->second.is_float()) continue;
      h.text(name);
      hash_tensor(h, constant->second);
    }
  }
  char text[32];
  std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(h.value()));
  return text;
}

}  // namespace npusim::golden
