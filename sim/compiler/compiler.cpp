// Layer list + NPU configuration -> NPU program: unit per layer, MAC-array choice and tiling,
// where each tensor lives (on chip, whole in DRAM, streamed), the DMA plan. docs/npu-model.md
// explains each rule; the numbers it decides are checked by tests/sim/compiler_test.cpp.
#include <algorithm>
#include <map>
#include <set>

#include "sim/compiler/fold_timing.h"
#include "sim/compiler/layer_steps.h"
#include "sim/compiler/npu_program.h"

namespace npusim::sim {
namespace {

[[noreturn]] void fail(const LayerWorkload& layer, const std::string& problem) {
  throw CompileError("layer '" + layer.name + "': " + problem);
}

bool same_array(const MacArrayConfig& a, const MacArrayConfig& b, Precision p) {
  return a.pe_rows == b.pe_rows && a.pe_cols == b.pe_cols && a.dataflow == b.dataflow &&
         a.macs_per_pe_per_cycle[p] == b.macs_per_pe_per_cycle[p];
}

// Sum of fold cycles for one item on one array (ignoring SRAM limits): how the compiler ranks arrays.
std::uint64_t estimate_cycles(const MacTiling& tiling, double rate) {
  std::uint64_t cycles = 0;
  for (std::uint64_t i = 0; i < tiling.tiles_per_item(); ++i) {
    const MacTile tile = mac_tile_at(tiling, i);
    cycles += fold_cycles(tiling.dataflow, tiling.pe_rows, tiling.pe_cols, streaming_cycles(tile.time_steps, rate));
  }
  return cycles;
}

void plan_mac_layer(LayerPlan& plan, const NpuConfig& config, const CompileOptions& options) {
  const LayerWorkload& layer = plan.layer;
  const Precision p = layer.precision;
  // Every array that runs the precision is a candidate; the fastest wins, and the layer's tiles
  // are spread over all arrays identical to it.
  int best = -1;
  std::uint64_t best_cycles = 0;
  for (std::size_t a = 0; a < config.mac_arrays.size(); ++a) {
    const MacArrayConfig& array = config.mac_arrays[a];
    const double rate = array.macs_per_pe_per_cycle[p];
    if (rate <= 0) continue;
    const std::uint64_t cycles = estimate_cycles(make_mac_tiling(layer, array, 0), rate);
    if (best < 0 || cycles < best_cycles) {
      best = static_cast<int>(a);
      best_cycles = cycles;
    }
  }
  if (best < 0) {
    std::string rates;
    for (const MacArrayConfig& array : config.mac_arrays) {
      rates += (rates.empty() ? "" : ", ") + array.name + " " + std::to_string(array.macs_per_pe_per_cycle[p]);
    }
    fail(layer, "precision " + std::string(precision_name(p)) +
                    " is not supported by any MAC array (macs_per_pe_per_cycle: " + rates + ")");
  }
  const MacArrayConfig& chosen = config.mac_arrays[static_cast<std::size_t>(best)];
  for (std::size_t a = 0; a < config.mac_arrays.size(); ++a) {
    if (same_array(config.mac_arrays[a], chosen, p)) plan.arrays.push_back(static_cast<int>(a));
  }
  plan.macs_per_pe_per_cycle = chosen.macs_per_pe_per_cycle[p];

  // Partial sums of ws/is folds live in the accumulator SRAM, double-buffered: split the
  // streaming axis until time_chunk x C accumulators fit half of it.
  const std::uint64_t acc_bytes = static_cast<std::uint64_t>((layer.accumulator_bits + 7) / 8);
  std::uint64_t max_chunk = 0;
  if (!options.scalesim_compatible && chosen.dataflow != Dataflow::kOutputStationary) {
    max_chunk = config.sram.accumulators.size_bytes() / 2 / (static_cast<std::uint64_t>(chosen.pe_cols) * acc_bytes);
    if (max_chunk == 0) fail(layer, "the accumulator SRAM cannot hold one row of partial sums for array " + chosen.name);
  }
  plan.tiling = make_mac_tiling(layer, chosen, max_chunk);
  const MacTiling& tiling = *plan.tiling;

  plan.weights_resident = !layer.rhs_is_input() && layer.weight_bytes <= config.sram.weights.size_bytes();
  const std::uint64_t rows = static_cast<std::uint64_t>(chosen.pe_rows), cols = static_cast<std::uint64_t>(chosen.pe_cols);
  const double w_bytes = layer.weight_bits / 8.0;
  // The largest weight block one fold needs (os: all of K for C channels; ws/is: R x C). A
  // streamed block passes through the buffer as the fold consumes it, so a block larger than
  // the buffer only caps the allocation; it is not an error.
  const std::uint64_t k_block = tiling.dataflow == Dataflow::kOutputStationary ? layer.gemm_k : std::min(rows, layer.gemm_k);
  const std::uint64_t n_block = tiling.dataflow == Dataflow::kInputStationary ? std::min(tiling.time_chunk, layer.gemm_n)
                                                                              : std::min(cols, layer.gemm_n);
  const auto weight_block = static_cast<std::uint64_t>(static_cast<double>(k_block * n_block) * w_bytes + 0.999);
  plan.sram_weights_bytes = plan.weights_resident ? layer.weight_bytes
                                                  : std::min(2 * weight_block, config.sram.weights.size_bytes());
  if (tiling.dataflow != Dataflow::kOutputStationary) {
    plan.sram_accumulators_bytes = 2 * tiling.time_chunk * cols * acc_bytes;
  }
}

void plan_element_layer(LayerPlan& plan, const NpuConfig& config) {
  const LayerWorkload& layer = plan.layer;
  switch (layer.kind) {
    case LayerKind::kVector: {
      plan.unit = ExecUnit::kVectorUnit;
      if (!(config.vector_unit.rate(*layer.vector_op) > 0)) {
        fail(layer, "the vector unit has no rate for " + std::string(vector_op_name(*layer.vector_op)) +
                        " (vector_unit.elements_per_cycle." + std::string(vector_op_name(*layer.vector_op)) + ")");
      }
      plan.element_count = layer.vector_elements;
      break;
    }
    case LayerKind::kRequant:
      plan.unit = ExecUnit::kRequantUnit;
      plan.element_count = layer.requant_elements;
      break;
    default:
      plan.unit = ExecUnit::kDataMovement;
      plan.element_count = layer.output_bytes;
      break;
  }
  // A tile's inputs and outputs, double-buffered, take at most half the activation SRAM.
  std::uint64_t bytes = layer.output_bytes;
  for (const TensorRead& read : layer.inputs) bytes += read.bytes;
  const double bytes_per_element = static_cast<double>(bytes) / static_cast<double>(plan.element_count);
  const double budget = static_cast<double>(config.sram.activations.size_bytes()) / 4.0;
  plan.elements_per_tile = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(budget / bytes_per_element));
  plan.elements_per_tile = std::min(plan.elements_per_tile, plan.element_count);
  plan.tiles_per_item = (plan.element_count + plan.elements_per_tile - 1) / plan.elements_per_tile;
  plan.sram_activations_bytes = static_cast<std::uint64_t>(2.0 * bytes_per_element * static_cast<double>(plan.elements_per_tile));
}

// Runs the layer's steps for item 0 (and item 1, which every later item repeats) to total the
// DMA plan, so the program and the simulation count the same transfers.
void summarise_dma(NpuProgram& program, std::size_t index) {
  LayerPlan& plan = program.layers[index];
  const int batch = program.options.batch;
  std::map<std::pair<int, int>, DmaStream> streams;  // (kind, input) -> stream
  auto add = [&](DmaKind kind, int input, std::uint64_t bytes, std::uint64_t times, bool spill) {
    DmaStream& s = streams[{static_cast<int>(kind), input}];
    s.kind = kind;
    s.spill = s.spill || spill;
    s.transfers += times;
    s.bytes += bytes * times;
  };
  for (int item = 0; item < std::min(batch, 2); ++item) {
    const std::uint64_t times = item == 0 ? 1 : static_cast<std::uint64_t>(batch - 1);
    LayerSteps steps(program, index, static_cast<std::uint32_t>(item));
    for (std::uint64_t i = 0; i < steps.count(); ++i) {
      const Step step = steps.at(i);
      for (const Transfer& t : step.loads) add(t.kind, t.input, t.bytes, times, t.spill);
      if (step.store_bytes > 0) add(DmaKind::kStoreOutput, -1, step.store_bytes, times, step.store_spill);
    }
  }
  const std::uint64_t tiles = plan.unit == ExecUnit::kMacArray ? plan.tiling->tiles_per_item() : plan.tiles_per_item;
  for (auto& [key, stream] : streams) {
    if (stream.kind == DmaKind::kLoadWeights) {
      stream.tensor = "weights";
      stream.when = plan.weights_prefetched  ? "once for the batch (resident), prefetched during the previous layer"
                    : plan.weights_resident ? "once for the batch (resident)"
                                            : "per weight block, every item";
    } else if (stream.kind == DmaKind::kStoreOutput) {
      stream.tensor = "output";
      stream.when = tiles == 1 ? "once per item" : "per completed output block";
    } else {
      const LayerInputPlan& input = plan.inputs[static_cast<std::size_t>(key.second)];
      stream.tensor = input.producer.empty() ? "network input" : input.producer;
      stream.when = input.source == InputSource::kDramWhole ? "once per item" : "per block, with the tiles that need it";
    }
    if (stream.kind == DmaKind::kStoreOutput) plan.dram_write_bytes += stream.bytes;
    else plan.dram_read_bytes += stream.bytes;
    plan.dma.push_back(stream);
  }
}

}  // namespace

