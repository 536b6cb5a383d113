// The functional hooks of the NPU model: how values flow through the units. Each compute
// module of the SystemC model (sim/npu) calls its hook once per tile, at the simulated time
// the tile starts on that unit; a FunctionalCore computes the values there. NullFunctionalCore
// carries none (timing-only runs). A real core (the golden integer executor behind this
// interface) makes the simulated outputs equal the golden's bit for bit.
//
// What a tile is (TileWork):
//   MAC layers: one fold of one array, MacTile (sim/compiler/mac_tiling.h): GEMM `gemm` of
//     batch item `item`, output positions [m.begin, m.end), output channels [n.begin, n.end),
//     reduction [k.begin, k.end). The GEMM view of a conv: M = output_h * output_w (row-major
//     positions), N = output channels of that group, K = kernel_h * kernel_w * (input_channels
//     / groups), K ordered (kernel_y, kernel_x, input_channel) - the core defines the same
//     order when it lays the reduction out; only its being fixed matters here.
//   Vector, requant and data-movement layers: a contiguous range [elements.begin,
//     elements.end) of the layer's elements (vector: input elements of the op; requant:
//     requantized elements; data movement: output bytes), in the layer's flat C order.
//
// Order of calls (what a core may rely on):
//   1. begin_layer(L) before any hook of layer L; end_layer(L) after the last; layers run one
//      after the other (every hook of L, for every batch item, precedes any hook of L + 1).
//   2. Within a layer, batch items are in order: all tiles of item b are issued before item
//      b + 1's, but units overlap, so hooks of consecutive tiles (and items) may interleave.
//   3. For one output block (item, gemm, m range, n range) of a MAC layer: its mac_tile calls
//      come in increasing k order, contiguous, starting at k = 0 (first_k) and ending at
//      k = K (last_k): accumulate each output element's products over k sequentially, across
//      calls, starting from zero (or the bias) at first_k, exactly as a hardware accumulator
//      that continues across folds does. Output-stationary arrays have one call (the whole K).
//   4. requant_tile(w, unit) for an output block (MAC: the last_k tile's block; other layers:
//      the same element range as the vector/requant tile) comes after every mac_tile of that
//      block and before its write_output. The core must requantize through `unit` (the model
//      or the Verilated RTL the simulation was started with), never by itself: that is how
//      the RTL gets into the loop.
//   5. write_output(w) stores the block (for a dual-output layer: split into hi and lo here,
//      quant::split_dual_output) after its requant_tile (or after its vector/move tile when
//      the layer is not requantized).
//   Hooks are called from SystemC threads but never concurrently (SystemC is cooperative).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sim/compiler/layer_steps.h"
#include "sim/requant/requantization_unit.h"

namespace npusim::sim {

struct TileWork {
  std::size_t layer = 0;   // index into NpuProgram::layers
  std::uint32_t item = 0;  // batch item
  ExecUnit unit = ExecUnit::kMacArray;
  int array = -1;          // MAC tiles: index into NpuConfig::mac_arrays
  MacTile mac;             // MAC tiles
  Range elements;          // other tiles
  std::uint64_t requant_elements = 0;  // elements of this block that go through the requant unit
};

class FunctionalCore {
 public:
  virtual ~FunctionalCore() = default;
  // False for timing-only cores: the report's matches_golden stays null.
  virtual bool carries_values() const = 0;
  virtual void begin_layer(std::size_t layer) { (void)layer; }
  virtual void mac_tile(const TileWork& work) = 0;
  virtual void vector_tile(const TileWork& work) = 0;
  virtual void move_tile(const TileWork& work) = 0;
  virtual void requant_tile(const TileWork& work, RequantizationUnit& unit) = 0;
  virtual void write_output(const TileWork& work) = 0;
  virtual void end_layer(std::size_t layer) { (void)layer; }
  // After the run: whether the simulated outputs equal the golden executor's (null: not
  // compared), and where they first differ ("layer 'x', element 123: 17 != 18"; "" when equal).
  // simulate_program copies both into the report.
  virtual std::optional<bool> matches_golden() const { return std::nullopt; }
  virtual std::string first_difference() const { return ""; }
};

// Timing only: every hook does nothing.
class NullFunctionalCore final : public FunctionalCore {
 public:
  bool carries_values() const override { return false; }
  void mac_tile(const TileWork&) override {}
  void vector_tile(const TileWork&) override {}
  void move_tile(const TileWork&) override {}
  void requant_tile(const TileWork&, RequantizationUnit&) override {}
  void write_output(const TileWork&) override {}
};

}  // namespace npusim::sim
