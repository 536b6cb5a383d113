#include "models/executor/op_registry.h"

namespace npusim::models {

const std::vector<OpDefinition>& normalization_ops() {
  static const std::vector<OpDefinition> ops = {};
  return ops;
}

}  // namespace npusim::models
