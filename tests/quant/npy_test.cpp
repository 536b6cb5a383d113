// .npy reading and writing. Expected bytes come from the published format
// (numpy/doc/neps/nep-0001-npy-format.rst): magic, version, little-endian header length,
// a Python dict literal padded with spaces to a 64-byte boundary and ending in '\n'.
#include "quant/io/npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace npusim::io {
namespace {

std::vector<std::uint8_t> bytes_of(const std::string& header, const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> file = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  std::string padded = header;
  while ((10 + padded.size() + 1) % 64 != 0) padded.push_back(' ');
  padded.push_back('\n');
  file.push_back(static_cast<std::uint8_t>(padded.size() & 0xff));
  file.push_back(static_cast<std::uint8_t>(padded.size() >> 8));
  file.insert(file.end(), padded.begin(), padded.end());
  file.insert(file.end(), data.begin(), data.end());
  return file;
}

TEST(Npy, ParsesInt16Vector) {
  // int16 values 1, -2 little-endian: 01 00, fe ff.
  const auto file = bytes_of("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", {0x01, 0x00, 0xfe, 0xff});
  const NpyArray array = parse_npy(file, "test");
  EXPECT_EQ(array.dtype, NpyDtype::kInt16);
  ASSERT_EQ(array.shape.size(), 1u);
  EXPECT_EQ(array.shape[0], 2);
  EXPECT_EQ(array.to_int64(), (std::vector<std::int64_t>{1, -2}));
}

TEST(Npy, DecodesFloat16Exactly) {
  // 0x3c00 = 1.0, 0xc000 = -2.0, 0x0001 = 2^-24 (smallest subnormal), 0x7bff = 65504.
  const auto file = bytes_of("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }",
                             {0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0xff, 0x7b});
  const auto values = parse_npy(file, "test").to_float();
  EXPECT_EQ(values[0], 1.0f);
  EXPECT_EQ(values[1], -2.0f);
  EXPECT_EQ(values[2], 5.9604644775390625e-08f);
  EXPECT_EQ(values[3], 65504.0f);
}

TEST(Npy, ScalarShape) {
  const auto file = bytes_of("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", {0, 0, 0x80, 0x3f});
  const NpyArray array = parse_npy(file, "test");
  EXPECT_TRUE(array.shape.empty());
  EXPECT_EQ(array.to_float(), std::vector<float>{1.0f});
}

TEST(Npy, RejectsUnsupportedAndMalformed) {
  EXPECT_THROW(parse_npy(bytes_of("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", std::vector<std::uint8_t>(8)), "t"),
               std::runtime_error);
  EXPECT_THROW(parse_npy(bytes_of("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", std::vector<std::uint8_t>(4)), "t"),
               std::runtime_error);
  EXPECT_THROW(parse_npy(bytes_of("{'descr': '<i4', 'fortran_order': True, 'shape': (1,), }", std::vector<std::uint8_t>(4)), "t"),
               std::runtime_error);
  // Data shorter than the shape says.
  EXPECT_THROW(parse_npy(bytes_of("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", std::vector<std::uint8_t>(8)), "t"),
               std::runtime_error);
  // Absurd shape is rejected before allocating.
  EXPECT_THROW(parse_npy(bytes_of("{'descr': '<i4', 'fortran_order': False, 'shape': (100000000, 100000000, 1000), }", {}), "t"),
               std::runtime_error);
  EXPECT_THROW(parse_npy({'n', 'o', 't', 'n', 'p', 'y', 0, 0, 0, 0, 0}, "t"), std::runtime_error);
  try {
    parse_npy(bytes_of("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", std::vector<std::uint8_t>(8)), "x.npy");
    FAIL() << "expected an error for dtype <f8";  // without it, accepting <f8 passed this test
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("x.npy"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("<f8"), std::string::npos);
  }
}

TEST(Npy, SaveWritesPublishedLayoutAndRoundTrips) {
  const std::string path = ::testing::TempDir() + "/npy_roundtrip.npy";
  save_npy(path, make_npy_float32({2, 3}, {1, 2, 3, 4, 5, 6}));
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GE(file.size(), 128u);
  EXPECT_EQ(file[0], 0x93);
  EXPECT_EQ(std::string(file.begin() + 1, file.begin() + 6), "NUMPY");
  const std::size_t header_len = file[8] | (file[9] << 8);
  EXPECT_EQ((10 + header_len) % 64, 0u);
  EXPECT_EQ(file[10 + header_len - 1], '\n');
  const std::string header(file.begin() + 10, file.begin() + 10 + header_len);
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos);
  const NpyArray back = load_npy(path);
  EXPECT_EQ(back.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(back.to_float(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  std::remove(path.c_str());
}

TEST(Npy, MissingFileNamesThePath) {
  try {
    load_npy("/nonexistent/dir/x.npy");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/x.npy"), std::string::npos);
  }
}

}  // namespace
}  // namespace npusim::io
