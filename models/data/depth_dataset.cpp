#include "models/data/depth_dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "quant/io/input_file.h"
#include "quant/io/npy.h"

namespace npusim::data {
namespace {

namespace fs = std::filesystem;

std::string size_text(int height, int width) { return std::to_string(height) + "x" + std::to_string(width); }

// Files of a directory with one of the extensions, keyed by stem.
std::map<std::string, std::string> files_by_stem(const fs::path& dir, const std::vector<std::string>& extensions) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string extension = entry.path().extension().string();
    if (std::find(extensions.begin(), extensions.end(), extension) == extensions.end()) continue;
    const std::string stem = entry.path().stem().string();
    if (files.count(stem)) {
      throw std::runtime_error("'" + dir.string() + "' holds two depth maps named '" + stem +
                               "' (.png and .npy): keep one");
    }
    files[stem] = entry.path().string();
  }
  return files;
}

// A manifest is read from an untrusted dataset folder; like external data of an ONNX model,
// its paths stay inside that folder: relative, without '..', no NUL byte (which would cut the
// path silently), not empty.
constexpr std::uint64_t kMaxManifestBytes = std::uint64_t(64) << 20;

fs::path confined_entry_path(const std::string& text, const std::string& where) {
  if (text.empty()) throw std::runtime_error(where + ": empty path");
  if (text.find('\0') != std::string::npos) {
    throw std::runtime_error(where + ": path holds a NUL byte");
  }
  const fs::path path(text);
  if (path.is_absolute() || path.has_root_name() || path.has_root_directory()) {
    throw std::runtime_error(where + ": path '" + text + "' is absolute; manifest paths are relative to the dataset folder");
  }
  for (const fs::path& part : path) {
    if (part == "..") {
      throw std::runtime_error(where + ": path '" + text + "' leaves the dataset folder ('..')");
    }
  }
  return path;
}

std::vector<DepthSample> samples_from_manifest(const fs::path& root, const fs::path& manifest_path) {
  nlohmann::json manifest;
  const std::string text = io::read_input_text(manifest_path.string(), "manifest", kMaxManifestBytes);
  try {
    manifest = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error("'" + manifest_path.string() + "' is not valid JSON (syntax error at byte " +
                             std::to_string(e.byte) + ")");
  }
  if (!manifest.contains("images") || !manifest["images"].is_array()) {
    throw std::runtime_error("'" + manifest_path.string() + "' has no 'images' array");
  }
  std::vector<DepthSample> samples;
  std::size_t index = 0;
  for (const auto& entry : manifest["images"]) {
    const std::string where = "'" + manifest_path.string() + "' images[" + std::to_string(index++) + "]";
    if (!entry.is_object() || !entry.contains("rgb") || !entry["rgb"].is_string() || !entry.contains("depth") || !entry["depth"].is_string()) {
      throw std::runtime_error(where + ": needs string fields 'rgb' and 'depth'");
    }
    DepthSample sample;
    sample.rgb_path = (root / confined_entry_path(entry["rgb"].get<std::string>(), where + " 'rgb'")).string();
    sample.depth_path = (root / confined_entry_path(entry["depth"].get<std::string>(), where + " 'depth'")).string();
    sample.name = fs::path(sample.depth_path).stem().string();
    samples.push_back(sample);
  }
  std::sort(samples.begin(), samples.end(), [](const DepthSample& a, const DepthSample& b) { return a.name < b.name; });
  return samples;
}

std::vector<DepthSample> samples_from_folders(const fs::path& root, bool require_rgb) {
  const fs::path depth_dir = root / "depth";
  const fs::path rgb_dir = root / "rgb";
  if (!fs::is_directory(depth_dir)) {
    throw std::runtime_error("'" + root.string() + "' has no manifest.json and no depth/ folder (expected DIR/depth/*.png or *.npy)");
  }
  const auto depth_files = files_by_stem(depth_dir, {".png", ".npy"});
  if (depth_files.empty()) throw std::runtime_error("'" + depth_dir.string() + "' holds no .png or .npy depth maps");
  std::map<std::string, std::string> rgb_files;
  if (fs::is_directory(rgb_dir)) {
    rgb_files = files_by_stem(rgb_dir, {".png"});
  } else if (require_rgb) {
    throw std::runtime_error("'" + root.string() + "' has no rgb/ folder (images are needed to run a model)");
  }
  std::vector<DepthSample> samples;
  for (const auto& [stem, depth_path] : depth_files) {
    DepthSample sample;
    sample.name = stem;
    sample.depth_path = depth_path;
    const auto rgb = rgb_files.find(stem);
    if (rgb != rgb_files.end()) {
      sample.rgb_path = rgb->second;
    } else if (require_rgb) {
      throw std::runtime_error("depth map '" + depth_path + "' has no image '" + (rgb_dir / (stem + ".png")).string() + "'");
    }
    samples.push_back(sample);
  }
  if (require_rgb) {
    for (const auto& [stem, rgb_path] : rgb_files) {
      if (!depth_files.count(stem)) {
        throw std::runtime_error("image '" + rgb_path + "' has no depth map in '" + depth_dir.string() + "' (" + stem +
                                 ".png or " + stem + ".npy)");
      }
    }
  }
  return samples;
}

