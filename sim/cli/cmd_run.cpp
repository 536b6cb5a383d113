// `npusim run`: one FP32 inference of an ONNX model (models/executor/float_executor.h).
//
// Inputs: one --input per graph input, in the model's input order (.npy or 8-bit PNG).
// The model is imported with each input's shape taken from its file, so dynamic
// dimensions (batch) follow the data. Outputs: graph output 0 goes to --out; every other
// output k goes beside it as OUT_STEM.<safe output name>.npy. With --dump-dir, every
// tensor (inputs and each node output, in execution order) is written as
// NNNN_<safe name>.npy plus index.json mapping files to tensor names and shapes.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "models/executor/float_executor.h"
#include "models/executor/tensor_files.h"
#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/run_with_plan.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

std::string sibling_output_path(const std::string& out_path, const std::string& output_name) {
  std::filesystem::path path(out_path);
  const std::string stem = path.stem().string();
  return (path.parent_path() / (stem + "." + models::safe_tensor_file_name(output_name) + ".npy")).string();
}

}  // namespace

int run_run(const std::vector<std::string>& args) {
  std::string model_path, out_path, dump_dir, plan_path;
  std::vector<std::string> input_paths;
  po::options_description options("options");
  options.add_options()
      ("model", po::value<std::string>(&model_path)->required(), "ONNX model file")
      ("input", po::value<std::vector<std::string>>(&input_paths)->required(),
       "input tensor: .npy, or an 8-bit PNG read as float NCHW [1,3,H,W] in [0,1]; repeat once per model input")
      ("out", po::value<std::string>(&out_path)->required(),
       "output .npy for model output 0; output k>0 goes to OUT_STEM.<name>.npy beside it")
      ("dump-dir", po::value<std::string>(&dump_dir)->default_value(""),
       "write every intermediate tensor here (NNNN_<name>.npy + index.json); empty = no dump")
      ("plan", po::value<std::string>(&plan_path)->default_value(""),
       "run the golden executor under this QuantPlan (outputs are the device's codes); empty = FP32")
      ("decoded", "with --plan: write real values (float32) instead of codes");
  po::variables_map values;
  if (!parse_options("run", "--model M.onnx --input X.npy|IMG.png [--input ...] --out Y.npy [--plan P] [--dump-dir D]",
                     options, args, &values)) {
    return kExitOk;
  }
  if (!plan_path.empty()) {
    return run_with_plan(model_path, plan_path, input_paths, out_path, values.count("decoded") > 0, dump_dir);
  }
  if (values.count("decoded")) throw UsageError("--decoded needs --plan");
  std::vector<models::Tensor> inputs;
  for (const std::string& path : input_paths) inputs.push_back(models::load_tensor_file(path));

  // A first import reads the input names; the second fixes their shapes from the data.
  const models::Graph declared = models::load_onnx_model(model_path);
  if (declared.input_names.size() != inputs.size()) {
    throw UsageError(model_path + " takes " + std::to_string(declared.input_names.size()) + " input(s), " +
                     std::to_string(inputs.size()) + " --input given");
  }
  models::ImportOptions import_options;
  for (std::size_t i = 0; i < inputs.size(); ++i) import_options.input_shapes[declared.input_names[i]] = inputs[i].shape;
  const models::Graph graph = [&] {
    try {
      return models::load_onnx_model(model_path, import_options);
    } catch (const std::exception& error) {  // name the input files: their shape may be the cause
      std::string files;
      for (const std::string& path : input_paths) files += (files.empty() ? "" : ", ") + path;
      throw std::runtime_error(std::string(error.what()) + " (input: " + files + ")");
    }
  }();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const models::DataType expected = graph.value_info(graph.input_names[i]).dtype;
    if (expected != inputs[i].dtype) {
      throw std::runtime_error(input_paths[i] + ": model input '" + graph.input_names[i] + "' expects " +
                               models::data_type_name(expected) + ", the file holds " +
                               models::data_type_name(inputs[i].dtype));
    }
  }

  models::TensorObserver observer;
  nlohmann::json index = nlohmann::json::array();
  int dumped = 0;
  if (!dump_dir.empty()) {
    io::create_output_directories(dump_dir);
    observer = [&](const std::string& name, const models::Tensor& tensor) {
      char prefix[16];
      std::snprintf(prefix, sizeof prefix, "%04d_", dumped++);
      const std::string file = prefix + models::safe_tensor_file_name(name) + ".npy";
      models::save_tensor_npy((std::filesystem::path(dump_dir) / file).string(), tensor);
      index.push_back({{"file", file}, {"tensor", name}, {"shape", tensor.shape},
                       {"dtype", models::data_type_name(tensor.dtype)}});
    };
  }
  models::FloatExecutor executor(graph);
  const std::vector<models::Tensor> outputs = executor.run(inputs, observer);
  if (!dump_dir.empty()) {
    io::AtomicOutputFile index_file((std::filesystem::path(dump_dir) / "index.json").string());
    index_file.stream() << index.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    index_file.commit();
  }
  models::save_tensor_npy(out_path, outputs[0]);
  std::cout << "output '" << graph.output_names[0] << "' " << models::shape_to_string(outputs[0].shape) << " -> "
            << out_path << "\n";
  for (std::size_t k = 1; k < outputs.size(); ++k) {
    const std::string path = sibling_output_path(out_path, graph.output_names[k]);
    models::save_tensor_npy(path, outputs[k]);
    std::cout << "output '" << graph.output_names[k] << "' " << models::shape_to_string(outputs[k].shape) << " -> "
              << path << "\n";
  }
  if (!dump_dir.empty()) std::cout << dumped << " tensors dumped to " << dump_dir << "\n";
  return kExitOk;
}

}  // namespace npusim::cli
