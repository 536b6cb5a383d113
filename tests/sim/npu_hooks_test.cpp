// The functional-hook contract of sim/npu/functional_core.h, checked on a real run: layer
// brackets, every MAC block's k ranges in order from 0 to K, requantization after the block's
// last fold and through the unit the simulation was given, the write after it. And the RTL in
// the loop: the Verilated requantization unit gives the same timing as the C++ model with the
// RTL's lanes and latency (and different timing with other lanes).
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "sim/compiler/npu_program.h"
#include "sim/npu/simulate.h"
#include "tests/sim/npu_test_support.h"

namespace npusim::sim {
namespace {

using testing::gemm_layer;
using testing::small_npu;

class ContractCheckingCore final : public FunctionalCore {
 public:
  explicit ContractCheckingCore(const NpuProgram& program) : program_(program) {}
  bool carries_values() const override { return false; }
  void begin_layer(std::size_t layer) override {
    EXPECT_EQ(layer, next_layer_);
    EXPECT_FALSE(in_layer_);
    in_layer_ = true;
  }
  void end_layer(std::size_t layer) override {
    EXPECT_EQ(layer, next_layer_);
    in_layer_ = false;
    ++next_layer_;
    for (const auto& [key, state] : blocks_) EXPECT_EQ(state.stage, kWritten) << "block not written at layer end";
    blocks_.clear();
  }
  void mac_tile(const TileWork& w) override {
    EXPECT_TRUE(in_layer_);
    Block& b = blocks_[key(w)];
    EXPECT_EQ(b.stage, kAccumulating);
    EXPECT_EQ(w.mac.k.begin, b.next_k) << "k out of order";
    EXPECT_EQ(w.mac.first_k, w.mac.k.begin == 0);
    b.next_k = w.mac.k.end;
    const std::uint64_t K = program_.layers[w.layer].layer.gemm_k;
    if (w.mac.last_k) {
      EXPECT_EQ(w.mac.k.end, K);
      b.stage = kComplete;
    }
    ++mac_tiles;
  }
  void vector_tile(const TileWork& w) override {
    EXPECT_TRUE(in_layer_);
    blocks_[key(w)].stage = kComplete;
    ++vector_tiles;
  }
  void move_tile(const TileWork&) override {}
  void requant_tile(const TileWork& w, RequantizationUnit& unit) override {
    EXPECT_EQ(&unit, expected_unit);
    Block& b = blocks_[key(w)];
    EXPECT_EQ(b.stage, kComplete) << "requantized before its last fold";
    b.stage = kRequantized;
    ++requant_tiles;
  }
  void write_output(const TileWork& w) override {
    Block& b = blocks_[key(w)];
    const bool requantized = program_.layers[w.layer].layer.requant_elements > 0;
    EXPECT_EQ(b.stage, requantized ? kRequantized : kComplete);
    b.stage = kWritten;
    ++writes;
  }

  RequantizationUnit* expected_unit = nullptr;
  int mac_tiles = 0, vector_tiles = 0, requant_tiles = 0, writes = 0;

