#include "sim/cli/npu_inputs.h"

#include <filesystem>

#include "sim/cli/cli_common.h"
#include "sim/compiler/layer_list_json.h"
#include "sim/compiler/scalesim_topology.h"

namespace po = boost::program_options;

namespace npusim::cli {

void add_npu_input_options(po::options_description& options) {
  options.add_options()
      ("topology", po::value<std::string>(), "SCALE-Sim topology CSV (layers)")
      ("topology-format", po::value<std::string>()->default_value("conv"), "conv or gemm (SCALE-Sim's -i)")
      ("layers", po::value<std::string>(), "layer list JSON (schema npusim.layers/1; docs/npu-model.md)")
      ("npu", po::value<std::string>(), "NPU configuration: a JSON file or a preset name in sim/configs "
                                        "(edge_tpu_like, nvdla_small_like, nvdla_full_like, hailo8_like)")
      ("scalesim-config", po::value<std::string>(),
       "SCALE-Sim .cfg: its NPU and its fold model, for comparing with SCALE-Sim (instead of --npu)")
      ("batch", po::value<int>()->default_value(1), "batch size (1..4096)");
}

std::string resolve_npu_config_path(const std::string& value) {
  if (value.find('/') != std::string::npos || (value.size() > 5 && value.substr(value.size() - 5) == ".json")) return value;
  const std::string preset = std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/" + value + ".json";
  if (!std::filesystem::exists(preset)) {
    throw UsageError("--npu: '" + value + "' is neither a file path nor a preset in " + NPUSIM_SOURCE_DIR + "/sim/configs");
  }
  return preset;
}

NpuInputs npu_inputs_from_options(const po::variables_map& values) {
  NpuInputs inputs;
  const int batch = values["batch"].as<int>();
  if (batch < 1 || batch > 4096) throw UsageError("--batch must lie in 1..4096, got " + std::to_string(batch));
  inputs.compile.batch = batch;
  const bool has_topology = values.count("topology") > 0, has_layers = values.count("layers") > 0;
  if (has_topology == has_layers) throw UsageError("give exactly one layer source: --topology or --layers");
  const bool has_npu = values.count("npu") > 0, has_scalesim = values.count("scalesim-config") > 0;
  if (has_npu == has_scalesim) throw UsageError("give exactly one NPU: --npu or --scalesim-config");
  if (has_scalesim && !has_topology) throw UsageError("--scalesim-config compares with SCALE-Sim: it needs --topology");

  if (has_scalesim) {
    const std::string path = values["scalesim-config"].as<std::string>();
    inputs.scalesim = sim::read_scalesim_config(path);
    inputs.config = sim::scalesim_npu_config(*inputs.scalesim, path);
    inputs.compile.scalesim_compatible = true;
    inputs.compile.ideal_memory = !inputs.scalesim->user_bandwidth;
  } else {
    inputs.config = sim::load_npu_config(resolve_npu_config_path(values["npu"].as<std::string>()));
  }

  if (has_topology) {
    const std::string format = values["topology-format"].as<std::string>();
    if (format != "conv" && format != "gemm") throw UsageError("--topology-format must be conv or gemm, got '" + format + "'");
    inputs.source = values["topology"].as<std::string>();
    const auto rows = sim::read_scalesim_topology(
        inputs.source, format == "gemm" ? sim::ScaleSimTopologyFormat::kGemm : sim::ScaleSimTopologyFormat::kConv);
    sim::ScaleSimWorkloadOptions options;
    options.expand_depthwise = has_scalesim;  // SCALE-Sim's per-channel layers only when comparing with it
    options.chain_layers = !has_scalesim;
    options.requantize_outputs = !has_scalesim;
    inputs.layers = sim::scalesim_workloads(rows, options);
  } else {
    inputs.source = values["layers"].as<std::string>();
    inputs.layers = sim::read_layer_list(inputs.source);
  }
  return inputs;
}

}  // namespace npusim::cli
