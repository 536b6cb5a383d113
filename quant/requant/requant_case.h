// One requantization case: an accumulator and the parameters it is requantized with. The one
// type every requantization path passes around (vector CSV rows, RTL conformance cases, the
// tester's cases, the NPU model's requantization unit), so a case moves between them unchanged.
#pragma once

#include <cstdint>

#include "quant/requant/requant.h"

namespace npusim::quant {

struct RequantCase {
  std::int64_t acc = 0;
  RequantParams params;
};

}  // namespace npusim::quant
