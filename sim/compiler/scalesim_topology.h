// SCALE-Sim v2 topology files -> layer workloads, so `npusim simulate` takes the files users
// of SCALE-Sim already have (github.com/scalesim-project/scale-sim-v2, topologies/).
//
// conv format (scalesim/topology_utils.py, load_arrays_conv): a header line, then
//   name, ifmap height, ifmap width, filter height, filter width, channels, num filter, stride[, stride width],
// gemm format (load_arrays_gemm): a header line, then
//   name, M, N, K,
// Output size is SCALE-Sim's: ceil((ifmap - filter + stride) / stride), no padding. A layer
// whose name contains "DP" is depthwise: SCALE-Sim runs it as `channels` single-channel layers
// ("<name>Channel_<c>"); with expand_depthwise the reader does the same, else it makes one
// grouped layer. Differences from SCALE-Sim's reader, on purpose: the trailing comma is
// optional (SCALE-Sim always drops the last field, so a row without one loses its stride),
// and a malformed row is an error naming file, line and field instead of a Python traceback.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/compiler/layer_workload.h"

namespace npusim::sim {

enum class ScaleSimTopologyFormat { kConv, kGemm };

struct ScaleSimLayer {
  std::string name;
  int ifmap_h = 0, ifmap_w = 0, filter_h = 0, filter_w = 0, channels = 0, num_filter = 0;
  int stride_h = 1, stride_w = 1;
  int line = 0;  // in the file, for messages
};

class ScaleSimTopologyError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::vector<ScaleSimLayer> read_scalesim_topology(const std::string& path, ScaleSimTopologyFormat format);
std::vector<ScaleSimLayer> parse_scalesim_topology(const std::string& text, const std::string& source_name,
                                                   ScaleSimTopologyFormat format);

struct ScaleSimWorkloadOptions {
  bool expand_depthwise = true;  // SCALE-Sim's per-channel layers (the compatible mode)
  // Each layer reads the previous layer's output when the channels match and its input is that
  // output, or that output plus a 'same' padding halo (a topology has no graph and SCALE-Sim's
  // output sizes ignore padding); false: every layer reads its input from DRAM, as SCALE-Sim does.
  bool chain_layers = false;
  bool requantize_outputs = false;  // every output element goes through the requantization unit
};

// Most layers one topology may expand to. Depthwise expansion makes `channels` layers of one
// row (up to 10^8 by the field limits); real networks stay far below (MobileNetV2: ~7000).
inline constexpr std::uint64_t kMaxScaleSimWorkloadLayers = 200000;

// INT8 (SCALE-Sim's 1-byte words), 32-bit accumulators; the last layer is the network output.
// Throws ScaleSimTopologyError naming the row's line when the expansion would pass
// kMaxScaleSimWorkloadLayers (checked before anything is built).
std::vector<LayerWorkload> scalesim_workloads(const std::vector<ScaleSimLayer>& layers,
                                              const ScaleSimWorkloadOptions& options);

}  // namespace npusim::sim
