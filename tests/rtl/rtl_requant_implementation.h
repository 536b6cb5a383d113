// The Verilated requantization unit as a RequantImplementation for the shared
// RequantizationTester (tests/quant/requant_tester.h), plus helpers the RTL tests share.
#pragma once

#include <vector>

#include "rtl/requant_unit.h"
#include "sim/rtl/requant_rtl_bridge.h"
#include "tests/quant/requant_tester.h"

namespace npusim::testing {

// Runs every case through `unit` (which must outlive the returned function) and returns w.
inline RequantImplementation rtl_requant_implementation(rtl::RequantUnit* unit) {
  return [unit](quant::RoundingMode mode, const std::vector<RequantCase>& cases) {
    std::vector<rtl::RequantLaneInput> lanes;
    lanes.reserve(cases.size());
    for (const RequantCase& c : cases) lanes.push_back(sim::to_rtl_lane(c.acc, c.params, mode));
    std::vector<rtl::RequantLaneOutput> outputs;
    unit->run(lanes, &outputs);
    std::vector<std::int32_t> results;
    results.reserve(outputs.size());
    for (const auto& out : outputs) results.push_back(out.q);
    return results;
  };
}

// A tester sized for the unit: accumulators of ACC_W bits, clamp bounds and zero points
// inside the unit's OUT_W + 1-bit edge range.
inline RequantizationTester tester_for(const rtl::RequantUnitShape& shape, quant::RoundingMode mode) {
  return RequantizationTester()
      .mode(mode)
      .accumulator_bits(shape.acc_bits)
      .output_bits(shape.out_bits + 1);
}

inline const std::vector<quant::RoundingMode>& rtl_exact_modes() {
  static const std::vector<quant::RoundingMode> kModes = {
      quant::RoundingMode::kHalfUp,   quant::RoundingMode::kHalfAway, quant::RoundingMode::kHalfEven,
      quant::RoundingMode::kFloor,    quant::RoundingMode::kTruncate, quant::RoundingMode::kTfliteDouble,
  };
  return kModes;
}

}  // namespace npusim::testing
