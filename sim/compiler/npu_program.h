// The NPU program: what the compiler decided for every layer (which unit, how it is tiled,
// where each tensor lives, which DMA transfers it needs) for one NPU configuration and batch.
// Tiles are not stored: LayerSteps (layer_steps.h) produces them in execution order from the
// plan, so a large network costs memory per layer, not per tile. `npusim compile --out
// program.json` writes it readably (program_json.h).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/compiler/layer_workload.h"
#include "sim/compiler/mac_tiling.h"
#include "sim/config/npu_config.h"

namespace npusim::sim {

// The unit a layer runs on.
enum class ExecUnit { kMacArray, kVectorUnit, kRequantUnit, kDataMovement };
std::string_view exec_unit_name(ExecUnit unit);  // "mac_array", "vector_unit", "requant", "data_movement"

// Where a layer finds one of its input tensors.
enum class InputSource {
  kOnChip,        // the previous layer left it in the activation SRAM
  kDramWhole,     // loaded from DRAM once per batch item (it fits half the activation SRAM)
  kDramStreamed,  // loaded from DRAM block by block with the tiles that need it (it does not fit)
};
std::string_view input_source_name(InputSource source);  // "on_chip", "dram_whole", "dram_streamed"

enum class DmaKind { kLoadWeights, kLoadInput, kStoreOutput };
std::string_view dma_kind_name(DmaKind kind);  // "load_weights", "load_input", "store_output"

struct LayerInputPlan {
  std::string producer;  // "" = a network input
  std::uint64_t bytes = 0;
  InputSource source = InputSource::kDramWhole;
  bool spilled = false;  // an intermediate that went through DRAM
};

// One line of the readable DMA plan: a stream of transfers of one kind.
struct DmaStream {
  DmaKind kind = DmaKind::kLoadInput;
  std::string tensor;           // what moves ("weights", an input's producer, "output")
  std::uint64_t transfers = 0;  // over the whole batch
  std::uint64_t bytes = 0;      // over the whole batch
  bool spill = false;           // an intermediate tensor through DRAM
  std::string when;             // "once for the batch", "once per item", "per tile"
};

struct LayerPlan {
  LayerWorkload layer;
  ExecUnit unit = ExecUnit::kMacArray;

  // MAC layers: the arrays its tiles are spread over (round robin, identical arrays), the
  // tiling of one of them and the rate of the layer's precision.
  std::vector<int> arrays;
  std::optional<MacTiling> tiling;
  double macs_per_pe_per_cycle = 0;
  bool weights_resident = false;  // whole weights in the weight SRAM: loaded once for the batch
  // Resident weights loaded while the previous layer runs (both layers' weights fit the weight
  // SRAM together): the layer's first fold waits only for what is still in flight.
  bool weights_prefetched = false;

  // Vector, requant and data-movement layers: output elements per tile, tiles per item.
  std::uint64_t elements_per_tile = 0;
  std::uint64_t element_count = 0;  // per item: vector_elements, requant_elements or output bytes
  std::uint64_t tiles_per_item = 0;

  std::vector<LayerInputPlan> inputs;
  bool output_on_chip = false;  // kept in the activation SRAM for the next layer
  bool output_spilled = false;  // an intermediate written to DRAM (too big, or read later)

  // Peak SRAM bytes the layer uses in each buffer (after double buffering).
  std::uint64_t sram_weights_bytes = 0, sram_activations_bytes = 0, sram_accumulators_bytes = 0;

  std::vector<DmaStream> dma;         // the DMA plan, summarised
  std::uint64_t dram_read_bytes = 0;  // over the whole batch (= sum of the load streams)
  std::uint64_t dram_write_bytes = 0;
};

struct CompileOptions {
  int batch = 1;
  // SCALE-Sim interop: the MAC array is the only unit that takes time (no requantization,
  // no SRAM bandwidth limit, no accumulator split, every layer reads DRAM), as in its model.
  bool scalesim_compatible = false;
  // DRAM transfers take no time (bytes are still counted): SCALE-Sim's CALC mode, where it
  // sizes the interface bandwidth so that nothing ever stalls.
  bool ideal_memory = false;
};

struct NpuProgram {
  NpuConfig config;
  CompileOptions options;
  std::vector<LayerPlan> layers;
};

// A layer the NPU cannot run (a precision no array supports, a vector op with no rate, dual
// output without the writer for it, a fold that cannot fit its buffers): names the layer.
class CompileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

NpuProgram compile_program(const std::vector<LayerWorkload>& layers, const NpuConfig& config,
                           const CompileOptions& options);

}  // namespace npusim::sim
