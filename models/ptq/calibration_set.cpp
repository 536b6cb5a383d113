#include "models/ptq/calibration_set.h"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "models/data/scene_random.h"
#include "models/executor/tensor_files.h"
#include "models/metrics/depth_eval.h"
#include "models/metrics/depth_metrics.h"

namespace npusim::ptq {
namespace {

// Fisher-Yates with the project's portable generator (same order on every platform).
template <typename T>
void shuffle(std::vector<T>& items, data::Pcg32& random) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(random.uniform_int(0, static_cast<int>(i) - 1));
    std::swap(items[i - 1], items[j]);
  }
}

int stratum_of(const data::DepthSample& sample, data::DepthPngUnit unit) {
  const data::DepthMap depth = data::load_depth_map(sample.depth_path, unit);
  std::vector<double> valid;
  for (float d : depth.depth_m) {
    if (d > 0.0f) valid.push_back(d);
  }
  if (valid.empty()) return 3;
  const double median = metrics::median_of(valid);
  if (median < 3.0) return 0;
  if (median < 8.0) return 1;
  return 2;
}

}  // namespace

std::string_view calibration_selection_name(CalibrationSelection selection) {
  return selection == CalibrationSelection::kRandom ? "random" : "stratified";
}

std::optional<CalibrationSelection> parse_calibration_selection(std::string_view name) {
  if (name == "random") return CalibrationSelection::kRandom;
  if (name == "stratified") return CalibrationSelection::kStratified;
  return std::nullopt;
}

SelectedSamples select_calibration_samples(const data::DepthDataset& dataset, int count,
                                           CalibrationSelection selection, std::uint64_t seed) {
  if (dataset.samples.empty()) throw std::runtime_error("'" + dataset.root + "': no samples to calibrate with");
  if (count < 1) throw std::runtime_error("the calibration count must be at least 1 (got " + std::to_string(count) + ")");
  data::Pcg32 random(seed);
  SelectedSamples selected;
  if (selection == CalibrationSelection::kRandom) {
    std::vector<data::DepthSample> all = dataset.samples;
    shuffle(all, random);
    all.resize(std::min<std::size_t>(all.size(), static_cast<std::size_t>(count)));
    selected.samples = std::move(all);
    return selected;
  }
  std::vector<std::vector<data::DepthSample>> strata(4);
  for (const data::DepthSample& sample : dataset.samples) {
    strata[static_cast<std::size_t>(stratum_of(sample, dataset.options.png_unit))].push_back(sample);
  }
  for (auto& stratum : strata) shuffle(stratum, random);
  // Round-robin over near, mid, far: equal shares, a short stratum's share goes to the rest.
  selected.per_stratum.assign(4, 0);
  std::vector<std::size_t> next(3, 0);
  while (static_cast<int>(selected.samples.size()) < count) {
    bool took = false;
    for (std::size_t s = 0; s < 3 && static_cast<int>(selected.samples.size()) < count; ++s) {
      if (next[s] < strata[s].size()) {
        selected.samples.push_back(strata[s][next[s]++]);
        ++selected.per_stratum[s];
        took = true;
      }
    }
    if (!took) break;
  }
  if (selected.samples.empty()) {
    throw std::runtime_error("'" + dataset.root + "': no sample has a valid depth to stratify by");
  }
  return selected;
}

models::Tensor depth_model_input(const data::RgbImage& image, int height, int width, const std::string& source) {
  constexpr std::int64_t kMaxUpscale = 8;
  if (std::int64_t(image.height) * kMaxUpscale < height || std::int64_t(image.width) * kMaxUpscale < width) {
    throw std::runtime_error("image '" + source + "' is " + std::to_string(image.height) + "x" +
                             std::to_string(image.width) + ", the model's input is " + std::to_string(height) + "x" +
                             std::to_string(width) + " (images are resized, but by at most " +
                             std::to_string(kMaxUpscale) + "x: at least " + std::to_string((height + 7) / 8) + "x" +
                             std::to_string((width + 7) / 8) + " pixels)");
  }
  std::vector<float> planes = metrics::rgb_to_planar_unit(image);
  planes = metrics::resize_bilinear(planes, 3, image.height, image.width, height, width);
  return models::Tensor::from_floats({1, 3, height, width}, std::move(planes));
}

