// PNG images through libpng: 8-bit RGB images and 16-bit single-channel depth maps.
// Writes are atomic (quant/io/atomic_output_file.h): a failed write leaves no file behind.
// Reads check the bit depth and colour type and name the file in every error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npusim::data {

// Interleaved 8-bit RGB, row-major: pixel (y, x) channel c is rgb[(y * width + x) * 3 + c].
struct RgbImage {
  int height = 0;
  int width = 0;
  std::vector<std::uint8_t> rgb;
};

// One 16-bit channel, row-major, native-endian values (the PNG's big-endian samples decoded).
struct Gray16Image {
  int height = 0;
  int width = 0;
  std::vector<std::uint16_t> values;
};

// zlib level 1 with the Sub filter: fast to write (the scene generator writes ~200 PNGs/s)
// and still about half the raw size for rendered scenes.
std::vector<std::uint8_t> encode_png_rgb8(const RgbImage& image);
std::vector<std::uint8_t> encode_png_gray16(const Gray16Image& image);

void write_png_rgb8(const std::string& path, const RgbImage& image);
void write_png_gray16(const std::string& path, const Gray16Image& image);

// Reads an 8-bit RGB PNG. Gray and palette images are expanded to RGB and an alpha
// channel is dropped (common for photographs); 16-bit images are rejected, because an
// image with 16-bit samples handed over as "RGB" is almost always a depth map by mistake.
RgbImage read_png_rgb8(const std::string& path);
// Reads a 16-bit single-channel PNG (a depth map). Anything else (8-bit, RGB, palette,
// alpha) is rejected with the bit depth and colour type found.
Gray16Image read_png_gray16(const std::string& path);

// Reads a whole file into memory; throws std::runtime_error naming the path.
std::vector<std::uint8_t> read_file_bytes(const std::string& path);

}  // namespace npusim::data
