// PNG reading and writing (models/data/png_io.h): round trips, byte order of 16-bit
// samples, and the errors for wrong formats.
#include "models/data/png_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace npusim::data {
namespace {

std::string temp_path(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("npusim_png_io_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

TEST(PngIo, Rgb8RoundTrip) {
  RgbImage image;
  image.height = 2;
  image.width = 3;
  image.rgb = {0, 1, 2, 3, 4, 5, 250, 251, 252, 255, 0, 128, 7, 8, 9, 10, 11, 12};
  const std::string path = temp_path("rgb.png");
  write_png_rgb8(path, image);
  const RgbImage back = read_png_rgb8(path);
  EXPECT_EQ(back.height, 2);
  EXPECT_EQ(back.width, 3);
  EXPECT_EQ(back.rgb, image.rgb);
}

TEST(PngIo, Gray16RoundTripKeepsByteOrder) {
  Gray16Image image;
  image.height = 1;
  image.width = 4;
  // 0x0102 = 258 would read back as 0x0201 = 513 if the big-endian swap were wrong.
  image.values = {0, 258, 65535, 256};
  const std::string path = temp_path("depth.png");
  write_png_gray16(path, image);
  const Gray16Image back = read_png_gray16(path);
  EXPECT_EQ(back.values, image.values);
  // The file itself stores big-endian samples: the encoded IDAT is compressed, so check
  // the header instead: bit depth 16 (byte 24) and colour type 0 = gray (byte 25).
  std::ifstream in(path, std::ios::binary);
  std::vector<char> header(26);
  in.read(header.data(), 26);
  EXPECT_EQ(header[24], 16);
  EXPECT_EQ(header[25], 0);
}

TEST(PngIo, WrongFormatsAreNamed) {
  RgbImage rgb;
  rgb.height = rgb.width = 2;
  rgb.rgb.assign(12, 100);
  const std::string rgb_path = temp_path("an_rgb.png");
  write_png_rgb8(rgb_path, rgb);
  Gray16Image depth;
  depth.height = depth.width = 2;
  depth.values.assign(4, 300);
  const std::string depth_path = temp_path("a_depth.png");
  write_png_gray16(depth_path, depth);

  try {
    read_png_gray16(rgb_path);
    FAIL() << "an 8-bit RGB PNG was accepted as a depth map";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("an_rgb.png"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("8-bit RGB"), std::string::npos) << e.what();
  }
  try {
    read_png_rgb8(depth_path);
    FAIL() << "a 16-bit depth PNG was accepted as an image";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("16-bit gray"), std::string::npos) << e.what();
  }
}

TEST(PngIo, NotAPngAndMissingAndTruncated) {
  const std::string text_path = temp_path("not_png.png");
  std::ofstream(text_path) << "hello, not a PNG";
  EXPECT_THROW(read_png_rgb8(text_path), std::runtime_error);
  EXPECT_THROW(read_png_rgb8(temp_path("does_not_exist.png")), std::runtime_error);

  RgbImage rgb;
  rgb.height = rgb.width = 16;
  rgb.rgb.assign(16 * 16 * 3, 7);
  const std::vector<std::uint8_t> bytes = encode_png_rgb8(rgb);
  const std::string cut_path = temp_path("cut.png");
  std::ofstream(cut_path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 40);
  EXPECT_THROW(read_png_rgb8(cut_path), std::runtime_error);
}

TEST(PngIo, BufferSizeMismatchIsRejected) {
  RgbImage rgb;
  rgb.height = 2;
  rgb.width = 2;
  rgb.rgb.assign(5, 0);
  EXPECT_THROW(encode_png_rgb8(rgb), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::data
