// How many bytes a quantized network occupies on the NPU: what `compare` reports as model_mb
// (MiB). Counted per operation from the lowered program (docs/ptq.md, "Model size"):
// weights at their plan format's bits (sub-byte formats packed), integer biases at the
// accumulator's width (32 bits on the INT8 datapath, 64 bits when an operand has 16 bits),
// 5 bytes of multiplier and shift per requantization channel (10 with LeakyReLU's negative
// side), lookup tables at 4 bytes per entry, float operations' weights and biases in their
// compute format. Activations are not counted (they are traffic, not model).
#pragma once

#include <cstdint>

#include "models/golden/program.h"

namespace npusim::analysis {

struct PlanSize {
  std::int64_t weight_bytes = 0;
  std::int64_t bias_bytes = 0;
  std::int64_t requant_bytes = 0;
  std::int64_t table_bytes = 0;
  std::int64_t total() const { return weight_bytes + bias_bytes + requant_bytes + table_bytes; }
};

PlanSize plan_size(const golden::GoldenProgram& program, const quant::QuantPlan& plan);

}  // namespace npusim::analysis
