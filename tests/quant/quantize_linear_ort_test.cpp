// Cross-check of the affine quantizer against ONNX Runtime's QuantizeLinear /
// DequantizeLinear (npm onnxruntime-node, run by tests/interop/node/run_ort.js), a peer we
// did not write. Inputs are crafted around every rounding threshold of the code range
// (floats nearest to (k + 1/2) * scale and their neighbours) plus random and saturating
// values. Expected: our `fp32` mode (binary32 quotient, ties to even) equals ORT bit for
// bit; our exact `half_even` differs only on binary32 false ties (docs/quantizers.md).
// Skips when node, onnxruntime-node or the onnx Python package is missing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

#include "quant/io/npy.h"
#include "quant/quantizer/affine_quantizer.h"

namespace npusim::quant {
namespace {

struct Peer {
  std::filesystem::path dir;
  std::string skip_reason;
};

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// Inputs: for every threshold k + 1/2 of the code range, the float nearest (k + 1/2) * scale
// and its two neighbours each side; then random values across and beyond the range.
std::vector<float> crafted_inputs(float scale, std::int32_t zero_point, std::int32_t qmin, std::int32_t qmax) {
  std::vector<float> values;
  for (std::int32_t code = qmin - 2; code <= qmax + 1; ++code) {
    const double threshold = (static_cast<double>(code - zero_point) + 0.5) * static_cast<double>(scale);
    float around = static_cast<float>(threshold);
    for (int step = 0; step < 2; ++step) around = std::nextafter(around, -INFINITY);
    for (int step = 0; step < 5; ++step, around = std::nextafter(around, INFINITY)) values.push_back(around);
  }
  std::mt19937 generator(31337);
  const double span = static_cast<double>(qmax - qmin) * static_cast<double>(scale);
  std::uniform_real_distribution<double> uniform(-1.5 * span, 1.5 * span);
  for (int sample = 0; sample < 20000; ++sample) values.push_back(static_cast<float>(uniform(generator)));
  return values;
}

void check_against_ort(const char* dtype, std::uint32_t scale_bits, std::int32_t zero_point) {
  // scripts/setup.sh installs every peer: one missing in CI is a failure, never a skip.
  ASSERT_EQ(run("command -v node >/dev/null 2>&1"), 0) << "node is not installed (bash scripts/setup.sh)";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("npusim_ql_ort_" + std::string(dtype) + "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string model = (dir / "model.onnx").string();
  char scale_hex[16];
  std::snprintf(scale_hex, sizeof scale_hex, "%08x", scale_bits);
  const int made = run("/usr/bin/python3 " + std::string(NPUSIM_SOURCE_DIR) +
                       "/tests/quant/make_quantize_linear_model.py " + model + " " + scale_hex + " " +
                       std::to_string(zero_point) + " " + dtype + " > " + (dir / "make.log").string() + " 2>&1");
  ASSERT_NE(made, 3) << "python onnx package missing (bash scripts/setup.sh)";
  ASSERT_EQ(made, 0) << "model generator failed, see " << (dir / "make.log");

  float scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);
  QuantSpec spec;
  spec.bits = std::string(dtype).find("16") != std::string::npos ? 16 : 8;
  spec.is_signed = std::string(dtype).substr(0, 3) == "int";
  const QParams params{scale, zero_point};
  const std::vector<float> inputs = crafted_inputs(scale, zero_point, spec.qmin(), spec.qmax());
  io::save_npy((dir / "x.npy").string(), io::make_npy_float32({static_cast<std::int64_t>(inputs.size())}, inputs));
  const int ran = run("node " + std::string(NPUSIM_SOURCE_DIR) + "/tests/interop/node/run_ort.js --model " + model +
                      " --input " + (dir / "x.npy").string() + " --out-dir " + (dir / "out").string() + " > " +
                      (dir / "ort.log").string() + " 2>&1");
  ASSERT_NE(ran, 3) << "onnxruntime-node is not installed (bash scripts/setup.sh)";
  ASSERT_EQ(ran, 0) << "run_ort.js failed, see " << (dir / "ort.log");

  const std::vector<std::int64_t> ort_codes = io::load_npy((dir / "out" / "y.npy").string()).to_int64();
  const std::vector<float> ort_back = io::load_npy((dir / "out" / "x_back.npy").string()).to_float();
  ASSERT_EQ(ort_codes.size(), inputs.size());
  QuantSpec fp32_spec = spec;
  fp32_spec.rounding = RoundingMode::kFp32;
  QuantSpec exact_spec = spec;
  exact_spec.rounding = RoundingMode::kHalfEven;
  int false_ties = 0;
  for (std::size_t index = 0; index < inputs.size(); ++index) {
    const float x = inputs[index];
    const std::int32_t ours_fp32 = quantize_value(x, params, fp32_spec);
    ASSERT_EQ(ours_fp32, ort_codes[index]) << "x = " << x << " (bits " << std::hex << bits_of(x) << ")";
    ASSERT_EQ(bits_of(dequantize_value(ours_fp32, params)), bits_of(ort_back[index])) << "dequantize of " << ours_fp32;
    const std::int32_t ours_exact = quantize_value(x, params, exact_spec);
    if (ours_exact != ours_fp32) {
      // Only allowed where the binary32 quotient is an exact tie that the real quotient is not.
      const float quotient = x / scale;
      const double real = static_cast<double>(x) / static_cast<double>(scale);
      ASSERT_EQ(quotient - std::floor(quotient), 0.5f) << "x = " << x;
      ASSERT_NE(real - std::floor(real), 0.5) << "x = " << x;
      ++false_ties;
    }
  }
  std::filesystem::remove_all(dir);
  std::printf("%s: %zu values, %d binary32 false ties where exact half_even differs from ORT\n", dtype,
              inputs.size(), false_ties);
}

TEST(QuantizeLinearOrt, Uint8MatchesOnnxRuntimeBitForBit) {
  check_against_ort("uint8", 0x3dcccccdu, 3);  // scale 0.1f, zero point 3
}

TEST(QuantizeLinearOrt, Int8MatchesOnnxRuntimeBitForBit) {
  check_against_ort("int8", 0x3c8efa35u, -7);  // scale 0.0174532924f (pi/180), zero point -7
}

TEST(QuantizeLinearOrt, Int16MatchesOnnxRuntimeBitForBit) {
  check_against_ort("int16", 0x3a83126fu, -100);  // scale 0.001f, zero point -100 (opset 21)
}

TEST(QuantizeLinearOrt, Uint16MatchesOnnxRuntimeBitForBit) {
  check_against_ort("uint16", 0x38d1b717u, 1000);  // scale 0.0001f, zero point 1000 (opset 21)
}

}  // namespace
}  // namespace npusim::quant