namespace {

// A folder of .npy files (no manifest.json, no rgb/): one file per sample of a one-input model.
bool is_npy_folder(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir) || fs::exists(fs::path(dir) / "manifest.json") || fs::exists(fs::path(dir) / "rgb")) return false;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".npy") return true;
  }
  return false;
}

std::vector<CalibrationSample> npy_samples(const models::Graph& graph, const std::string& dir, int count,
                                           std::ostream& log) {
  namespace fs = std::filesystem;
  if (graph.input_names.size() != 1) {
    throw std::runtime_error(dir + ": a folder of .npy samples calibrates one-input models; " + graph.source_path +
                             " has " + std::to_string(graph.input_names.size()) + " inputs");
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".npy") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  if (static_cast<int>(files.size()) > count) files.resize(static_cast<std::size_t>(count));
  const models::ValueInfo& input = graph.value_info(graph.input_names[0]);
  std::vector<CalibrationSample> samples;
  for (const std::string& file : files) {
    models::Tensor tensor = models::load_tensor_file(file);
    if (tensor.shape != input.shape || tensor.dtype != input.dtype) {
      throw std::runtime_error(file + ": shape " + models::shape_to_string(tensor.shape) + " (" +
                               models::data_type_name(tensor.dtype) + "), the model's input '" + graph.input_names[0] +
                               "' is " + models::shape_to_string(input.shape) + " (" + models::data_type_name(input.dtype) + ")");
    }
    samples.push_back({std::move(tensor)});
  }
  log << "calibration: " << samples.size() << " .npy samples from " << dir << " (the first by name)\n";
  return samples;
}

}  // namespace

std::vector<CalibrationSample> load_calibration_samples(const models::Graph& graph, const std::string& data_dir, int count,
                                                       CalibrationSelection selection, std::uint64_t seed, std::ostream& log) {
  if (is_npy_folder(data_dir)) return npy_samples(graph, data_dir, count, log);
  data::DepthDatasetOptions dataset_options;
  dataset_options.require_rgb = true;
  const data::DepthDataset dataset = data::open_depth_dataset(data_dir, dataset_options);
  const SelectedSamples selected = select_calibration_samples(dataset, count, selection, seed);
  if (graph.input_names.size() != 1) {
    throw std::runtime_error(graph.source_path + ": calibrating on a depth data set needs a model with one image input");
  }
  const models::Shape& shape = graph.value_info(graph.input_names[0]).shape;
  if (shape.size() != 4 || shape[1] != 3) {
    throw std::runtime_error(graph.source_path + ": input '" + graph.input_names[0] + "' has shape " +
                             models::shape_to_string(shape) + ", expected [N, 3, H, W]");
  }
  std::vector<CalibrationSample> samples;
  for (const data::DepthSample& sample : selected.samples) {
    const data::DepthPair pair = data::load_depth_pair(sample, dataset.options.png_unit);
    samples.push_back({depth_model_input(pair.image, static_cast<int>(shape[2]), static_cast<int>(shape[3]),
                                         sample.rgb_path)});
  }
  log << "calibration: " << samples.size() << " images from " << data_dir << " ("
      << calibration_selection_name(selection);
  if (!selected.per_stratum.empty()) {
    log << ": near " << selected.per_stratum[0] << ", mid " << selected.per_stratum[1] << ", far "
        << selected.per_stratum[2];
  }
  log << ", seed " << seed << ")\n";
  return samples;
}

}  // namespace npusim::ptq
