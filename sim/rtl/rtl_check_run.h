// The `npusim rtl-check` run as a library call: for every selected exact rounding mode and
// Verilated width configuration, the targeted, exhaustive and N random cases of
// requant_rtl_check.h go through the RTL and the golden, and every mismatch is counted (the
// first max_mismatches are kept). The command only parses options and prints; tests and
// other tools call run_rtl_check directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "quant/requant/requant.h"
#include "rtl/requant_unit.h"
#include "sim/rtl/requant_rtl_check.h"

namespace npusim::sim {

struct RtlCheckOptions {
  std::uint64_t random_vectors = 1000000;  // per mode and per configuration
  std::uint64_t seed = 1;                  // each (configuration, mode) draws its own stream from it
  std::vector<quant::RoundingMode> modes;  // exact modes only
  std::vector<rtl::RequantUnitShape> shapes;
  std::string vcd_path;                    // non-empty: waveform of the first mode's targeted cases on the first shape
  std::size_t max_mismatches = 100000;     // kept for the CSV; all are counted
  // Called after each chunk of random vectors with its size (a progress bar's counter).
  std::function<void(std::uint64_t vectors)> on_random_vectors;
};

struct RtlCheckModeCounts {
  std::uint64_t targeted = 0, exhaustive = 0, random = 0, passed = 0, failed = 0;
};

struct RtlCheckUnit {
  rtl::RequantUnitShape shape;
  int measured_latency_cycles = 0;  // counted on the RTL (RequantUnit::measure_latency)
};

struct RtlCheckResult {
  std::vector<RtlCheckUnit> units;
  std::map<quant::RoundingMode, RtlCheckModeCounts> per_mode;
  std::vector<RequantMismatch> mismatches;
  std::uint64_t rtl_vectors = 0;  // vectors checked, and the wall time spent running and comparing them
  double rtl_seconds = 0;
  std::uint64_t passed() const;
  std::uint64_t failed() const;
};

// Throws std::invalid_argument for an inexact mode (fp32) or no modes/shapes. on_unit is
// called as each configuration starts (after its latency was measured), for progress output.
RtlCheckResult run_rtl_check(const RtlCheckOptions& options,
                             const std::function<void(const RtlCheckUnit&)>& on_unit = {});

// The mismatch CSV: header (always), then one row per kept mismatch.
void write_rtl_mismatch_csv(std::ostream& out, const std::vector<RequantMismatch>& mismatches);

}  // namespace npusim::sim
