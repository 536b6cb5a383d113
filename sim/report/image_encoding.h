// Images inside a self-contained HTML page: colour maps for scalar fields (depth, error),
// PNG encoding (models/data/png_io.h) and base64 data URIs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/data/png_io.h"

namespace npusim::report {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

enum class Colormap {
  kDepth,  // perceptually ordered blue-green-yellow (the five anchor colours of viridis)
  kError,  // dark-purple-orange-pale (the five anchor colours of magma): small errors dark
};

// The colour at t in [0, 1] (clamped), interpolated linearly between the map's anchors.
Rgb colormap_color(Colormap map, double t);

// RFC 4648 base64 with '=' padding.
std::string base64_encode(const std::vector<std::uint8_t>& bytes);

// "data:image/png;base64,..." of the image.
std::string png_data_uri(const data::RgbImage& image);

// Colours a height x width scalar field: values mapped from [lo, hi] onto `map`; pixels
// where `mask` is 0 (if given; same size) are drawn mid-grey (no ground truth there).
data::RgbImage colorize(const std::vector<float>& values, int height, int width, double lo, double hi, Colormap map,
                        const std::vector<float>* mask = nullptr);

}  // namespace npusim::report
