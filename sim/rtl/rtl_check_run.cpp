#include "sim/rtl/rtl_check_run.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace npusim::sim {
namespace {

constexpr std::size_t kChunk = 1 << 16;  // random vectors generated and checked per batch

}  // namespace

std::uint64_t RtlCheckResult::passed() const {
  std::uint64_t total = 0;
  for (const auto& [mode, counts] : per_mode) total += counts.passed;
  return total;
}

std::uint64_t RtlCheckResult::failed() const {
  std::uint64_t total = 0;
  for (const auto& [mode, counts] : per_mode) total += counts.failed;
  return total;
}

RtlCheckResult run_rtl_check(const RtlCheckOptions& options, const std::function<void(const RtlCheckUnit&)>& on_unit) {
  if (options.modes.empty()) throw std::invalid_argument("rtl-check: no rounding modes selected");
  if (options.shapes.empty()) throw std::invalid_argument("rtl-check: no unit configurations selected");
  for (quant::RoundingMode mode : options.modes) {
    if (!quant::is_exact_mode(mode)) {
      throw std::invalid_argument("rtl-check: '" + std::string(quant::rounding_mode_name(mode)) +
                                  "' is not implemented in the RTL (exact modes only)");
    }
  }
  RtlCheckResult result;
  for (quant::RoundingMode mode : options.modes) result.per_mode[mode];  // every selected mode has a row

  for (std::size_t shape_index = 0; shape_index < options.shapes.size(); ++shape_index) {
    const rtl::RequantUnitShape& shape = options.shapes[shape_index];
    auto unit = rtl::make_requant_unit(shape.name);
    RtlCheckUnit info{shape, unit->measure_latency()};
    result.units.push_back(info);
    if (on_unit) on_unit(info);
    const bool trace_this_unit = shape_index == 0 && !options.vcd_path.empty();
    if (trace_this_unit) unit->open_vcd(options.vcd_path);

    for (quant::RoundingMode mode : options.modes) {
      RtlCheckModeCounts& counts = result.per_mode[mode];
      auto check = [&](const std::vector<quant::RequantCase>& cases, const char* phase, std::uint64_t* phase_count) {
        const auto start = std::chrono::steady_clock::now();
        const RequantCheckCounts c =
            check_requant_cases(*unit, mode, cases, phase, &result.mismatches, options.max_mismatches);
        result.rtl_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        result.rtl_vectors += cases.size();
        *phase_count += c.passed + c.failed;
        counts.passed += c.passed;
        counts.failed += c.failed;
      };
      check(targeted_cases(shape, mode), "targeted", &counts.targeted);
      if (trace_this_unit) unit->close_vcd();  // the first mode's targeted cases only
      check(exhaustive_cases(shape, mode), "exhaustive", &counts.exhaustive);
      // Each (configuration, mode) draws its own stream from the seed, so subsets replay.
      RandomRequantCases generator(shape, mode,
                                   options.seed * 1000003 + shape_index * 16 + static_cast<std::uint64_t>(mode));
      std::vector<quant::RequantCase> cases;
      for (std::uint64_t done = 0; done < options.random_vectors;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, options.random_vectors - done));
        cases.clear();
        for (std::size_t i = 0; i < n; ++i) cases.push_back(generator.next());
        check(cases, "random", &counts.random);
        if (options.on_random_vectors) options.on_random_vectors(n);
        done += n;
      }
    }
    unit->close_vcd();
  }
  return result;
}

void write_rtl_mismatch_csv(std::ostream& out, const std::vector<RequantMismatch>& mismatches) {
  out << "shape,mode,phase,acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,activation,negative_multiplier,"
         "negative_shift,expected_q,expected_hi,expected_lo,rtl_q,rtl_hi,rtl_lo\n";
  const char* activation_names[] = {"none", "relu", "leaky_relu"};
  for (const auto& m : mismatches) {
    const quant::RequantParams& p = m.input.params;
    out << m.shape << ',' << quant::rounding_mode_name(m.mode) << ',' << m.phase << ',' << m.input.acc << ','
        << p.multiplier << ',' << p.shift << ',' << p.zero_point << ',' << p.qmin << ',' << p.qmax << ','
        << p.lo_bits << ',' << activation_names[static_cast<int>(p.activation)] << ',' << p.negative_multiplier
        << ',' << p.negative_shift << ',' << m.expected.q << ',' << m.expected.hi << ',' << m.expected.lo << ','
        << m.actual.q << ',' << m.actual.hi << ',' << m.actual.lo << '\n';
  }
}

}  // namespace npusim::sim
