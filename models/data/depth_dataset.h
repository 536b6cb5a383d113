// Depth datasets on disk: pairs of an RGB image and a depth map.
//
// Layouts (DIR is what the user names):
//   DIR/manifest.json + files it lists   written by `npusim scenes` (images[].rgb, images[].depth)
//   DIR/rgb/NAME.png + DIR/depth/NAME.png  any other set, paired by file stem
//   DIR/rgb/NAME.png + DIR/depth/NAME.npy  depth as .npy (float metres, or integer codes)
// Depth PNGs are 16-bit single-channel with value / 256 m (KITTI, the default) or
// value / 1000 m (NYU-style millimetres, DepthPngUnit::kMillimetre); 0 = invalid either way.
// Depth .npy files hold float32/float16 metres (0 = invalid) or integer codes scaled like
// the PNGs; shape (H, W), (1, H, W) or (1, 1, H, W).
#pragma once

#include <string>
#include <vector>

#include "models/data/depth_encoding.h"
#include "models/data/png_io.h"

namespace npusim::data {

struct DepthSample {
  std::string name;        // the file stem ("000017")
  std::string rgb_path;    // empty when the set has no images (depth-only statistics)
  std::string depth_path;  // .png or .npy
};

struct DepthDatasetOptions {
  DepthPngUnit png_unit = DepthPngUnit::kKitti256;
  bool require_rgb = true;  // eval needs images; range-study only depth maps
  int limit = 0;            // > 0: the first `limit` samples in name order
};

struct DepthDataset {
  std::string root;
  DepthDatasetOptions options;
  std::vector<DepthSample> samples;  // sorted by name
};

// Lists the pairs. Throws std::runtime_error naming the directory or file for: a missing
// directory, no depth maps, an image without a depth map or a depth map without an image
// (when require_rgb), a manifest entry whose file is missing, a malformed manifest.
DepthDataset open_depth_dataset(const std::string& root, const DepthDatasetOptions& options);

struct DepthMap {
  int height = 0;
  int width = 0;
  std::vector<float> depth_m;  // row-major, 0 = invalid
};

// Loads one depth map in metres. Throws naming the file for a wrong PNG bit depth or
// colour type, a .npy of another shape or dtype, NaN/Inf or negative values (with the
// pixel's row and column).
DepthMap load_depth_map(const std::string& path, DepthPngUnit png_unit);

// Loads a sample's image and depth and checks they have the same size.
struct DepthPair {
  RgbImage image;
  DepthMap depth;
};
DepthPair load_depth_pair(const DepthSample& sample, DepthPngUnit png_unit);

}  // namespace npusim::data
