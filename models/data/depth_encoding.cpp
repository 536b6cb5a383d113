#include "models/data/depth_encoding.h"

#include <cmath>
#include <stdexcept>

namespace npusim::data {

DepthPngUnit parse_depth_png_unit(const std::string& text) {
  if (text == "kitti" || text == "256") return DepthPngUnit::kKitti256;
  if (text == "mm" || text == "millimetre" || text == "millimeter" || text == "1000") return DepthPngUnit::kMillimetre;
  throw std::invalid_argument("unknown depth PNG unit '" + text + "' (expected 'kitti' for value/256 m or 'mm' for value/1000 m)");
}

const char* depth_png_unit_name(DepthPngUnit unit) {
  return unit == DepthPngUnit::kKitti256 ? "kitti" : "mm";
}

std::uint16_t encode_depth_kitti(float depth_m) {
  if (!(depth_m > 0.0f) || !std::isfinite(depth_m)) return 0;
  const float scaled = std::floor(depth_m * 256.0f + 0.5f);
  if (scaled > 65535.0f) return 0;
  if (scaled < 1.0f) return 1;
  return static_cast<std::uint16_t>(scaled);
}

float decode_depth_code(std::uint16_t code, DepthPngUnit unit) {
  if (code == 0) return 0.0f;
  return unit == DepthPngUnit::kKitti256 ? static_cast<float>(code) / 256.0f : static_cast<float>(code) / 1000.0f;
}

}  // namespace npusim::data
