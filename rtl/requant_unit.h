// C++ harness around the Verilated requantization unit (rtl/requant.v): a batch of elements
// in, their results out, in order. The pipeline timing (beats of LANES elements, the
// four-cycle latency, stalls) stays inside; callers see a function from inputs to outputs.
//
// rtl/ stands alone (no quant/ types): the lane fields mirror the Verilog ports, and sim/
// maps quant::RequantParams onto them (sim/rtl/requant_rtl_bridge.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace npusim::rtl {

// The i_mode encoding of rtl/requant.v.
enum class RtlRounding : std::uint8_t {
  kHalfUp = 0,
  kHalfAway = 1,
  kHalfEven = 2,
  kFloor = 3,
  kTruncate = 4,
  kTfliteDouble = 5,
};

// The i_activation encoding of rtl/requant.v.
enum class RtlActivation : std::uint8_t { kNone = 0, kRelu = 1, kLeakyRelu = 2 };

// One element: the accumulator and its lane's parameters (the unit's per-lane ports).
struct RequantLaneInput {
  std::int64_t acc = 0;                  // fits ACC_W bits signed
  std::uint32_t multiplier = 0;          // 0 .. 2^31 - 1
  std::uint32_t shift = 0;               // 0 .. 63
  std::int32_t zero_point = 0;           // -2^OUT_W .. 2^OUT_W - 1 (OUT_W + 1 bits)
  std::int32_t qmin = -128;              // same range
  std::int32_t qmax = 127;               // same range
  std::uint32_t lo_bits = 0;             // 0 (single output) .. OUT_W
  RtlRounding rounding = RtlRounding::kHalfUp;
  RtlActivation activation = RtlActivation::kNone;
  std::uint32_t negative_multiplier = 0;  // LeakyReLU only, 0 .. 2^31 - 1
  std::uint32_t negative_shift = 0;       // LeakyReLU only, 0 .. 63
};

struct RequantLaneOutput {
  std::int32_t q = 0;   // w = clamp(y + zp, lower, qmax)
  std::int32_t hi = 0;  // w >> lo_bits (w itself when lo_bits == 0)
  std::int32_t lo = 0;  // w & (2^lo_bits - 1) (0 when lo_bits == 0)
};

// A Verilated width configuration of the unit (the Verilog parameters it was built with).
struct RequantUnitShape {
  std::string name;  // e.g. "a32o8x8": ACC_W 32, OUT_W 8, LANES 8
  int acc_bits;      // ACC_W
  int out_bits;      // OUT_W
  int lanes;         // LANES
};

// The --cc configurations built into npusim_rtl (see rtl/CMakeLists.txt).
const std::vector<RequantUnitShape>& requant_unit_shapes();
// Throws std::invalid_argument listing the known names when `name` is not one of them.
const RequantUnitShape& find_requant_unit_shape(const std::string& name);

// Throws std::invalid_argument naming the field when `input` does not fit the unit's ports.
// (tflite_double's int32 preconditions are not checked here: they belong to the caller.)
void check_lane_input(const RequantUnitShape& shape, const RequantLaneInput& input);

// Random handshake disturbances, for testbenches: with the given probabilities a cycle
// presents no input (a valid gap) or the consumer is not ready (a stall). Results must not
// change; only the cycle count does.
struct StallPattern {
  double input_gap_probability = 0.0;
  double output_stall_probability = 0.0;
  std::uint64_t seed = 1;
};

class RequantUnit {
 public:
  // Register stages between an accepted beat and its results (rtl/requant.v, LATENCY).
  static constexpr int kLatencyCycles = 4;

  virtual ~RequantUnit() = default;
  virtual const RequantUnitShape& shape() const = 0;

  // Runs `count` elements through the unit, LANES per beat, and writes their results to
  // `outputs` in the same order. Checks every input first (std::invalid_argument naming
  // the element index and field); the pipeline is empty before and after.
  virtual void run(const RequantLaneInput* inputs, std::size_t count, RequantLaneOutput* outputs) = 0;
  void run(const std::vector<RequantLaneInput>& inputs, std::vector<RequantLaneOutput>* outputs) {
    outputs->resize(inputs.size());
    run(inputs.data(), inputs.size(), outputs->data());
  }

  virtual void set_stalls(const StallPattern& pattern) = 0;
  // Writes every following cycle to a VCD file until close_vcd() or destruction.
  virtual void open_vcd(const std::string& path) = 0;
  virtual void close_vcd() = 0;

  // Clock cycles simulated since construction.
  virtual std::uint64_t cycles() const = 0;
  // Presents one beat to the empty pipeline and counts rising edges until o_valid: the
  // latency as the RTL actually has it (kLatencyCycles when the Verilog agrees).
  virtual int measure_latency() = 0;
};

// Throws std::invalid_argument for an unknown shape name.
std::unique_ptr<RequantUnit> make_requant_unit(const std::string& shape_name);

}  // namespace npusim::rtl
