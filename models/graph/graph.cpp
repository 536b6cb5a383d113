#include "models/graph/graph.h"

#include <stdexcept>

namespace npusim::models {
namespace {

const Attribute* find_attribute(const Node& node, const std::string& key, Attribute::Kind kind) {
  auto found = node.attributes.find(key);
  if (found == node.attributes.end()) return nullptr;
  if (found->second.kind != kind) {
    throw std::runtime_error(node.describe() + ": attribute '" + key + "' has an unexpected type");
  }
  return &found->second;
}

}  // namespace

std::int64_t Node::attr_int(const std::string& key, std::int64_t fallback) const {
  const Attribute* attribute = find_attribute(*this, key, Attribute::Kind::kInt);
  return attribute ? attribute->i : fallback;
}

float Node::attr_float(const std::string& key, float fallback) const {
  const Attribute* attribute = find_attribute(*this, key, Attribute::Kind::kFloat);
  return attribute ? attribute->f : fallback;
}

std::string Node::attr_string(const std::string& key, const std::string& fallback) const {
  const Attribute* attribute = find_attribute(*this, key, Attribute::Kind::kString);
  return attribute ? attribute->s : fallback;
}

std::vector<std::int64_t> Node::attr_ints(const std::string& key,
                                          const std::vector<std::int64_t>& fallback) const {
  const Attribute* attribute = find_attribute(*this, key, Attribute::Kind::kInts);
  return attribute ? attribute->ints : fallback;
}

std::vector<float> Node::attr_floats(const std::string& key, const std::vector<float>& fallback) const {
  const Attribute* attribute = find_attribute(*this, key, Attribute::Kind::kFloats);
  return attribute ? attribute->floats : fallback;
}

std::string Node::describe() const { return op_type + " node '" + name + "'"; }

const ValueInfo& Graph::value_info(const std::string& value_name) const {
  auto found = values.find(value_name);
  if (found == values.end()) {
    throw std::runtime_error("graph '" + name + "': unknown value '" + value_name + "'");
  }
  return found->second;
}

}  // namespace npusim::models
