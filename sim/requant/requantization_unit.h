// The requantization unit: what turns accumulators into stored outputs,
//   w = clamp(R(acc * M / 2^s) + zero_point, qmin, qmax)   (docs/numerics.md)
// as one interface with interchangeable implementations: the C++ model (quant::requantize, the
// golden) and the Verilated RTL (rtl/requant.v through its C++ harness). `npusim requant` runs
// a vector CSV through one; the NPU model (sim/npu) hands one to its functional core for every
// requantization tile, so a simulation can put the RTL in the loop (`--requant rtl`).
//
// Timing: a unit takes `lanes` elements per cycle into a pipeline `latency_cycles` deep, so a
// burst of n elements occupies it for ceil(n / lanes) + latency_cycles cycles (0 when n = 0).
// That is exactly what the RTL harness measures on rtl/requant.v (tests/rtl check it).
//
// Adding an implementation: derive from RequantizationUnit and return it from a factory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "quant/requant/requant.h"
#include "quant/requant/requant_case.h"

namespace npusim::sim {

// A case the unit cannot evaluate (e.g. wider than its datapath). case_index counts from 0
// within the batch; `npusim requant` turns it into a file line number.
class RequantCaseError : public std::runtime_error {
 public:
  RequantCaseError(std::size_t case_index, const std::string& message)
      : std::runtime_error(message), case_index_(case_index) {}
  std::size_t case_index() const { return case_index_; }

 private:
  std::size_t case_index_;
};

struct RequantUnitTiming {
  int lanes = 1;           // elements accepted per cycle
  int latency_cycles = 0;  // register stages between an accepted element and its result
  // Cycles the unit is busy with one burst of `elements`: ceil(elements / lanes) + latency.
  std::uint64_t cycles_for(std::uint64_t elements) const {
    if (elements == 0) return 0;
    return (elements + static_cast<std::uint64_t>(lanes) - 1) / static_cast<std::uint64_t>(lanes) +
           static_cast<std::uint64_t>(latency_cycles);
  }
};

class RequantizationUnit {
 public:
  virtual ~RequantizationUnit() = default;
  // Short name for messages and reports: "model", "rtl".
  virtual std::string name() const = 0;
  // The unit's lanes and latency for accumulators of accumulator_bits and outputs of
  // output_bits (an RTL unit picks its datapath width by them; the model has one setting).
  virtual RequantUnitTiming timing(int accumulator_bits, int output_bits) const = 0;
  // Writes wide[i] = clamp(R(acc * M / 2^s) + zero_point, qmin, qmax) (fused activation
  // included) for cases[i], i < count: the result BEFORE the dual-output split (the caller
  // splits with quant::split_dual_output: the NPU's dual-output writer, the CSV command).
  // Every case has already passed quant::validate_requant_params(params, mode) and
  // quant::check_requant_accumulator(acc, params, mode). Throws RequantCaseError for a case it
  // cannot evaluate, std::runtime_error for anything else.
  virtual void requantize(quant::RoundingMode mode, const quant::RequantCase* cases, std::size_t count,
                          std::int32_t* wide) = 0;
  // Cycles the last requantize() call kept the unit busy: the model's formula, or the
  // clock edges the RTL simulation actually took.
  virtual std::uint64_t last_batch_cycles() const = 0;
  // Cycles for `count` elements of these widths when no values are at hand (timing-only
  // simulations): the model returns its formula; the RTL unit clocks `count` zero
  // accumulators through the configuration the widths select and counts the edges, so
  // timing still comes from the RTL (and a VCD, when one is open, shows the traffic).
  virtual std::uint64_t time_without_values(int accumulator_bits, int output_bits, std::uint64_t count) = 0;
};

// The default lanes and latency of the model: the RTL unit's INT8 configuration
// (rtl/requant_unit.h: a32o8x8, 8 lanes, RequantUnit::kLatencyCycles = 4).
inline constexpr int kDefaultRequantLanes = 8;
inline constexpr int kDefaultRequantLatencyCycles = 4;

// The C++ model: quant::requantize per case (the golden, the oracle every other unit must
// equal). Timing is the given lanes and latency whatever the widths.
std::unique_ptr<RequantizationUnit> make_model_requantization_unit(int lanes = kDefaultRequantLanes,
                                                                   int latency_cycles = kDefaultRequantLatencyCycles);

// The Verilated RTL unit (sim/rtl/rtl_requantization_unit.cpp): each batch runs on the INT8
// configuration (a32o8x8) when every case fits it, else on the INT16 one (a48o16x4). A case
// that fits neither is a RequantCaseError naming the field. Defined in npusim_sim_rtl.
// vcd_path non-empty: the INT8 configuration's waveform goes there, the INT16 one's to the
// same name with ".int16" before the extension (docs/rtl.md).
std::unique_ptr<RequantizationUnit> make_rtl_requantization_unit(const std::string& vcd_path = "");

}  // namespace npusim::sim
