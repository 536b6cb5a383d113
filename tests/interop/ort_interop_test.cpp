// npusim's float executor (`npusim run`) against ONNX Runtime, a peer no one here wrote:
// every model of make_models.py (operators and opsets 11..17) and the bundled networks
// models/depth_*.onnx must agree within max|npusim - ort| <= 1e-4 * max(1, max|ort|)
// (docs/interop.md). A missing ONNX Runtime (node or the npm package) or a failing model
// generator is a test FAILURE with the reason, never a silent pass. Tests are skipped,
// with the reason, only while `npusim run` is not part of the build yet.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "quant/io/npy.h"
#include "tests/interop/interop_support.h"

namespace npusim::interop {
namespace {
namespace fs = std::filesystem;

// The generator's models; GeneratorListMatches keeps this list and make_models.py in step.
const std::vector<std::string> kGeneratedModels = {
    "conv_basic_op11", "conv_strided_op13", "conv_asymmetric_pad_op13", "conv_depthwise_op13",
    "conv_dilated_op12", "conv_grouped_nobias_op14", "convtranspose_op13", "convtranspose_grouped_op17",
    "batchnorm_op15", "leakyrelu_clip_op11", "clip_relu6_op13", "sigmoid_tanh_op15",
    "resize_nearest_op11", "resize_nearest_size_op13", "resize_bilinear_op13", "resize_bilinear_align_op13",
    "resize_bilinear_down_op17", "pooling_op13", "pooling_ceil_pad_op12", "global_avgpool_gemm_op11",
    "gemm_flatten_op13", "matmul_batched_op13", "softmax_op11", "softmax_lastaxis_op13",
    "layernorm_decomposed_op13", "layernorm_op17", "gelu_erf_op13", "shape_ops_op11", "shape_ops_op13",
    "squeeze_unsqueeze_op11", "squeeze_unsqueeze_op13", "pad_modes_op11", "pad_modes_op13",
    "arithmetic_broadcast_op13", "vit_block_op11", "vit_block_op14", "vit_block_op17",
    "resize_linear_half_pixel_op13", "resize_linear_pytorch_half_pixel_op13", "resize_linear_align_corners_op11",
    "resize_linear_asymmetric_op13", "resize_linear_tf_crop_and_resize_op11", "resize_nearest_asymmetric_floor_op13",
    "resize_nearest_half_pixel_prefer_floor_op13", "resize_nearest_half_pixel_prefer_ceil_op11",
    "resize_nearest_align_corners_ceil_op13", "resize_nearest_tf_half_pixel_op11",
};

const std::vector<std::string> kBundledModels = {"depth_tiny", "depth_l2_relu", "depth_l2_lrelu", "depth_dualhead"};

TEST(OrtInterop, PeerIsInstalled) {
  const std::string reason = peer_unavailable_reason();
  EXPECT_TRUE(reason.empty()) << reason;
}

TEST(OrtInterop, GeneratorListMatches) {
  EXPECT_EQ(generator_model_names(), kGeneratedModels)
      << "tests/interop/make_models.py --list and kGeneratedModels disagree: update both together";
}

class GeneratedModel : public ::testing::TestWithParam<std::string> {};

TEST_P(GeneratedModel, NpusimRunMatchesOnnxRuntime) {
  const std::string peer = peer_unavailable_reason();
  ASSERT_TRUE(peer.empty()) << peer;
  ASSERT_TRUE(npusim_run_available()) << "`npusim run --help` fails in this build";
  const std::string generation = generate_model(GetParam());
  ASSERT_TRUE(generation.empty()) << generation;
  const std::string models = work_dir() + "/models/";
  const std::string problem =
      run_and_compare(GetParam(), models + GetParam() + ".onnx", models + GetParam() + ".input.npy");
  EXPECT_TRUE(problem.empty()) << GetParam() << ": " << problem;
}

INSTANTIATE_TEST_SUITE_P(Operators, GeneratedModel, ::testing::ValuesIn(kGeneratedModels),
                         [](const auto& info) { return info.param; });

// A fixed pseudo-random image in [0, 1), 1x3x128x160 (the bundled networks' input).
std::string write_bundled_input() {
  const std::string path = work_dir() + "/bundled_input.npy";
  std::vector<float> values(3 * 128 * 160);
  std::uint32_t state = 12345;
  for (float& v : values) {
    state = state * 1664525u + 1013904223u;  // Numerical Recipes LCG: reproducible, no library
    v = static_cast<float>(state >> 8) / 16777216.0f;
  }
  io::save_npy(path, io::make_npy_float32({1, 3, 128, 160}, values));
  return path;
}

class BundledModel : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledModel, NpusimRunMatchesOnnxRuntime) {
  const std::string model = source_dir() + "/models/" + GetParam() + ".onnx";
  ASSERT_TRUE(fs::exists(model)) << model << " is missing (docs/training.md says which networks exist)";
  const std::string peer = peer_unavailable_reason();
  ASSERT_TRUE(peer.empty()) << peer;
  ASSERT_TRUE(npusim_run_available()) << "`npusim run --help` fails in this build";
  const std::string problem = run_and_compare(GetParam(), model, write_bundled_input());
  EXPECT_TRUE(problem.empty()) << GetParam() << ": " << problem;
}

INSTANTIATE_TEST_SUITE_P(Networks, BundledModel, ::testing::ValuesIn(kBundledModels),
                         [](const auto& info) { return info.param; });

// The norm itself, on hand-made arrays: it must accept what it should and catch the rest.
TEST(OrtInteropNorm, AcceptsWithinAndRejectsBeyondTolerance) {
  const std::string dir = work_dir() + "/norm/";
  fs::create_directories(dir);
  io::save_npy(dir + "want.npy", io::make_npy_float32({2, 2}, {0.5f, -20.0f, 3.0f, 0.0f}));
  // Allowed error: 1e-4 * max(1, 20) = 2e-3.
  io::save_npy(dir + "close.npy", io::make_npy_float32({2, 2}, {0.5015f, -20.0015f, 3.0f, 0.0f}));
  io::save_npy(dir + "far.npy", io::make_npy_float32({2, 2}, {0.5f, -20.0f, 3.003f, 0.0f}));
  io::save_npy(dir + "shape.npy", io::make_npy_float32({4}, {0.5f, -20.0f, 3.0f, 0.0f}));
  io::save_npy(dir + "nan.npy", io::make_npy_float32({2, 2}, {0.5f, -20.0f, 3.0f, std::nanf("")}));
  EXPECT_EQ(compare_within_norm(dir + "close.npy", dir + "want.npy"), "");
  EXPECT_NE(compare_within_norm(dir + "far.npy", dir + "want.npy"), "");
  EXPECT_NE(compare_within_norm(dir + "shape.npy", dir + "want.npy"), "");
  EXPECT_NE(compare_within_norm(dir + "nan.npy", dir + "want.npy"), "");
  // Below magnitude 1 the bound is absolute: 1e-4.
  io::save_npy(dir + "small_want.npy", io::make_npy_float32({1}, {1e-3f}));
  io::save_npy(dir + "small_got.npy", io::make_npy_float32({1}, {1.5e-3f}));
  EXPECT_NE(compare_within_norm(dir + "small_got.npy", dir + "small_want.npy"), "");
}

}  // namespace
}  // namespace npusim::interop
