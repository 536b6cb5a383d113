// What `npusim compile` and `npusim simulate` share: where the layers come from (a SCALE-Sim
// topology, a layer-list JSON, or an ONNX model with its QuantPlan), which NPU (a
// configuration file or preset name, or a SCALE-Sim .cfg for the compatible mode), and the batch.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "models/golden/program.h"
#include "sim/compiler/npu_program.h"
#include "sim/compiler/scalesim_config.h"

namespace npusim::cli {

// --model: a quantized network (its plan given, or calibrated with the shared calibration
// options), lowered for the golden executor, and the batch's input images on its grid.
struct ModelSource {
  std::string model_path;
  quant::QuantPlan plan;
  std::unique_ptr<golden::GoldenProgram> program;
  std::vector<std::vector<golden::GoldenTensor>> items;  // one per batch item
};

struct NpuInputs {
  std::vector<sim::LayerWorkload> layers;
  sim::NpuConfig config;
  sim::CompileOptions compile;
  std::optional<sim::ScaleSimConfig> scalesim;  // set in the SCALE-Sim compatible mode
  std::string source;                           // the layer source, for messages
  std::shared_ptr<ModelSource> model;           // set with --model
};

void add_npu_input_options(boost::program_options::options_description& options);
// Throws UsageError for a bad combination; loader errors (file, line, field) pass through.
NpuInputs npu_inputs_from_options(const boost::program_options::variables_map& values);

// A --npu value: a path, or the name of a preset in sim/configs ("edge_tpu_like").
std::string resolve_npu_config_path(const std::string& value);

}  // namespace npusim::cli