NpuProgram compile_program(const std::vector<LayerWorkload>& layers, const NpuConfig& config,
                           const CompileOptions& options) {
  validate_layers(layers);
  validate_npu_config(config, "NPU configuration '" + config.name + "'");
  if (options.batch < 1) throw CompileError("batch must be at least 1, got " + std::to_string(options.batch));
  NpuProgram program;
  program.config = config;
  program.options = options;
  const std::uint64_t batch = static_cast<std::uint64_t>(options.batch);
  const std::uint64_t activation_half = config.sram.activations.size_bytes() / 2;

  std::map<std::string, std::size_t> index_of;
  std::map<std::string, std::set<std::size_t>> consumers;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    index_of[layers[i].name] = i;
    for (const TensorRead& read : layers[i].inputs) {
      if (!read.producer.empty()) consumers[read.producer].insert(i);
    }
  }

  for (std::size_t i = 0; i < layers.size(); ++i) {
    LayerPlan plan;
    plan.layer = layers[i];
    const LayerWorkload& layer = plan.layer;
    if (layer.dual_output && !config.output_writer.dual_output) {
      fail(layer, "dual output, but the NPU's output writer cannot split (output_writer.dual_output is false)");
    }
    // An output stays on chip only for the very next layer, when it is that layer's only reader
    // and the whole batch of it fits half the activation SRAM; otherwise it goes to DRAM.
    const std::set<std::size_t>& readers = consumers[layer.name];
    const bool only_next = !readers.empty() && *readers.begin() == i + 1 && readers.size() == 1;
    plan.output_on_chip = !options.scalesim_compatible && !layer.network_output && only_next &&
                          batch * layer.output_bytes <= activation_half;
    plan.output_spilled = !plan.output_on_chip && !layer.network_output && !readers.empty();

    for (const TensorRead& read : layer.inputs) {
      LayerInputPlan input;
      input.producer = read.producer;
      input.bytes = read.bytes;
      const bool from_previous_on_chip = !read.producer.empty() && program.layers[index_of[read.producer]].output_on_chip;
      if (from_previous_on_chip) {
        input.source = InputSource::kOnChip;
      } else {
        input.source = read.bytes <= activation_half ? InputSource::kDramWhole : InputSource::kDramStreamed;
        input.spilled = !read.producer.empty();
      }
      plan.inputs.push_back(input);
    }

    if (layer.is_mac()) {
      plan.unit = ExecUnit::kMacArray;
      plan_mac_layer(plan, config, options);
      // Prefetch this layer's resident weights during the previous layer when both sets fit
      // the weight SRAM together (what a double-buffered weight memory does across layers).
      const LayerPlan* previous = program.layers.empty() ? nullptr : &program.layers.back();
      const std::uint64_t previous_weights = previous && previous->weights_resident ? previous->layer.weight_bytes : 0;
      plan.weights_prefetched = !options.scalesim_compatible && previous != nullptr && plan.weights_resident &&
                                (previous->unit != ExecUnit::kMacArray || previous->weights_resident) &&
                                previous_weights + layer.weight_bytes <= config.sram.weights.size_bytes();
    } else {
      plan_element_layer(plan, config);
    }
    for (const LayerInputPlan& input : plan.inputs) {
      if (input.source != InputSource::kDramStreamed) plan.sram_activations_bytes += input.bytes;
    }
    if (plan.output_on_chip) plan.sram_activations_bytes += batch * layer.output_bytes;
    program.layers.push_back(std::move(plan));
    summarise_dma(program, i);
  }
  return program;
}

std::string_view exec_unit_name(ExecUnit unit) {
  switch (unit) {
    case ExecUnit::kMacArray: return "mac_array";
    case ExecUnit::kVectorUnit: return "vector_unit";
    case ExecUnit::kRequantUnit: return "requant";
    case ExecUnit::kDataMovement: return "data_movement";
  }
  return "?";
}

std::string_view input_source_name(InputSource source) {
  switch (source) {
    case InputSource::kOnChip: return "on_chip";
    case InputSource::kDramWhole: return "dram_whole";
    case InputSource::kDramStreamed: return "dram_streamed";
  }
  return "?";
}

std::string_view dma_kind_name(DmaKind kind) {
  switch (kind) {
    case DmaKind::kLoadWeights: return "load_weights";
    case DmaKind::kLoadInput: return "load_input";
    case DmaKind::kStoreOutput: return "store_output";
  }
  return "?";
}

}  // namespace npusim::sim
