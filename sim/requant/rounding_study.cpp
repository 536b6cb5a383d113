#include "sim/requant/rounding_study.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "quant/requant/quantize_multiplier.h"
#include "quant/requant/requant_tensor.h"

namespace npusim::sim {
namespace {

constexpr double kInputScale = 4.0 / 255.0;

// True when acc * M / 2^s is exactly halfway between two integers.
bool is_exact_tie(std::int64_t acc, std::int32_t multiplier, int shift) {
  if (shift == 0) return false;
  const __int128 product = static_cast<__int128>(acc) * multiplier;
  const __int128 mask = (static_cast<__int128>(1) << shift) - 1;
  return (product & mask) == (static_cast<__int128>(1) << (shift - 1));
}

}  // namespace

std::vector<RoundingStudyLayer> default_rounding_study_layers(int positions) {
  return {{"depthwise3x3", 9, 64, positions},
          {"conv3x3_c16", 144, 64, positions},
          {"conv3x3_c64", 576, 64, positions},
          {"conv3x3_c256", 2304, 64, positions},
          {"conv1x1_c512", 512, 64, positions}};
}

std::vector<ModePair> default_rounding_study_pairs() {
  using quant::RoundingMode;
  return {{RoundingMode::kTfliteDouble, RoundingMode::kHalfUp},
          {RoundingMode::kFp32, RoundingMode::kHalfEven},
          {RoundingMode::kHalfEven, RoundingMode::kHalfUp},
          {RoundingMode::kFloor, RoundingMode::kHalfUp}};
}

std::vector<RoundingStudyRow> run_rounding_study(const std::vector<RoundingStudyLayer>& layers,
                                                 const std::vector<ModePair>& pairs, std::uint64_t seed,
                                                 int output_bits) {
  if (output_bits < 2 || output_bits > 16) {
    throw std::invalid_argument("rounding study: output_bits " + std::to_string(output_bits) + " outside 2..16");
  }
  const std::int32_t output_qmax = (1 << (output_bits - 1)) - 1;
  std::mt19937_64 random(seed);
  std::normal_distribution<double> unit_gaussian(0.0, 1.0);
  std::vector<RoundingStudyRow> rows;
  for (const RoundingStudyLayer& layer : layers) {
    const int k_size = layer.reduction_size, channels = layer.output_channels, positions = layer.positions;
    // Inputs: post-ReLU activations, uint8 codes with zero point 0.
    std::vector<std::int32_t> inputs(static_cast<std::size_t>(positions) * k_size);
    for (auto& q : inputs) {
      q = static_cast<std::int32_t>(std::min(255.0, std::nearbyint(std::max(0.0, unit_gaussian(random)) / kInputScale)));
    }
    // Weights: He-like sigma sqrt(2 / K), varied per channel; symmetric per-channel int8.
    std::vector<std::int32_t> weights(static_cast<std::size_t>(channels) * k_size);
    std::vector<double> weight_scales(channels);
    std::vector<std::int32_t> biases(channels);
    for (int c = 0; c < channels; ++c) {
      const double sigma = std::sqrt(2.0 / k_size) * std::exp(0.3 * unit_gaussian(random));
      std::vector<double> w(k_size);
      double max_abs = 0;
      for (double& v : w) {
        v = sigma * unit_gaussian(random);
        max_abs = std::max(max_abs, std::fabs(v));
      }
      weight_scales[c] = max_abs / 127.0;
      for (int k = 0; k < k_size; ++k) {
        weights[static_cast<std::size_t>(c) * k_size + k] = static_cast<std::int32_t>(std::nearbyint(w[k] / weight_scales[c]));
      }
      biases[c] = static_cast<std::int32_t>(std::nearbyint(0.1 * unit_gaussian(random) / (kInputScale * weight_scales[c])));
    }
    // Accumulators, channel-major blocks (NCHW-like): acc[c][p].
    std::vector<std::int32_t> acc(static_cast<std::size_t>(channels) * positions);
    double max_abs_output = 0;
    for (int c = 0; c < channels; ++c) {
      const std::int32_t* w = &weights[static_cast<std::size_t>(c) * k_size];
      for (int p = 0; p < positions; ++p) {
        const std::int32_t* x = &inputs[static_cast<std::size_t>(p) * k_size];
        std::int32_t sum = biases[c];
        for (int k = 0; k < k_size; ++k) sum += x[k] * w[k];
        acc[static_cast<std::size_t>(c) * positions + p] = sum;
        max_abs_output = std::max(max_abs_output, std::fabs(sum * kInputScale * weight_scales[c]));
      }
    }
    const double output_scale = max_abs_output / output_qmax;
    std::vector<quant::RequantParams> params(channels);
    RoundingStudyRow row;
    row.layer = layer.name;
    row.reduction_size = k_size;
    row.accumulators = acc.size();
    row.min_shift = 63;
    for (int c = 0; c < channels; ++c) {
      const auto q = quant::quantize_multiplier(kInputScale * weight_scales[c] / output_scale);
      params[c].multiplier = q.multiplier;
      params[c].shift = q.shift;
      params[c].qmin = -output_qmax - 1;
      params[c].qmax = output_qmax;
      row.min_shift = std::min(row.min_shift, q.shift);
      row.max_shift = std::max(row.max_shift, q.shift);
    }
    for (std::size_t i = 0; i < acc.size(); ++i) {
      row.max_abs_acc = std::max<std::int64_t>(row.max_abs_acc, std::llabs(acc[i]));
      const auto& p = params[i / positions];
      if (is_exact_tie(acc[i], p.multiplier, p.shift)) ++row.exact_ties;
    }
    std::vector<std::int32_t> out_a(acc.size()), out_b(acc.size());
    for (const ModePair& pair : pairs) {
      quant::requantize_tensor_channel_blocks(acc.data(), acc.size(), params.data(), channels, pair.a, out_a.data());
      quant::requantize_tensor_channel_blocks(acc.data(), acc.size(), params.data(), channels, pair.b, out_b.data());
      std::size_t differ = 0;
      for (std::size_t i = 0; i < acc.size(); ++i) differ += out_a[i] != out_b[i] ? 1 : 0;
      row.differences.push_back(differ);
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace npusim::sim