// Checks every value: finite and not negative (0 = invalid is allowed).
void check_depth_values(const std::vector<float>& depth_m, int width, const std::string& path) {
  for (std::size_t i = 0; i < depth_m.size(); ++i) {
    const float d = depth_m[i];
    if (!std::isfinite(d) || d < 0.0f) {
      throw std::runtime_error("'" + path + "': depth at row " + std::to_string(i / width) + ", column " +
                               std::to_string(i % width) + " is " + std::to_string(d) +
                               " (must be finite and >= 0; 0 marks an invalid pixel)");
    }
  }
}

DepthMap load_npy_depth(const std::string& path, DepthPngUnit unit) {
  const io::NpyArray array = io::load_npy(path);
  std::vector<std::int64_t> shape = array.shape;
  while (shape.size() > 2 && shape.front() == 1) shape.erase(shape.begin());
  if (shape.size() != 2 || shape[0] < 1 || shape[1] < 1) {
    std::string found;
    for (auto d : array.shape) found += (found.empty() ? "" : ", ") + std::to_string(d);
    throw std::runtime_error("'" + path + "': depth .npy must have shape (H, W), (1, H, W) or (1, 1, H, W); found (" +
                             found + ")");
  }
  DepthMap map;
  map.height = static_cast<int>(shape[0]);
  map.width = static_cast<int>(shape[1]);
  if (array.dtype == io::NpyDtype::kFloat32 || array.dtype == io::NpyDtype::kFloat16) {
    map.depth_m = array.to_float();
  } else {
    // Integer codes: the same scale as the PNG codes of the chosen unit.
    const std::vector<std::int64_t> codes = array.to_int64();
    map.depth_m.resize(codes.size());
    const double metres_per_code = unit == DepthPngUnit::kKitti256 ? 1.0 / 256.0 : 1.0 / 1000.0;
    for (std::size_t i = 0; i < codes.size(); ++i) map.depth_m[i] = static_cast<float>(codes[i] * metres_per_code);
  }
  check_depth_values(map.depth_m, map.width, path);
  return map;
}

}  // namespace

DepthDataset open_depth_dataset(const std::string& root, const DepthDatasetOptions& options) {
  const fs::path root_path(root);
  if (!fs::is_directory(root_path)) throw std::runtime_error("dataset directory '" + root + "' does not exist");
  DepthDataset dataset;
  dataset.root = root;
  dataset.options = options;
  const fs::path manifest = root_path / "manifest.json";
  dataset.samples = fs::exists(manifest) ? samples_from_manifest(root_path, manifest)
                                         : samples_from_folders(root_path, options.require_rgb);
  if (dataset.samples.empty()) throw std::runtime_error("dataset '" + root + "' lists no samples");
  if (options.limit > 0 && dataset.samples.size() > static_cast<std::size_t>(options.limit)) {
    dataset.samples.resize(static_cast<std::size_t>(options.limit));
  }
  for (const DepthSample& sample : dataset.samples) {
    if (!fs::is_regular_file(sample.depth_path)) throw std::runtime_error("depth map '" + sample.depth_path + "' is missing");
    if (options.require_rgb && !fs::is_regular_file(sample.rgb_path)) {
      throw std::runtime_error("image '" + sample.rgb_path + "' is missing (paired with '" + sample.depth_path + "')");
    }
  }
  return dataset;
}

DepthMap load_depth_map(const std::string& path, DepthPngUnit png_unit) {
  if (fs::path(path).extension() == ".npy") return load_npy_depth(path, png_unit);
  const Gray16Image codes = read_png_gray16(path);
  DepthMap map;
  map.height = codes.height;
  map.width = codes.width;
  map.depth_m.resize(codes.values.size());
  for (std::size_t i = 0; i < codes.values.size(); ++i) map.depth_m[i] = decode_depth_code(codes.values[i], png_unit);
  return map;
}

DepthPair load_depth_pair(const DepthSample& sample, DepthPngUnit png_unit) {
  DepthPair pair;
  pair.depth = load_depth_map(sample.depth_path, png_unit);
  if (sample.rgb_path.empty()) throw std::runtime_error("depth map '" + sample.depth_path + "' has no paired image");
  pair.image = read_png_rgb8(sample.rgb_path);
  if (pair.image.height != pair.depth.height || pair.image.width != pair.depth.width) {
    throw std::runtime_error("size mismatch: image '" + sample.rgb_path + "' is " +
                             size_text(pair.image.height, pair.image.width) + " but depth map '" + sample.depth_path +
                             "' is " + size_text(pair.depth.height, pair.depth.width));
  }
  return pair;
}

}  // namespace npusim::data
