#include "sim/report/image_encoding.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace npusim::report {
namespace {

constexpr Rgb kDepthAnchors[] = {{0x44, 0x01, 0x54}, {0x3b, 0x52, 0x8b}, {0x21, 0x91, 0x8c}, {0x5e, 0xc9, 0x62}, {0xfd, 0xe7, 0x25}};
constexpr Rgb kErrorAnchors[] = {{0x00, 0x00, 0x04}, {0x51, 0x12, 0x7c}, {0xb7, 0x37, 0x79}, {0xfc, 0x89, 0x61}, {0xfc, 0xfd, 0xbf}};
constexpr Rgb kNoData = {0x80, 0x80, 0x80};

}  // namespace

Rgb colormap_color(Colormap map, double t) {
  const Rgb* anchors = map == Colormap::kDepth ? kDepthAnchors : kErrorAnchors;
  constexpr int kSegments = 4;
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0) * kSegments;
  const int segment = std::min(kSegments - 1, static_cast<int>(t));
  const double f = t - segment;
  auto mix = [f](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(std::lround(a + (static_cast<double>(b) - a) * f));
  };
  const Rgb& a = anchors[segment];
  const Rgb& b = anchors[segment + 1];
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const std::uint32_t v = bytes[i] << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string png_data_uri(const data::RgbImage& image) {
  return "data:image/png;base64," + base64_encode(data::encode_png_rgb8(image));
}

data::RgbImage colorize(const std::vector<float>& values, int height, int width, double lo, double hi, Colormap map,
                        const std::vector<float>* mask) {
  const std::size_t pixels = static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
  if (height < 1 || width < 1 || values.size() != pixels || (mask != nullptr && mask->size() != pixels)) {
    throw std::invalid_argument("colorize: the field does not hold height x width values");
  }
  data::RgbImage image;
  image.height = height;
  image.width = width;
  image.rgb.resize(pixels * 3);
  const double span = hi > lo ? hi - lo : 1;
  for (std::size_t i = 0; i < pixels; ++i) {
    const Rgb c = (mask != nullptr && (*mask)[i] == 0) ? kNoData : colormap_color(map, (values[i] - lo) / span);
    image.rgb[i * 3] = c.r;
    image.rgb[i * 3 + 1] = c.g;
    image.rgb[i * 3 + 2] = c.b;
  }
  return image;
}

}  // namespace npusim::report
