// The functional core that carries a quantized network's real values through the NPU model
// (sim/npu/functional_core.h): the MAC array's tiles accumulate partial sums fold by fold
// from the operation's weights and its input's im2col (integer exactly; float in the fixed
// order of the golden's float accumulation), every requantization goes through the unit the
// simulation was started with (the C++ model or the Verilated RTL), vector and data-movement
// layers compute with the golden kernels, and the dual-output writer splits hi and lo. At the
// end of each layer the stored tensors are compared with an independent golden executor run:
// matches_golden() is true only when every tensor of every layer and item is bit-identical.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/golden/golden_executor.h"
#include "sim/npu/functional_core.h"

namespace npusim::sim {

// Deliberate faults, for tests that show the comparison is real.
struct FunctionalFaults {
  std::optional<quant::RoundingMode> requant_mode;  // drive the requantization unit with another rounding mode
  std::optional<std::uint64_t> drop_mac_tile;       // this MAC tile (counted over the run from 0) adds nothing
};

class GoldenFunctionalCore final : public FunctionalCore {
 public:
  // items: per batch item, the program's inputs on their grids (graph input order). Layer i of
  // the simulated program must be program.ops[i] (layers_from_program).
  GoldenFunctionalCore(const golden::GoldenProgram& program, std::vector<std::vector<golden::GoldenTensor>> items,
                       FunctionalFaults faults = {});
  ~GoldenFunctionalCore() override;

  bool carries_values() const override { return true; }
  void begin_layer(std::size_t layer) override;
  void mac_tile(const TileWork& work) override;
  void vector_tile(const TileWork& work) override;
  void move_tile(const TileWork& work) override;
  void requant_tile(const TileWork& work, RequantizationUnit& unit) override;
  void write_output(const TileWork& work) override;
  void end_layer(std::size_t layer) override;
  std::optional<bool> matches_golden() const override;
  std::string first_difference() const override;

  // The simulated model outputs of each item (after the run): as the golden executor returns them.
  std::vector<std::vector<golden::GoldenOutput>> outputs() const;

 private:
  struct LayerState;
  LayerState& state(std::size_t layer, std::uint32_t item);
  void compute_whole(std::size_t layer, std::uint32_t item);

  const golden::GoldenProgram& program_;
  FunctionalFaults faults_;
  std::vector<std::map<int, golden::GoldenTensor>> memory_;     // per item: tensors by slot
  std::vector<std::map<int, golden::GoldenTensor>> reference_;  // per item: the golden's tensors
  std::map<std::pair<std::size_t, std::uint32_t>, std::unique_ptr<LayerState>> states_;
  std::uint64_t mac_tiles_ = 0;
  std::size_t layers_done_ = 0;
  std::string first_difference_;
};

}  // namespace npusim::sim
