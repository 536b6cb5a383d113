#include "models/metrics/model_depth_predictor.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "models/executor/float_executor.h"
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

struct OnnxDepthModel {
  models::Graph graph;
  std::unique_ptr<models::FloatExecutor> executor;
  int input_height = 0, input_width = 0;
  bool dual_head = false;
  std::string path;
};

}  // namespace

DepthPredictor make_onnx_depth_predictor(const std::string& model_path) {
  auto model = std::make_shared<OnnxDepthModel>();
  model->path = model_path;
  model->graph = models::load_onnx_model(model_path);
  if (model->graph.input_names.size() != 1) {
    throw std::runtime_error("'" + model_path + "': a depth model needs exactly one input (an RGB image), found " +
                             std::to_string(model->graph.input_names.size()));
  }
  const models::Shape input_shape = model->graph.value_info(model->graph.input_names[0]).shape;
  if (input_shape.size() != 4 || input_shape[0] != 1 || input_shape[1] != 3) {
    throw std::runtime_error("'" + model_path + "': input '" + model->graph.input_names[0] + "' has shape " +
                             models::shape_to_string(input_shape) + ", expected [1, 3, H, W]");
  }
  model->input_height = static_cast<int>(input_shape[2]);
  model->input_width = static_cast<int>(input_shape[3]);
  const auto& outputs = model->graph.output_names;
  if (outputs.size() == 2 && outputs[0] == "depth_int" && outputs[1] == "depth_frac") {
    model->dual_head = true;
  } else if (outputs.size() != 1) {
    throw std::runtime_error("'" + model_path + "': expected one depth output, or two named depth_int and depth_frac");
  }
  model->executor = std::make_unique<models::FloatExecutor>(model->graph);

  return [model](const data::DepthSample& sample, const data::RgbImage& image) {
    std::vector<float> planes = rgb_to_planar_unit(image);
    planes = resize_bilinear(planes, 3, image.height, image.width, model->input_height, model->input_width);
    const models::Tensor input =
        models::Tensor::from_floats({1, 3, model->input_height, model->input_width}, std::move(planes));
    const std::vector<models::Tensor> outputs = model->executor->run({input});
    data::DepthMap depth;
    squeeze_to_map(outputs[0].shape, "'" + model->path + "' output for '" + sample.name + "'", &depth.height, &depth.width);
    depth.depth_m = outputs[0].data;
    if (model->dual_head) {
      if (outputs[1].data.size() != depth.depth_m.size()) {
        throw std::runtime_error("'" + model->path + "': depth_int and depth_frac differ in size");
      }
      for (std::size_t i = 0; i < depth.depth_m.size(); ++i) {
        depth.depth_m[i] = std::floor(depth.depth_m[i] + 0.5f) + outputs[1].data[i];
      }
    }
    return depth;
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
