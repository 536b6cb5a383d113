// The rounding study: on accumulators of realistic int8 convolutions, how often do two
// rounding modes give different int8 outputs? Answers the firmware question "does it matter
// that our NPU rounds like TFLite (tflite_double) and our reference like half_up, or that the
// runtime uses a float scale (fp32) instead of the exact half_even?".
//
// Model of a layer: K = kernel_h * kernel_w * input_channels; weights N(0, sigma_c) per output
// channel, quantized symmetric int8 per channel (scale max|w| / 127); inputs post-ReLU,
// max(0, N(0, 1)) quantized uint8 with scale 4 / 255 (zero point 0); int32 bias from
// N(0, 0.1); output symmetric int8 (or int16, output_bits) with the min/max-calibrated scale
// max|y| / qmax and clamp [-2^(b-1), 2^(b-1) - 1]; each
// channel's real multiplier s_in * s_w / s_out becomes (M, s) by quantize_multiplier.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "quant/requant/requant.h"

namespace npusim::sim {

struct RoundingStudyLayer {
  std::string name;
  int reduction_size;        // K: the number of products summed into one accumulator
  int output_channels;
  int positions;             // output positions per channel (accumulators = positions * channels)
};

// The layers studied by default: a depthwise 3x3, 3x3 convolutions with 16, 64 and 256 input
// channels, and a 1x1 with 512.
std::vector<RoundingStudyLayer> default_rounding_study_layers(int positions);

struct ModePair {
  quant::RoundingMode a, b;
};
// tflite_double vs half_up, fp32 vs half_even, and for scale half_even vs half_up, floor vs half_up.
std::vector<ModePair> default_rounding_study_pairs();

struct RoundingStudyRow {
  std::string layer;
  int reduction_size = 0;
  std::size_t accumulators = 0;
  int min_shift = 0, max_shift = 0;
  std::int64_t max_abs_acc = 0;
  std::size_t exact_ties = 0;             // acc * M / 2^s exactly x.5 (before the clamp)
  std::vector<std::size_t> differences;   // per pair: outputs that differ
};

// output_bits: 2..16, the width of the requantized output (8 = int8, 16 = int16).
std::vector<RoundingStudyRow> run_rounding_study(const std::vector<RoundingStudyLayer>& layers,
                                                 const std::vector<ModePair>& pairs, std::uint64_t seed,
                                                 int output_bits = 8);

}  // namespace npusim::sim
