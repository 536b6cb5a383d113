// The compiler's decisions, on small layers worked by hand: where tensors live, what the DMA
// moves, weights resident across a batch, which layers are errors.
#include <gtest/gtest.h>

#include "sim/compiler/layer_steps.h"
#include "sim/compiler/npu_program.h"
#include "tests/sim/npu_test_support.h"

namespace npusim::sim {
namespace {

using testing::gemm_layer;
using testing::small_npu;

std::uint64_t stream_bytes(const LayerPlan& plan, DmaKind kind) {
  std::uint64_t bytes = 0;
  for (const DmaStream& s : plan.dma) bytes += s.kind == kind ? s.bytes : 0;
  return bytes;
}

TEST(ByteShare, PartitionsExactly) {
  std::uint64_t total = 0;
  for (std::uint64_t i = 0; i < 7; ++i) total += byte_share(100, {i, i + 1}, 7);
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(byte_share(100, {0, 7}, 7), 100u);
  EXPECT_EQ(byte_share(10, {0, 1}, 3), 3u);  // floor(10/3)
  EXPECT_EQ(byte_share(10, {1, 2}, 3), 3u);  // floor(20/3) - 3
  EXPECT_EQ(byte_share(10, {2, 3}, 3), 4u);
}

TEST(Compiler, WeightsResidentAcrossTheBatchWhenTheyFit) {
  // 32 x 16 x 64: weights 1 KiB fit 64 KiB; input 2 KiB per item (whole), output 512 B.
  const auto layers = std::vector<LayerWorkload>{gemm_layer("fc", 32, 16, 64)};
  CompileOptions options;
  options.batch = 4;
  const NpuProgram program = compile_program(layers, small_npu(), options);
  const LayerPlan& plan = program.layers[0];
  EXPECT_TRUE(plan.weights_resident);
  EXPECT_EQ(stream_bytes(plan, DmaKind::kLoadWeights), 1024u);  // once for four items
  EXPECT_EQ(stream_bytes(plan, DmaKind::kLoadInput), 4u * 2048u);
  EXPECT_EQ(stream_bytes(plan, DmaKind::kStoreOutput), 4u * 512u);  // the network's output leaves
  EXPECT_EQ(plan.dram_read_bytes, 1024u + 4u * 2048u);
}

TEST(Compiler, WeightsReloadedPerItemWhenTheyDoNotFit) {
  NpuConfig config = small_npu();
  config.sram.weights.size_kib = 0.5;  // 512 bytes: the 1 KiB of weights cannot stay
  config.sram.weights.banks = 1;
  const auto layers = std::vector<LayerWorkload>{gemm_layer("fc", 32, 16, 64)};
  CompileOptions options;
  options.batch = 4;
  const NpuProgram program = compile_program(layers, config, options);
  const LayerPlan& plan = program.layers[0];
  EXPECT_FALSE(plan.weights_resident);
  // os: each of the 4 column folds loads its 64 x 4 block once per item (row folds reuse it).
  EXPECT_EQ(stream_bytes(plan, DmaKind::kLoadWeights), 4u * 1024u);
}

TEST(Compiler, SmallOutputsStayOnChipLargeOnesSpill) {
  // a (8 x 8 x 16) feeds b only: its 64-byte output stays on chip, b reads no DRAM for it.
  std::vector<LayerWorkload> layers = {gemm_layer("a", 8, 8, 16), gemm_layer("b", 8, 8, 8, "a")};
  layers[1].network_output = true;
  NpuProgram program = compile_program(layers, small_npu(), {});
  EXPECT_TRUE(program.layers[0].output_on_chip);
  EXPECT_EQ(stream_bytes(program.layers[0], DmaKind::kStoreOutput), 0u);
  EXPECT_EQ(program.layers[1].inputs[0].source, InputSource::kOnChip);
  EXPECT_EQ(stream_bytes(program.layers[1], DmaKind::kLoadInput), 0u);

  // The same chain with an activation SRAM of 96 bytes (half: 48 < 64): a spills, b reloads.
  NpuConfig tiny = small_npu();
  tiny.sram.activations.size_kib = 96.0 / 1024;
  tiny.sram.activations.banks = 1;
  program = compile_program(layers, tiny, {});
  EXPECT_FALSE(program.layers[0].output_on_chip);
  EXPECT_TRUE(program.layers[0].output_spilled);
  EXPECT_EQ(stream_bytes(program.layers[0], DmaKind::kStoreOutput), 64u);
  EXPECT_EQ(program.layers[1].inputs[0].source, InputSource::kDramStreamed);
  EXPECT_TRUE(program.layers[1].inputs[0].spilled);
  // Streamed: 2 row folds x 2 column folds, column folds outer, so each 32-byte half of the
  // input is loaded once per column fold: 4 x 32.
  EXPECT_EQ(stream_bytes(program.layers[1], DmaKind::kLoadInput), 128u);
}

TEST(Compiler, ALaterReaderForcesTheTensorThroughDram) {
  // c reads a's output as a fused residual: a's output is not for the next layer only.
  std::vector<LayerWorkload> layers = {gemm_layer("a", 8, 8, 16), gemm_layer("b", 8, 8, 8, "a"),
                                       gemm_layer("c", 8, 8, 8, "b")};
  layers[2].inputs.push_back({"a", 64});
  const NpuProgram program = compile_program(layers, small_npu(), {});
  EXPECT_FALSE(program.layers[0].output_on_chip);
  EXPECT_TRUE(program.layers[1].output_on_chip);
  EXPECT_EQ(program.layers[2].inputs[1].source, InputSource::kDramWhole);
  EXPECT_EQ(program.layers[2].dram_read_bytes, 64u + 64u);  // its weights and the residual
}

TEST(Compiler, LayersTheNpuCannotRunAreErrorsNamingThem) {
  std::vector<LayerWorkload> layers = {gemm_layer("wide", 8, 8, 8)};
  layers[0].precision = Precision::kInt16;
  try {
    compile_program(layers, small_npu(), {});
    FAIL() << "int16 on an int8-only array compiled";
  } catch (const CompileError& e) {
    EXPECT_NE(std::string(e.what()).find("layer 'wide'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("int16"), std::string::npos) << e.what();
  }
  LayerWorkload pool;
  pool.name = "pool";
  pool.kind = LayerKind::kVector;
  pool.vector_op = VectorOp::kMaxPool;  // small_npu() has a rate for add only
  pool.vector_elements = 64;
  pool.inputs = {{"", 64}};
  pool.output_bytes = 16;
  EXPECT_THROW(compile_program({pool}, small_npu(), {}), CompileError);
  std::vector<LayerWorkload> dual = {gemm_layer("dual", 8, 8, 8)};
  dual[0].dual_output = true;
  dual[0].lo_bits = 4;
  EXPECT_THROW(compile_program(dual, small_npu(), {}), CompileError);  // writer cannot split
  NpuConfig splitter = small_npu();
  splitter.output_writer.dual_output = true;
  EXPECT_NO_THROW(compile_program(dual, splitter, {}));
}

TEST(Compiler, BadLayerListsAreErrorsNamingTheLayer) {
  std::vector<LayerWorkload> layers = {gemm_layer("a", 8, 8, 8), gemm_layer("b", 8, 8, 8, "later")};
  try {
    compile_program(layers, small_npu(), {});
    FAIL();
  } catch (const LayerWorkloadError& e) {
    EXPECT_NE(std::string(e.what()).find("layer 1 'b': reads 'later'"), std::string::npos) << e.what();
  }
  layers[1] = gemm_layer("a", 8, 8, 8);
  EXPECT_THROW(compile_program(layers, small_npu(), {}), LayerWorkloadError);
  CompileOptions zero;
  zero.batch = 0;
  EXPECT_THROW(compile_program({gemm_layer("a", 8, 8, 8)}, small_npu(), zero), CompileError);
}

// A MatMul of two run-time tensors (attention's Q x K^T): no weights; the right-hand operand
// (inputs[1], 16 x 8) is read per item like an input. Batch 2: 2 x (128 + 128) bytes.
TEST(Compiler, MatMulOfTwoInputsReadsTheRightHandOperandPerItem) {
  LayerWorkload qk = gemm_layer("qk", 8, 8, 16);
  qk.weight_bytes = 0;
  qk.inputs = {{"", 128}, {"", 128}};
  CompileOptions options;
  options.batch = 2;
  const NpuProgram program = compile_program({qk}, small_npu(), options);
  const LayerPlan& plan = program.layers[0];
  EXPECT_FALSE(plan.weights_resident);
  EXPECT_EQ(stream_bytes(plan, DmaKind::kLoadWeights), 0u);
  EXPECT_EQ(stream_bytes(plan, DmaKind::kLoadInput), 2u * (128u + 128u));
  qk.inputs.pop_back();  // no weights and no second operand: nothing to multiply by
  EXPECT_THROW(compile_program({qk}, small_npu(), {}), LayerWorkloadError);
}

TEST(Compiler, AccumulatorSramSplitsTheStreamingAxis) {
  NpuConfig config = small_npu();
  config.mac_arrays[0].dataflow = Dataflow::kWeightStationary;
  config.sram.accumulators.size_kib = 0.25;  // 256 bytes, half 128: 128 / (4 columns x 4 bytes) = 8 positions
  config.sram.accumulators.banks = 1;
  const NpuProgram program = compile_program({gemm_layer("ws", 20, 4, 8)}, config, {});
  EXPECT_EQ(program.layers[0].tiling->time_chunk, 8u);
  EXPECT_EQ(program.layers[0].tiling->time_chunks, 3u);  // 20 positions: 8 + 8 + 4
  config.sram.accumulators.size_kib = 8.0 / 1024;  // cannot hold one row of 4 int32 partial sums
  config.sram.accumulators.bank_width_bytes = 8;
  EXPECT_THROW(compile_program({gemm_layer("ws", 20, 4, 8)}, config, {}), CompileError);
}

}  // namespace
}  // namespace npusim::sim
