// Tensor file helpers of `npusim run`: safe dump names, .npy round trip, input checks.
#include <gtest/gtest.h>

#include <filesystem>

#include "models/executor/tensor_files.h"
#include "quant/io/npy.h"

namespace npusim::models {
namespace {

TEST(TensorFilesTest, SafeNamesCannotLeaveTheDumpDirectory) {
  EXPECT_EQ(safe_tensor_file_name("/encoder/conv1/Conv_output_0"), "_encoder_conv1_Conv_output_0");
  EXPECT_EQ(safe_tensor_file_name("../etc/passwd"), "_.._etc_passwd");  // no '/', no leading dot
  EXPECT_EQ(safe_tensor_file_name(".."), "_..");
  EXPECT_EQ(safe_tensor_file_name(""), "_");
  EXPECT_EQ(safe_tensor_file_name("a b:c*d"), "a_b_c_d");
  EXPECT_EQ(safe_tensor_file_name("depth_int.1-x"), "depth_int.1-x");
}

TEST(TensorFilesTest, NpyRoundTripAndRejections) {
  const auto dir = std::filesystem::temp_directory_path() / ("npusim_tensor_files_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "t.npy").string();
  save_tensor_npy(path, Tensor::from_floats({2, 2}, {1.5f, -2, 0, 4}));
  const Tensor loaded = load_tensor_file(path);
  EXPECT_EQ(loaded.shape, (Shape{2, 2}));
  EXPECT_EQ(loaded.data, (std::vector<float>{1.5f, -2, 0, 4}));

  save_tensor_npy(path, Tensor::from_ints({3}, {7, -1, 2}));
  const Tensor ints = load_tensor_file(path);
  EXPECT_EQ(ints.dtype, DataType::kInt64);
  EXPECT_EQ(ints.int_data, (std::vector<std::int64_t>{7, -1, 2}));

  io::save_npy(path, io::make_npy_float32({2}, {1.0f, std::numeric_limits<float>::quiet_NaN()}));
  EXPECT_THROW(load_tensor_file(path), std::runtime_error);  // NaN input is refused
  EXPECT_THROW(load_tensor_file((dir / "t.txt").string()), std::runtime_error);  // neither .npy nor .png
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace npusim::models
