// `npusim export-qdq` against ONNX Runtime: a plan calibrated by npusim, exported as a QDQ
// model and run by ONNX Runtime with every graph optimisation (its fused integer kernels),
// agrees with the golden executor within SQNR >= 35 dB (docs/ptq.md lists the expected
// differences: ONNX Runtime requantizes in float and evaluates tables in float). Models: the
// bundled depth_tiny and generated ones covering convs, pooling, resize, layer norm, softmax,
// GELU, batched MatMul and a ViT block. A missing peer is a failure, not a skip.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "models/executor/tensor_files.h"
#include "quant/io/npy.h"
#include "quant/metrics/error_metrics.h"
#include "tests/interop/interop_support.h"

namespace npusim::interop {
namespace {
namespace fs = std::filesystem;

constexpr double kMinimumSqnrDb = 35.0;

// Eight calibration samples around the generator's input: scaled and with noise, seeded.
std::string write_calibration_samples(const std::string& input_npy, const std::string& dir) {
  fs::create_directories(dir);
  const io::NpyArray input = io::load_npy(input_npy);
  const std::vector<float> values = input.to_float();
  double mean_abs = 0.0;
  for (float v : values) mean_abs += std::fabs(v) / static_cast<double>(values.size());
  std::mt19937 random(17);
  std::uniform_real_distribution<float> scale(0.6f, 1.4f);
  std::normal_distribution<float> noise(0.0f, static_cast<float>(0.1 * mean_abs));
  for (int i = 0; i < 8; ++i) {
    std::vector<float> sample(values.size());
    const float s = scale(random);
    for (std::size_t k = 0; k < values.size(); ++k) sample[k] = values[k] * s + noise(random);
    io::save_npy(dir + "/" + std::to_string(i) + ".npy", io::make_npy_float32(input.shape, sample));
  }
  return dir;
}

// Calibrate, export, run both; returns "" or the failure.
std::string compare_qdq(const std::string& name, const std::string& model, const std::string& calibration,
                        const std::string& input_npy, double* sqnr) {
  const std::string dir = work_dir() + "/qdq_" + name;
  fs::create_directories(dir);
  const std::string npusim = shell_quote(npusim_path());
  const std::string plan = dir + "/plan.json", qdq = dir + "/qdq.onnx", golden = dir + "/golden.npy";
  for (const std::string& command :
       {npusim + " calibrate --model " + shell_quote(model) + " --data " + shell_quote(calibration) + " --out " +
            shell_quote(plan) + " --calib-count 8",
        npusim + " export-qdq --model " + shell_quote(model) + " --plan " + shell_quote(plan) + " --out " + shell_quote(qdq),
        npusim + " run --model " + shell_quote(model) + " --plan " + shell_quote(plan) + " --decoded --input " +
            shell_quote(input_npy) + " --out " + shell_quote(golden),
        "node " + shell_quote(source_dir() + "/tests/interop/node/run_ort.js") + " --optimize all --model " +
            shell_quote(qdq) + " --input " + shell_quote(input_npy) + " --out-dir " + shell_quote(dir + "/ort")}) {
    const CommandResult result = run_command(command, dir);
    if (result.exit_code != 0) return command + " failed (exit " + std::to_string(result.exit_code) + "): " + result.output;
  }
  std::vector<fs::path> outputs;
  for (const auto& entry : fs::directory_iterator(dir + "/ort")) outputs.push_back(entry.path());
  if (outputs.size() != 1) return "expected one ONNX Runtime output, got " + std::to_string(outputs.size());
  const io::NpyArray want = io::load_npy(outputs[0].string());
  const io::NpyArray got = io::load_npy(golden);
  if (want.shape != got.shape) return "shapes differ";
  const std::vector<float> a = want.to_float(), b = got.to_float();
  *sqnr = quant::sqnr_db(a.data(), b.data(), a.size());
  return "";
}

class QdqExportModel : public ::testing::TestWithParam<std::string> {};

TEST_P(QdqExportModel, OnnxRuntimeAgreesWithTheGoldenExecutor) {
  const std::string peer = peer_unavailable_reason();
  ASSERT_TRUE(peer.empty()) << peer;
  const std::string generation = generate_model(GetParam());
  ASSERT_TRUE(generation.empty()) << generation;
  const std::string model = work_dir() + "/models/" + GetParam() + ".onnx";
  const std::string input = work_dir() + "/models/" + GetParam() + ".input.npy";
  const std::string calibration = write_calibration_samples(input, work_dir() + "/qdq_" + GetParam() + "_calibration");
  double sqnr = 0.0;
  const std::string problem = compare_qdq(GetParam(), model, calibration, input, &sqnr);
  ASSERT_TRUE(problem.empty()) << problem;
  EXPECT_GE(sqnr, kMinimumSqnrDb) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Generated, QdqExportModel,
                         ::testing::Values("conv_strided_op13", "conv_depthwise_op13", "clip_relu6_op13",
                                           "pooling_op13", "resize_bilinear_op13", "layernorm_op17",
                                           "softmax_lastaxis_op13", "gelu_erf_op13", "matmul_batched_op13",
                                           "vit_block_op17"));

TEST(QdqExport, BundledDepthTinyAgreesWithTheGoldenExecutor) {
  const std::string peer = peer_unavailable_reason();
  ASSERT_TRUE(peer.empty()) << peer;
  const std::string scenes = work_dir() + "/qdq_depth_tiny_scenes";
  const CommandResult generated =
      run_command(shell_quote(npusim_path()) + " scenes --count 8 --seed 5 --size 128x160 --out " + shell_quote(scenes),
                  work_dir());
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  const std::string input = work_dir() + "/qdq_depth_tiny_input.npy";
  models::save_tensor_npy(input, models::load_tensor_file(scenes + "/rgb/000007.png"));
  double sqnr = 0.0;
  const std::string problem =
      compare_qdq("depth_tiny", source_dir() + "/models/depth_tiny.onnx", scenes, input, &sqnr);
  ASSERT_TRUE(problem.empty()) << problem;
  EXPECT_GE(sqnr, kMinimumSqnrDb);
}

}  // namespace
}  // namespace npusim::interop
