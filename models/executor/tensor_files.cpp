#include "models/executor/tensor_files.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/data/png_io.h"
#include "quant/io/npy.h"

namespace npusim::models {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  if (text.size() < suffix.size()) return false;
  std::string tail = text.substr(text.size() - suffix.size());
  std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return std::tolower(c); });
  return tail == suffix;
}

}  // namespace

Tensor load_tensor_file(const std::string& path) {
  if (ends_with(path, ".png")) {
    const data::RgbImage image = data::read_png_rgb8(path);
    Tensor tensor = Tensor::zeros({1, 3, image.height, image.width});
    const std::size_t plane = static_cast<std::size_t>(image.height) * static_cast<std::size_t>(image.width);
    for (std::size_t pixel = 0; pixel < plane; ++pixel) {
      for (std::size_t channel = 0; channel < 3; ++channel) {
        tensor.data[channel * plane + pixel] = static_cast<float>(image.rgb[pixel * 3 + channel]) / 255.0f;
      }
    }
    return tensor;
  }
  if (!ends_with(path, ".npy")) {
    throw std::runtime_error(path + ": input must be a .npy tensor or a .png image");
  }
  const io::NpyArray array = io::load_npy(path);
  const Shape shape(array.shape.begin(), array.shape.end());
  if (array.dtype == io::NpyDtype::kFloat32 || array.dtype == io::NpyDtype::kFloat16) {
    Tensor tensor = Tensor::from_floats(shape, array.to_float());
    for (float value : tensor.data) {
      if (!std::isfinite(value)) throw std::runtime_error(path + ": input holds NaN or Inf");
    }
    return tensor;
  }
  return Tensor::from_ints(shape, array.to_int64());
}

void save_tensor_npy(const std::string& path, const Tensor& tensor) {
  const std::vector<std::int64_t> shape(tensor.shape.begin(), tensor.shape.end());
  if (tensor.is_float()) io::save_npy(path, io::make_npy_float32(shape, tensor.data));
  else io::save_npy(path, io::make_npy_int64(shape, tensor.int_data));
}

std::string safe_tensor_file_name(const std::string& tensor_name) {
  std::string safe;
  for (char c : tensor_name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '_' || c == '-';
    safe += plain ? c : '_';
  }
  if (safe.empty() || safe[0] == '.') safe = "_" + safe;
  return safe;
}

}  // namespace npusim::models
