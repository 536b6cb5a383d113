#include "sim/cli/run_with_plan.h"

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "models/executor/tensor_files.h"
#include "models/golden/golden_executor.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"
#include "quant/io/npy.h"
#include "sim/cli/cli_common.h"

namespace npusim::cli {
namespace {

std::string sibling(const std::string& out_path, const std::string& name) {
  const std::filesystem::path path(out_path);
  return (path.parent_path() / (path.stem().string() + "." + models::safe_tensor_file_name(name) + ".npy")).string();
}

nlohmann::json grid_json(const quant::TensorQuantization& grid) {
  nlohmann::json out = {{"format", grid.format.name()}};
  if (grid.format.kind == quant::TensorFormatKind::kInteger) {
    out["scale"] = grid.scales;
    out["zero_point"] = grid.zero_points;
  }
  return out;
}

}  // namespace

int run_with_plan(const std::string& model_path, const std::string& plan_path,
                  const std::vector<std::string>& input_paths, const std::string& out_path, bool decoded,
                  const std::string& dump_dir) {
  std::vector<models::Tensor> inputs;
  for (const std::string& path : input_paths) inputs.push_back(models::load_tensor_file(path));
  const models::Graph declared = models::load_onnx_model(model_path);
  if (declared.input_names.size() != inputs.size()) {
    throw UsageError(model_path + " takes " + std::to_string(declared.input_names.size()) + " input(s), " +
                     std::to_string(inputs.size()) + " --input given");
  }
  models::ImportOptions import_options;
  for (std::size_t i = 0; i < inputs.size(); ++i) import_options.input_shapes[declared.input_names[i]] = inputs[i].shape;
  const golden::GoldenProgram program = golden::lower_plan(models::load_onnx_model(model_path, import_options),
                                                           quant::load_quant_plan(plan_path), plan_path);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].is_float()) throw std::runtime_error(input_paths[i] + ": the golden executor takes float inputs");
  }
  // Everything is computed first; files are written only once the run succeeded.
  std::vector<std::pair<std::string, io::NpyArray>> files;
  nlohmann::json index = nlohmann::json::array();
  golden::GoldenObserver observer;
  if (!dump_dir.empty()) {
    observer = [&](const golden::TensorSlot& slot, const golden::GoldenTensor& tensor) {
      char prefix[16];
      std::snprintf(prefix, sizeof prefix, "%04zu_", index.size());
      const std::string file = prefix + models::safe_tensor_file_name(slot.name) + ".npy";
      files.emplace_back((std::filesystem::path(dump_dir) / file).string(), golden::golden_tensor_to_npy(tensor));
      index.push_back({{"file", file}, {"tensor", slot.name}, {"shape", tensor.shape}, {"grid", grid_json(slot.quant)}});
    };
  }
  const golden::GoldenExecutor executor(program);
  const std::vector<golden::GoldenOutput> outputs = executor.run_float(inputs, observer);
  const auto add_output = [&](const std::string& path, const golden::GoldenTensor& tensor) {
    files.emplace_back(path, decoded ? io::make_npy_float32(tensor.shape, golden::decode_tensor(tensor).data)
                                     : golden::golden_tensor_to_npy(tensor));
    std::cout << "tensor '" << tensor.quant.name << "' " << models::shape_to_string(tensor.shape) << " "
              << tensor.quant.format.name() << (decoded ? " (decoded)" : "") << " -> " << path << "\n";
  };
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const golden::GoldenOutput& output = outputs[k];
    add_output(k == 0 ? out_path : sibling(out_path, output.value.quant.name), output.value);
    if (output.lo) {
      add_output(sibling(out_path, output.lo->quant.name), *output.lo);
      std::cout << "  dual output '" << output.graph_name << "': w = hi * 2^" << output.lo_bits << " + lo\n";
    }
  }
  if (!dump_dir.empty()) io::create_output_directories(dump_dir);
  for (const auto& [path, array] : files) io::save_npy(path, array);
  if (!dump_dir.empty()) {
    io::AtomicOutputFile index_file((std::filesystem::path(dump_dir) / "index.json").string());
    index_file.stream() << index.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    index_file.commit();
    std::cout << index.size() << " tensors dumped to " << dump_dir << "\n";
  }
  return kExitOk;
}

}  // namespace npusim::cli
