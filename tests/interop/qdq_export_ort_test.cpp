// `npusim export-qdq` against ONNX Runtime: a plan calibrated by npusim, exported as a QDQ
// model and run by ONNX Runtime, agrees with the golden executor
//  - at optimisation level "basic" (QDQ semantics as written: float requantization, tables
//    and resize weights in float): SQNR >= 35 dB;
//  - at level "all" (its fused integer kernels, which run some operators, e.g. Resize, directly
//    on int8 codes with their own rounding): SQNR >= 30 dB.
// docs/ptq.md ("QDQ export") lists the expected differences and the measured values. Models:
// the bundled depth_tiny and depth_l2_relu, and generated ones covering convs, pooling,
// resize, layer norm, softmax, GELU, batched MatMul and a ViT block. A missing peer is a
// failure, not a skip.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "models/executor/tensor_files.h"
#include "quant/io/npy.h"
#include "quant/metrics/error_metrics.h"
#include "tests/interop/interop_support.h"

namespace npusim::interop {
namespace {
namespace fs = std::filesystem;

constexpr double kMinimumSqnrDb = 35.0;           // ONNX Runtime level "basic"
constexpr double kMinimumFusedSqnrDb = 30.0;      // level "all"

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
                        const std::string& input_npy, double* sqnr, double* fused_sqnr) {
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
        "node " + shell_quote(source_dir() + "/tests/interop/node/run_ort.js") + " --optimize basic --model " +
            shell_quote(qdq) + " --input " + shell_quote(input_npy) + " --out-dir " + shell_quote(dir + "/ort_basic"),
        "node " + shell_quote(source_dir() + "/tests/interop/node/run_ort.js") + " --optimize all --model " +
            shell_quote(qdq) + " --input " + shell_quote(input_npy) + " --out-dir " + shell_quote(dir + "/ort_all")}) {
    const CommandResult result = run_command(command, dir);
    if (result.exit_code != 0) return command + " failed (exit " + std::to_string(result.exit_code) + "): " + result.output;
  }
  const io::NpyArray got = io::load_npy(golden);
  for (const auto& [folder, out] : {std::pair{std::string("/ort_basic"), sqnr}, std::pair{std::string("/ort_all"), fused_sqnr}}) {
    std::vector<fs::path> outputs;
    for (const auto& entry : fs::directory_iterator(dir + folder)) outputs.push_back(entry.path());
    if (outputs.size() != 1) return "expected one ONNX Runtime output, got " + std::to_string(outputs.size());
    const io::NpyArray want = io::load_npy(outputs[0].string());
    if (want.shape != got.shape) return "shapes differ";
    const std::vector<float> a = want.to_float(), b = got.to_float();
    *out = quant::sqnr_db(a.data(), b.data(), a.size());
  }
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
  double sqnr = 0.0, fused_sqnr = 0.0;
  const std::string problem = compare_qdq(GetParam(), model, calibration, input, &sqnr, &fused_sqnr);
  ASSERT_TRUE(problem.empty()) << problem;
  std::printf("%s: ONNX Runtime vs golden executor SQNR %.1f dB (basic), %.1f dB (all)\n", GetParam().c_str(), sqnr,
              fused_sqnr);
  EXPECT_GE(sqnr, kMinimumSqnrDb) << GetParam();
  EXPECT_GE(fused_sqnr, kMinimumFusedSqnrDb) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Generated, QdqExportModel,
                         ::testing::Values("conv_strided_op13", "conv_depthwise_op13", "clip_relu6_op13",
                                           "pooling_op13", "resize_bilinear_op13", "layernorm_op17",
                                           "softmax_lastaxis_op13", "gelu_erf_op13", "matmul_batched_op13",
                                           "vit_block_op17"));

class QdqExportBundled : public ::testing::TestWithParam<std::string> {};

// The bundled networks (depth_tiny for tests, depth_l2_relu the default of every study).
TEST_P(QdqExportBundled, AgreesWithTheGoldenExecutor) {
  const std::string peer = peer_unavailable_reason();
  ASSERT_TRUE(peer.empty()) << peer;
  const std::string scenes = work_dir() + "/qdq_" + GetParam() + "_scenes";
  if (!fs::exists(scenes + "/manifest.json")) {
    const CommandResult generated = run_command(
        shell_quote(npusim_path()) + " scenes --count 8 --seed 5 --size 128x160 --out " + shell_quote(scenes), work_dir());
    ASSERT_EQ(generated.exit_code, 0) << generated.output;
  }
  const std::string input = work_dir() + "/qdq_" + GetParam() + "_input.npy";
  models::save_tensor_npy(input, models::load_tensor_file(scenes + "/rgb/000007.png"));
  double sqnr = 0.0, fused_sqnr = 0.0;
  const std::string problem =
      compare_qdq(GetParam(), source_dir() + "/models/" + GetParam() + ".onnx", scenes, input, &sqnr, &fused_sqnr);
  ASSERT_TRUE(problem.empty()) << problem;
  std::printf("%s: ONNX Runtime vs golden executor SQNR %.1f dB (basic), %.1f dB (all)\n", GetParam().c_str(), sqnr,
              fused_sqnr);
  EXPECT_GE(sqnr, kMinimumSqnrDb);
  EXPECT_GE(fused_sqnr, kMinimumFusedSqnrDb);
}

INSTANTIATE_TEST_SUITE_P(Bundled, QdqExportBundled, ::testing::Values("depth_tiny", "depth_l2_relu"));

}  // namespace
}  // namespace npusim::interop
