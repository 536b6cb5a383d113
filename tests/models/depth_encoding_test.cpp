// The 16-bit depth PNG codes (models/data/depth_encoding.h). Expected values are worked by
// hand from the KITTI rule code = round(depth * 256), 0 = invalid.
#include "models/data/depth_encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace npusim::data {
namespace {

TEST(DepthEncoding, WholeAndFractionalMetres) {
  EXPECT_EQ(encode_depth_kitti(1.0f), 256);   // 1 * 256
  EXPECT_EQ(encode_depth_kitti(0.5f), 128);   // 0.5 * 256
  EXPECT_EQ(encode_depth_kitti(15.0f), 3840);  // 15 * 256
  // 3.14159 * 256 = 804.247 -> 804
  EXPECT_EQ(encode_depth_kitti(3.14159f), 804);
  // 255.99 * 256 = 65533.44 -> 65533, still valid
  EXPECT_EQ(encode_depth_kitti(255.99f), 65533);
}

TEST(DepthEncoding, TiesRoundHalfUp) {
  // 1.5 / 256 m is code 1.5 exactly: half up gives 2; 2.5 / 256 gives 3.
  EXPECT_EQ(encode_depth_kitti(1.5f / 256.0f), 2);
  EXPECT_EQ(encode_depth_kitti(2.5f / 256.0f), 3);
}

TEST(DepthEncoding, InvalidAndOutOfRange) {
  EXPECT_EQ(encode_depth_kitti(0.0f), 0);
  EXPECT_EQ(encode_depth_kitti(-2.0f), 0);
  EXPECT_EQ(encode_depth_kitti(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(encode_depth_kitti(std::numeric_limits<float>::infinity()), 0);
  // 256 m * 256 = 65536 does not fit 16 bits: stored as invalid, like sky.
  EXPECT_EQ(encode_depth_kitti(256.0f), 0);
  // 65535.5 / 256 = 255.998 m rounds (half up) to 65536: invalid as well.
  EXPECT_EQ(encode_depth_kitti(65535.5f / 256.0f), 0);
  // The largest code: 65535 / 256 = 255.99609375 m.
  EXPECT_EQ(encode_depth_kitti(65535.0f / 256.0f), 65535);
}

TEST(DepthEncoding, TinyPositiveDepthStaysValid) {
  // 0.001 m * 256 = 0.256 rounds to 0, which would read as invalid: stored as code 1.
  EXPECT_EQ(encode_depth_kitti(0.001f), 1);
  // 1/512 m * 256 = 0.5 rounds half up to 1.
  EXPECT_EQ(encode_depth_kitti(1.0f / 512.0f), 1);
}

TEST(DepthEncoding, Decode) {
  EXPECT_EQ(decode_depth_code(0, DepthPngUnit::kKitti256), 0.0f);
  EXPECT_EQ(decode_depth_code(804, DepthPngUnit::kKitti256), 3.140625f);  // 804 / 256
  EXPECT_EQ(decode_depth_code(65535, DepthPngUnit::kKitti256), 255.99609375f);
  EXPECT_EQ(decode_depth_code(0, DepthPngUnit::kMillimetre), 0.0f);
  EXPECT_FLOAT_EQ(decode_depth_code(1500, DepthPngUnit::kMillimetre), 1.5f);  // NYU: 1500 mm
  EXPECT_FLOAT_EQ(decode_depth_code(65535, DepthPngUnit::kMillimetre), 65.535f);
}

TEST(DepthEncoding, ParseUnit) {
  EXPECT_EQ(parse_depth_png_unit("kitti"), DepthPngUnit::kKitti256);
  EXPECT_EQ(parse_depth_png_unit("mm"), DepthPngUnit::kMillimetre);
  EXPECT_THROW(parse_depth_png_unit("cm"), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::data
