// Cross-check of the FP16 and BF16 encoders against PyTorch (Debian python3-torch), a peer
// we did not write: tests/quant/torch_float_formats.py converts random float32 values with
// tensor.to(torch.float16 / torch.bfloat16) and we compare bit for bit. NaN inputs only
// need to give a NaN code: torch's BF16 conversion drops the NaN's sign (0x7fc0 always),
// ours keeps it (documented in docs/quantizers.md). Skips when torch is not installed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "quant/formats/float_formats.h"
#include "quant/io/npy.h"

namespace npusim::quant {
namespace {

bool is_nan_code(std::uint16_t code, const MiniFloatFormat& format) {
  return std::isnan(decode_minifloat(code, format));
}

TEST(FloatFormatsTorch, Fp16AndBf16MatchTorchBitForBit) {
  const std::string python = "/usr/bin/python3";
  // scripts/setup.sh installs every peer: one missing in CI is a failure, never a skip.
  ASSERT_TRUE(std::filesystem::exists(python)) << python << " not found";
  const std::filesystem::path out_dir =
      std::filesystem::temp_directory_path() / ("npusim_torch_float_formats_" + std::to_string(::getpid()));
  std::filesystem::create_directories(out_dir);
  const int seed = 20261124;
  const std::string command = python + " " + NPUSIM_SOURCE_DIR + "/tests/quant/torch_float_formats.py " +
                              out_dir.string() + " " + std::to_string(seed) + " 300000";
  const int status = std::system(command.c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
    std::filesystem::remove_all(out_dir);
    FAIL() << "torch is not importable by " << python;
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;

  const std::vector<float> values = io::load_npy((out_dir / "values.npy").string()).to_float();
  const std::vector<std::int64_t> torch_fp16 = io::load_npy((out_dir / "torch_fp16_bits.npy").string()).to_int64();
  const std::vector<std::int64_t> torch_bf16 = io::load_npy((out_dir / "torch_bf16_bits.npy").string()).to_int64();
  std::filesystem::remove_all(out_dir);
  ASSERT_EQ(values.size(), 300000u);
  ASSERT_EQ(torch_fp16.size(), values.size());
  ASSERT_EQ(torch_bf16.size(), values.size());

  int nan_inputs = 0;
  for (std::size_t index = 0; index < values.size(); ++index) {
    const auto expected_fp16 = static_cast<std::uint16_t>(torch_fp16[index]);
    const auto expected_bf16 = static_cast<std::uint16_t>(torch_bf16[index]);
    const std::uint16_t ours_fp16 = float_to_fp16_bits(values[index]);
    const std::uint16_t ours_bf16 = float_to_bf16_bits(values[index]);
    if (std::isnan(values[index])) {
      ++nan_inputs;
      EXPECT_TRUE(is_nan_code(ours_fp16, kFp16) && is_nan_code(expected_fp16, kFp16)) << index;
      EXPECT_TRUE(is_nan_code(ours_bf16, kBf16) && is_nan_code(expected_bf16, kBf16)) << index;
      continue;
    }
    ASSERT_EQ(ours_fp16, expected_fp16) << "fp16 of " << values[index] << " (element " << index << ", seed " << seed << ")";
    ASSERT_EQ(ours_bf16, expected_bf16) << "bf16 of " << values[index] << " (element " << index << ", seed " << seed << ")";
  }
  // Random bit patterns hit NaN about 1/256 of the time: the comparison above must have
  // covered plenty of ordinary values, and some NaNs.
  EXPECT_GT(nan_inputs, 0);
  EXPECT_LT(nan_inputs, 2000);
}

}  // namespace
}  // namespace npusim::quant
