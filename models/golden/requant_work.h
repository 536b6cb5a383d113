// What an integer operation hands its requantization unit: every output element's
// accumulator with the parameters it is requantized with (per channel, per window count of
// an average pool, per operand of a concat), in the output's order. The SystemC model's
// requantization stage takes these and runs them through the C++ model or the Verilated RTL,
// so the golden executor's own (vectorised) output stage is checked by an independent path.
#pragma once

#include <optional>
#include <vector>

#include "models/golden/program.h"
#include "quant/requant/requant_case.h"

namespace npusim::golden {

struct RequantWork {
  quant::RoundingMode mode = quant::RoundingMode::kHalfUp;
  std::vector<quant::RequantCase> cases;  // one per output element (before a dual split)
  int lo_bits = 0;
};

// Nothing for operations that do not end in the requantization unit (moves, max pool,
// nearest resize, a log2 softmax, float operations).
std::optional<RequantWork> requant_work(const GoldenProgram& program, const LoweredOp& op,
                                        const std::vector<const GoldenTensor*>& inputs);

// The cases of one requantized output from its accumulators (per channel along the stage's axis).
std::vector<quant::RequantCase> requant_cases(const RequantStage& stage, const models::Shape& shape,
                                              const std::vector<std::int64_t>& acc);

}  // namespace npusim::golden
