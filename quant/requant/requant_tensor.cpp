// Tensor fast path: parameter checks, the per-channel table, kernel choice and the error
// for a tflite_double precondition violation. The kernels are requant_tensor_{portable,avx512}.cpp.
#include "quant/requant/requant_tensor.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "quant/requant/requant_tensor_kernels.h"

namespace npusim::quant {
namespace {

using tensor_kernels::ChannelTable;

float fp32_scale(std::int32_t multiplier, int shift) {
  return static_cast<float>(std::ldexp(static_cast<double>(multiplier), -shift));
}

ChannelTable build_table(const RequantParams* channel_params, std::size_t channels, RoundingMode mode) {
  if (channels == 0) throw std::invalid_argument("requantize_tensor: zero channels");
  ChannelTable table;
  table.leaky = channel_params[0].activation == FusedActivation::kLeakyRelu;
  for (std::size_t c = 0; c < channels; ++c) {
    const RequantParams& p = channel_params[c];
    try {
      validate_requant_params(p, mode);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("channel " + std::to_string(c) + ": " + e.what());
    }
    if ((p.activation == FusedActivation::kLeakyRelu) != table.leaky) {
      throw std::invalid_argument("channel " + std::to_string(c) +
                                  ": activation differs from channel 0 (LeakyReLU must be all or none)");
    }
    table.multiplier.push_back(p.multiplier);
    table.shift.push_back(p.shift);
    table.negative_multiplier.push_back(table.leaky ? p.negative_multiplier : p.multiplier);
    table.negative_shift.push_back(table.leaky ? p.negative_shift : p.shift);
    table.zero_point.push_back(p.zero_point);
    table.lower.push_back(p.activation == FusedActivation::kRelu ? std::max(p.qmin, p.zero_point) : p.qmin);
    table.upper.push_back(p.qmax);
    table.scale.push_back(fp32_scale(p.multiplier, p.shift));
    table.negative_scale.push_back(table.leaky ? fp32_scale(p.negative_multiplier, p.negative_shift)
                                               : table.scale.back());
  }
  return table;
}

void run_kernel(const std::int32_t* acc, std::size_t count, const ChannelTable& table, RoundingMode mode,
                std::int32_t* out, VectorPath path) {
  if (count % table.size() != 0) {
    throw std::invalid_argument("requantize_tensor: element count " + std::to_string(count) +
                                " is not a multiple of the channel count " + std::to_string(table.size()));
  }
  if (path == VectorPath::kAvx512 && !tensor_kernels::avx512_supported()) {
    throw std::runtime_error("requantize_tensor: the AVX-512 path was asked for but this CPU or build lacks it");
  }
  const bool use_avx512 =
      path == VectorPath::kAvx512 || (path == VectorPath::kAuto && tensor_kernels::avx512_supported());
  const std::size_t violation = use_avx512 ? tensor_kernels::requantize_avx512(acc, count, table, mode, out)
                                           : tensor_kernels::requantize_portable(acc, count, table, mode, out);
  if (violation != tensor_kernels::kNoViolation) {
    const std::size_t c = violation % table.size();
    const bool negative_side = table.leaky && acc[violation] < 0;
    const std::int64_t shift = negative_side ? table.negative_shift[c] : table.shift[c];
    throw std::invalid_argument("element " + std::to_string(violation) + ": acc " + std::to_string(acc[violation]) +
                                " << " + std::to_string(31 - shift) +
                                " does not fit int32 (tflite_double precondition, shift " + std::to_string(shift) +
                                ")");
  }
}

}  // namespace

bool avx512_requant_available() { return tensor_kernels::avx512_supported(); }

const char* auto_requant_path_name() { return tensor_kernels::avx512_supported() ? "avx512" : "portable"; }

void requantize_tensor(const std::int32_t* acc, std::size_t count, const RequantParams& params, RoundingMode mode,
                       std::int32_t* out, VectorPath path) {
  run_kernel(acc, count, build_table(&params, 1, mode), mode, out, path);
}

void requantize_tensor_per_channel(const std::int32_t* acc, std::size_t count, const RequantParams* channel_params,
                                   std::size_t channels, RoundingMode mode, std::int32_t* out, VectorPath path) {
  run_kernel(acc, count, build_table(channel_params, channels, mode), mode, out, path);
}

void requantize_tensor_channel_blocks(const std::int32_t* acc, std::size_t count, const RequantParams* channel_params,
                                      std::size_t channels, RoundingMode mode, std::int32_t* out, VectorPath path) {
  if (channels == 0 || count % channels != 0) {
    throw std::invalid_argument("requantize_tensor_channel_blocks: element count " + std::to_string(count) +
                                " is not a multiple of the channel count " + std::to_string(channels));
  }
  const std::size_t block = count / channels;
  for (std::size_t c = 0; c < channels; ++c) {
    try {
      requantize_tensor(acc + c * block, block, channel_params[c], mode, out + c * block, path);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("channel " + std::to_string(c) + " (elements from " + std::to_string(c * block) +
                                  "): " + e.what());
    }
  }
}

// hi = floor(w / 2^b), lo = w mod 2^b (see split_dual_output); a plain loop the compiler vectorises.
void split_dual_output_tensor(const std::int32_t* wide, std::size_t count, int lo_bits, std::int32_t* hi,
                              std::int32_t* lo) {
  if (lo_bits < 0 || lo_bits > 30) {
    throw std::invalid_argument("lo_bits " + std::to_string(lo_bits) + " outside 0..30");
  }
  const std::int32_t mask = static_cast<std::int32_t>((std::int64_t{1} << lo_bits) - 1);
  for (std::size_t i = 0; i < count; ++i) {
    const std::int32_t w = wide[i];
    hi[i] = w >> lo_bits;
    lo[i] = w & mask;
  }
}

}  // namespace npusim::quant
