// Conformance vectors for firmware teams: per rounding mode, a list of requantization cases
// (targeted ties on both signs, saturation, shift 0 and 63, M = 0 and 2^31 - 1, INT32_MIN,
// dual-output splits, then seeded random cases) that `npusim vectors` writes with the golden's
// expected results, in the CSV format of `npusim requant`'s output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "quant/requant/requant.h"
#include "quant/requant/requant_case.h"

namespace npusim::sim {

struct ConformanceGroup {
  std::string name;         // e.g. "ties", "saturation"
  std::string description;  // one line for the README
  std::vector<quant::RequantCase> rows;
};

// Every row is accepted by the mode (validate_requant_params, check_requant_accumulator), so
// a tflite_double file holds only cases inside gemmlowp's preconditions. Accumulators span
// 48 bits (the INT16 path) in the targeted groups; random ones are mostly int32.
std::vector<ConformanceGroup> conformance_vectors(quant::RoundingMode mode, std::size_t random_count,
                                                  std::uint64_t seed);

}  // namespace npusim::sim
