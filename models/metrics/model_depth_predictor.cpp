#include "models/metrics/model_depth_predictor.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "models/executor/float_executor.h"
#include "models/golden/golden_executor.h"
#include "models/golden/lower_plan.h"
#include "models/ptq/calibration_set.h"
#include "quant/io/npy.h"

namespace npusim::metrics {
namespace {

// Drops leading 1s down to two dimensions; throws naming `what` otherwise.
void squeeze_to_map(const std::vector<std::int64_t>& shape, const std::string& what, int* height, int* width) {
  std::vector<std::int64_t> dims = shape;
  while (dims.size() > 2 && dims.front() == 1) dims.erase(dims.begin());
  if (dims.size() != 2 || dims[0] < 1 || dims[1] < 1) {
    std::string text;
    for (auto d : shape) text += (text.empty() ? "" : ", ") + std::to_string(d);
    throw std::runtime_error(what + ": expected a single depth map (HxW, 1xHxW or 1x1xHxW), got shape (" + text + ")");
  }
  *height = static_cast<int>(dims[0]);
  *width = static_cast<int>(dims[1]);
}

// What the depth models' contract fixes: one [1, 3, H, W] input, and one depth output or
// the dual-head pair depth_int / depth_frac (scripts/train/depth_models.py).
struct DepthModelContract {
  int input_height = 0, input_width = 0;
  bool dual_head = false;
  std::string path;
};

DepthModelContract check_depth_model(const models::Graph& graph, const std::string& model_path) {
  DepthModelContract contract;
  contract.path = model_path;
  if (graph.input_names.size() != 1) {
    throw std::runtime_error("'" + model_path + "': a depth model needs exactly one input (an RGB image), found " +
                             std::to_string(graph.input_names.size()));
  }
  const models::Shape input_shape = graph.value_info(graph.input_names[0]).shape;
  if (input_shape.size() != 4 || input_shape[0] != 1 || input_shape[1] != 3) {
    throw std::runtime_error("'" + model_path + "': input '" + graph.input_names[0] + "' has shape " +
                             models::shape_to_string(input_shape) + ", expected [1, 3, H, W]");
  }
  contract.input_height = static_cast<int>(input_shape[2]);
  contract.input_width = static_cast<int>(input_shape[3]);
  const auto& outputs = graph.output_names;
  if (outputs.size() == 2 && outputs[0] == "depth_int" && outputs[1] == "depth_frac") {
    contract.dual_head = true;
  } else if (outputs.size() != 1) {
    throw std::runtime_error("'" + model_path + "': expected one depth output, or two named depth_int and depth_frac");
  }
  return contract;
}

// Depth in metres from the model's (decoded) outputs: the dual head's integer part is
// rounded half up and the fraction added, as the host does.
data::DepthMap interpret_depth_outputs(const DepthModelContract& contract, const std::vector<models::Tensor>& outputs,
                                       const std::string& sample_name) {
  data::DepthMap depth;
  squeeze_to_map(outputs[0].shape, "'" + contract.path + "' output for '" + sample_name + "'", &depth.height,
                 &depth.width);
  depth.depth_m = outputs[0].data;
  if (contract.dual_head) {
    if (outputs[1].data.size() != depth.depth_m.size()) {
      throw std::runtime_error("'" + contract.path + "': depth_int and depth_frac differ in size");
    }
    for (std::size_t i = 0; i < depth.depth_m.size(); ++i) {
      depth.depth_m[i] = std::floor(depth.depth_m[i] + 0.5f) + outputs[1].data[i];
    }
  }
  return depth;
}

}  // namespace

DepthPredictor make_onnx_depth_predictor(const std::string& model_path) {
  auto graph = std::make_shared<models::Graph>(models::load_onnx_model(model_path));
  const DepthModelContract contract = check_depth_model(*graph, model_path);
  auto executor = std::make_shared<models::FloatExecutor>(*graph);
  return [graph, executor, contract](const data::DepthSample& sample, const data::RgbImage& image) {
    const models::Tensor input = ptq::depth_model_input(image, contract.input_height, contract.input_width, sample.rgb_path);
    return interpret_depth_outputs(contract, executor->run({input}), sample.name);
  };
}

DepthPredictor make_golden_depth_predictor(const std::string& model_path, const std::string& plan_path) {
  models::Graph graph = models::load_onnx_model(model_path);
  const DepthModelContract contract = check_depth_model(graph, model_path);
  auto program = std::make_shared<golden::GoldenProgram>(
      golden::lower_plan(std::move(graph), quant::load_quant_plan(plan_path), plan_path));
  auto executor = std::make_shared<golden::GoldenExecutor>(*program);
  return [program, executor, contract](const data::DepthSample& sample, const data::RgbImage& image) {
    const models::Tensor input = ptq::depth_model_input(image, contract.input_height, contract.input_width, sample.rgb_path);
    std::vector<models::Tensor> decoded;
    for (const golden::GoldenOutput& output : executor->run_float({input})) decoded.push_back(output.decode());
    return interpret_depth_outputs(contract, decoded, sample.name);
  };
}

DepthPredictor make_depth_predictor(const models::Graph& graph, const std::string& name, ModelRunner run) {
  const DepthModelContract contract = check_depth_model(graph, name);
  return [contract, run](const data::DepthSample& sample, const data::RgbImage& image) {
    const models::Tensor input = ptq::depth_model_input(image, contract.input_height, contract.input_width, sample.rgb_path);
    return interpret_depth_outputs(contract, run(input), sample.name);
  };
}

DepthPredictor make_npy_depth_predictor(const std::string& prediction_dir) {
  if (!std::filesystem::is_directory(prediction_dir)) {
    throw std::runtime_error("prediction directory '" + prediction_dir + "' does not exist");
  }
  return [prediction_dir](const data::DepthSample& sample, const data::RgbImage&) {
    const std::string path = (std::filesystem::path(prediction_dir) / (sample.name + ".npy")).string();
    if (!std::filesystem::is_regular_file(path)) {
      throw std::runtime_error("no prediction '" + path + "' for sample '" + sample.name + "'");
    }
    const io::NpyArray array = io::load_npy(path);
    if (array.dtype != io::NpyDtype::kFloat32 && array.dtype != io::NpyDtype::kFloat16) {
      throw std::runtime_error("'" + path + "': predictions must be float32 or float16 metres");
    }
    data::DepthMap depth;
    squeeze_to_map(array.shape, "'" + path + "'", &depth.height, &depth.width);
    depth.depth_m = array.to_float();
    return depth;
  };
}

}  // namespace npusim::metrics
