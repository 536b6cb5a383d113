// Conformance of the Verilated requantization unit against the golden C++ (quant::requantize
// and quant::split_dual_output, the oracle): case generators (targeted ties and saturation,
// exhaustive small domains, random with a seed) and a checker that runs a batch through both
// and compares q, hi and lo. Used by `npusim rtl-check` and the RTL tests.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "quant/requant/requant.h"
#include "quant/requant/requant_case.h"
#include "rtl/requant_unit.h"

namespace npusim::sim {

// True when the golden defines a result: params valid for the mode and, for tflite_double,
// acc inside gemmlowp's preconditions. Cases outside are never sent to the RTL.
bool golden_accepts(const quant::RequantCase& c, quant::RoundingMode mode);

// Ties on both signs (power-of-two and odd multipliers, every shift 1..63) and their
// neighbours, extreme accumulators x extreme multipliers x edge shifts, each under several
// clamp settings (signed, unsigned, narrow), ReLU, LeakyReLU and dual output. Only accepted cases.
std::vector<quant::RequantCase> targeted_cases(const rtl::RequantUnitShape& shape, quant::RoundingMode mode);

// Every acc in [-radius, radius] x shifts 0..12 x a few odd multipliers, with the widest clamp
// the unit has, then again with ReLU, LeakyReLU and a 4-bit dual-output split.
std::vector<quant::RequantCase> exhaustive_cases(const rtl::RequantUnitShape& shape, quant::RoundingMode mode,
                                               int radius = 256);

// Random cases that exercise every path: shifts chosen so results land in, near and far
// beyond the clamp range, forced ties, signed/unsigned/narrow clamps, all activations,
// dual output. Deterministic for a given (shape, mode, seed).
class RandomRequantCases {
 public:
  RandomRequantCases(const rtl::RequantUnitShape& shape, quant::RoundingMode mode, std::uint64_t seed);
  quant::RequantCase next();

 private:
  std::int64_t random_acc(int magnitude_bits);
  rtl::RequantUnitShape shape_;
  quant::RoundingMode mode_;
  std::mt19937_64 random_;
};

struct RequantMismatch {
  std::string shape;
  std::string phase;
  quant::RoundingMode mode;
  quant::RequantCase input;
  rtl::RequantLaneOutput expected;
  rtl::RequantLaneOutput actual;
};

struct RequantCheckCounts {
  std::uint64_t passed = 0;
  std::uint64_t failed = 0;
};

// The golden result in the unit's output form (q = w, hi/lo split; hi = w, lo = 0 when lo_bits == 0).
rtl::RequantLaneOutput golden_lane_output(const quant::RequantCase& c, quant::RoundingMode mode);

// Runs `cases` through `unit` and the golden; appends up to `max_mismatches` mismatches
// (all are counted). `phase` labels them ("targeted", "exhaustive", "random").
RequantCheckCounts check_requant_cases(rtl::RequantUnit& unit, quant::RoundingMode mode,
                                       const std::vector<quant::RequantCase>& cases, const std::string& phase,
                                       std::vector<RequantMismatch>* mismatches, std::size_t max_mismatches);

}  // namespace npusim::sim