 private:
  enum Stage { kAccumulating, kComplete, kRequantized, kWritten };
  struct Block {
    Stage stage = kAccumulating;
    std::uint64_t next_k = 0;
  };
  using Key = std::tuple<std::uint32_t, std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t>;
  static Key key(const TileWork& w) {
    if (w.unit == ExecUnit::kMacArray) return {w.item, w.mac.gemm, w.mac.m.begin, w.mac.m.end, w.mac.n.begin, w.mac.n.end};
    return {w.item, 0, w.elements.begin, w.elements.end, 0, 0};
  }
  const NpuProgram& program_;
  std::size_t next_layer_ = 0;
  bool in_layer_ = false;
  std::map<Key, Block> blocks_;
};

std::vector<LayerWorkload> three_layers() {
  // ws on 4 x 4 with K = 24: 6 reduction folds per output block; then a residual add.
  std::vector<LayerWorkload> layers = {gemm_layer("a", 10, 6, 24), gemm_layer("b", 10, 6, 6, "a")};
  LayerWorkload add;
  add.name = "add";
  add.kind = LayerKind::kVector;
  add.vector_op = VectorOp::kAdd;
  add.vector_elements = 120;
  add.inputs = {{"a", 60}, {"b", 60}};
  add.output_bytes = 60;
  add.requant_elements = 60;
  add.network_output = true;
  layers.push_back(add);
  return layers;
}

TEST(NpuHooks, CallsFollowTheContract) {
  NpuConfig config = small_npu();
  config.mac_arrays[0].dataflow = Dataflow::kWeightStationary;
  config.sram.accumulators.size_kib = 0.0625;  // 64 bytes: 2 positions x 4 columns x 4 bytes per chunk
  config.sram.accumulators.banks = 1;
  CompileOptions options;
  options.batch = 2;
  const NpuProgram program = compile_program(three_layers(), config, options);
  ASSERT_EQ(program.layers[0].tiling->time_chunk, 2u);
  ContractCheckingCore core(program);
  auto unit = make_model_requantization_unit(8, 4);
  core.expected_unit = unit.get();
  simulate_program(program, core, *unit);
  // a: K 24 / 4 = 6 row folds x N 6 / 4 = 2 column folds x M 10 / 2 = 5 chunks; b: 2 x 2 x 5.
  EXPECT_EQ(core.mac_tiles, 2 * (6 * 2 * 5 + 2 * 2 * 5));
  EXPECT_EQ(core.requant_tiles, 2 * (2 * 5 + 2 * 5) + core.vector_tiles);
  EXPECT_EQ(core.writes, core.requant_tiles);
  EXPECT_GE(core.vector_tiles, 2);
}

SimulationReport run_with(RequantizationUnit& unit, const NpuConfig& config) {
  std::vector<LayerWorkload> layers = three_layers();
  LayerWorkload requant_only;  // a precision change: 1000 elements through the unit alone
  requant_only.name = "requant";
  requant_only.kind = LayerKind::kRequant;
  requant_only.requant_elements = 1000;
  requant_only.inputs = {{"", 4000}};
  requant_only.output_bytes = 1000;
  requant_only.accumulator_bits = 32;
  layers.insert(layers.begin(), requant_only);
  NullFunctionalCore timing_only;
  CompileOptions options;
  options.ideal_memory = true;
  return simulate_program(compile_program(layers, config, options), timing_only, unit);
}

TEST(NpuHooks, RtlInTheLoopTimesLikeTheModelWithTheRtlsLanesAndLatency) {
  const NpuConfig config = small_npu();
  auto rtl = make_rtl_requantization_unit();
  auto model = make_model_requantization_unit(8, 4);  // the RTL's INT8 configuration (docs/rtl.md)
  const SimulationReport with_rtl = run_with(*rtl, config);
  const SimulationReport with_model = run_with(*model, config);
  EXPECT_EQ(with_rtl.requant_unit, "rtl");
  ASSERT_EQ(with_rtl.layers.size(), with_model.layers.size());
  for (std::size_t i = 0; i < with_rtl.layers.size(); ++i) {
    EXPECT_EQ(with_rtl.layers[i].cycles, with_model.layers[i].cycles) << with_rtl.layers[i].name;
    EXPECT_EQ(with_rtl.layers[i].compute_cycles, with_model.layers[i].compute_cycles) << with_rtl.layers[i].name;
  }
  EXPECT_EQ(with_rtl.layers[0].compute_cycles, (1000u + 7u) / 8u + 4u);  // the requant-only layer, by hand
  auto wider = make_model_requantization_unit(16, 4);
  const SimulationReport with_wider = run_with(*wider, config);
  EXPECT_EQ(with_wider.layers[0].compute_cycles, (1000u + 15u) / 16u + 4u);
  EXPECT_LT(with_wider.total_cycles, with_rtl.total_cycles);
}

TEST(NpuHooks, TheCoresVerdictReachesTheReport) {
  class Verdict final : public FunctionalCore {
   public:
    bool carries_values() const override { return true; }
    void mac_tile(const TileWork&) override {}
    void vector_tile(const TileWork&) override {}
    void move_tile(const TileWork&) override {}
    void requant_tile(const TileWork&, RequantizationUnit&) override {}
    void write_output(const TileWork&) override {}
    std::optional<bool> matches_golden() const override { return false; }
    std::string first_difference() const override { return "layer 'a', element 3: 17 != 18"; }
  } core;
  auto unit = make_model_requantization_unit();
  const SimulationReport report = simulate_program(compile_program({gemm_layer("a", 8, 8, 8)}, small_npu(), {}), core, *unit);
  ASSERT_TRUE(report.matches_golden.has_value());
  EXPECT_FALSE(*report.matches_golden);
  EXPECT_EQ(report.first_difference, "layer 'a', element 3: 17 != 18");
}

TEST(NpuHooks, WidthsTheRtlCannotTakeAreErrorsNamingTheLayer) {
  std::vector<LayerWorkload> layers = {gemm_layer("wide_acc", 8, 8, 8)};
  layers[0].accumulator_bits = 64;
  const NpuProgram program = compile_program(layers, small_npu(), {});
  NullFunctionalCore timing_only;
  auto rtl = make_rtl_requantization_unit();
  try {
    simulate_program(program, timing_only, *rtl);
    FAIL() << "64-bit accumulators went through the 48-bit RTL";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("layer 'wide_acc': rtl requantization unit"), std::string::npos) << e.what();
  }
  auto model = make_model_requantization_unit();
  EXPECT_NO_THROW(simulate_program(program, timing_only, *model));  // the C++ model takes any width
}

}  // namespace
}  // namespace npusim::sim
