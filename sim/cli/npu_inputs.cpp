#include "sim/cli/npu_inputs.h"

#include <filesystem>
#include <sstream>

#include "models/executor/tensor_files.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "sim/cli/calibration_options.h"
#include "sim/cli/temporary_scenes.h"
#include "sim/functional/golden_layers.h"

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
                                        "(edge_tpu_like, nvdla_small_like, nvdla_full_like, hailo8_like); with --model "
                                        "the default is nvdla_full_like, the preset with INT8, INT16 and FP16 arrays")
      ("scalesim-config", po::value<std::string>(),
       "SCALE-Sim .cfg: its NPU and its fold model, for comparing with SCALE-Sim (instead of --npu)")
      ("batch", po::value<int>()->default_value(1), "batch size (1..4096)")
      ("model", po::value<std::string>(), "ONNX model: simulated with its values (the golden executor as functional core)")
      ("plan", po::value<std::string>(), "with --model: its QuantPlan (default: calibrate with the options below)")
      ("data", po::value<std::string>(),
       "with --model: depth data set for calibration and the batch's images (default: 16 fresh scenes, seed 7)")
      ("input", po::value<std::string>(), "with --model: one image (.png/.npy) for every batch item instead of --data's");
  add_calibration_options(options);
}

std::string resolve_npu_config_path(const std::string& value) {
  if (value.find('/') != std::string::npos || (value.size() > 5 && value.substr(value.size() - 5) == ".json")) return value;
  const std::string preset = std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/" + value + ".json";
  if (!std::filesystem::exists(preset)) {
    throw UsageError("--npu: '" + value + "' is neither a file path nor a preset in " + NPUSIM_SOURCE_DIR + "/sim/configs");
  }
  return preset;
}

namespace {

std::shared_ptr<ModelSource> load_model_source(const po::variables_map& values, int batch) {
  auto source = std::make_shared<ModelSource>();
  source->model_path = values["model"].as<std::string>();
  const models::Graph graph = models::load_onnx_model(source->model_path);
  std::unique_ptr<TemporaryScenes> scenes;
  std::string data_dir;
  if (values.count("data")) {
    data_dir = values["data"].as<std::string>();
  } else if (!values.count("plan") || !values.count("input")) {
    scenes = std::make_unique<TemporaryScenes>(16, 7);
    data_dir = scenes->path();
  }
  if (values.count("plan")) {
    source->plan = quant::load_quant_plan(values["plan"].as<std::string>());
  } else {
    std::ostringstream log;
    source->plan = calibrate_on_dataset(graph, data_dir, calibration_request_from(values), log);
  }
  source->program = std::make_unique<golden::GoldenProgram>(golden::lower_plan(
      graph, source->plan, values.count("plan") ? values["plan"].as<std::string>() : "the calibrated plan"));
  // The batch's images: --input for every item, else the data set's first `batch` images.
  const golden::GoldenProgram& program = *source->program;
  if (program.input_slots.size() != 1) throw UsageError(source->model_path + ": --model simulates one-input networks");
  const golden::TensorSlot& slot = program.tensors[program.input_slots[0]];
  std::vector<models::Tensor> images;
  if (values.count("input")) {
    images.assign(static_cast<std::size_t>(batch), models::load_tensor_file(values["input"].as<std::string>()));
  } else {
    std::ostringstream log;
    const auto samples = ptq::load_calibration_samples(graph, data_dir, batch, ptq::CalibrationSelection::kRandom, 1, log);
    for (std::size_t i = 0; i < static_cast<std::size_t>(batch); ++i) images.push_back(samples[i % samples.size()][0]);
  }
  for (const models::Tensor& image : images) {
    if (image.shape != slot.shape) {
      throw std::runtime_error("input image " + models::shape_to_string(image.shape) + " does not fit the model's input " +
                               models::shape_to_string(slot.shape));
    }
    source->items.push_back({golden::encode_tensor(image, slot.quant, "input image")});
  }
  return source;
}

}  // namespace

NpuInputs npu_inputs_from_options(const po::variables_map& values) {
  NpuInputs inputs;
  const int batch = values["batch"].as<int>();
  if (batch < 1 || batch > 4096) throw UsageError("--batch must lie in 1..4096, got " + std::to_string(batch));
  inputs.compile.batch = batch;
  const bool has_topology = values.count("topology") > 0, has_layers = values.count("layers") > 0;
  const bool has_model = values.count("model") > 0;
  if (int(has_topology) + int(has_layers) + int(has_model) != 1) {
    throw UsageError("give exactly one layer source: --topology, --layers or --model");
  }
  if (!has_model) {
    for (const char* option : {"plan", "data", "input"}) {
      if (values.count(option)) throw UsageError(std::string("--") + option + " needs --model");
    }
  }
  const bool has_npu = values.count("npu") > 0, has_scalesim = values.count("scalesim-config") > 0;
  if (has_npu && has_scalesim) throw UsageError("give one NPU: --npu or --scalesim-config");
  if (!has_npu && !has_scalesim && !has_model) throw UsageError("give an NPU: --npu or --scalesim-config");
  if (has_scalesim && !has_topology) throw UsageError("--scalesim-config compares with SCALE-Sim: it needs --topology");

  if (has_scalesim) {
    const std::string path = values["scalesim-config"].as<std::string>();
    inputs.scalesim = sim::read_scalesim_config(path);
    inputs.config = sim::scalesim_npu_config(*inputs.scalesim, path);
    inputs.compile.scalesim_compatible = true;
    inputs.compile.ideal_memory = !inputs.scalesim->user_bandwidth;
  } else {
    // A model's paths reach INT16 and FP16: the default is the preset that computes all three.
    inputs.config = sim::load_npu_config(resolve_npu_config_path(has_npu ? values["npu"].as<std::string>() : "nvdla_full_like"));
  }
  if (has_model) {
    if (has_scalesim) throw UsageError("--model simulates with --npu (SCALE-Sim's mode takes --topology)");
    inputs.model = load_model_source(values, batch);
    inputs.source = inputs.model->model_path;
    inputs.layers = sim::layers_from_program(*inputs.model->program, inputs.model->plan);
    return inputs;
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
