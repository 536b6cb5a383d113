// The portable tensor kernel: the same arithmetic as the AVX-512 kernel, one element at a
// time in 64-bit integers (exact for int32 accumulators, see requant_tensor.h).
#include "quant/requant/requant_tensor_kernels.h"
#include "quant/requant/requant_tensor_lane.h"

namespace npusim::quant::tensor_kernels {
namespace {

template <RoundingMode kMode, bool kLeaky>
std::size_t run(const std::int32_t* acc, std::size_t count, const ChannelTable& table, std::int32_t* out) {
  const std::size_t channels = table.size();
  for (std::size_t row = 0; row < count; row += channels) {
    for (std::size_t c = 0; c < channels; ++c) {
      const std::int64_t value = acc[row + c];
      const bool negative_side = kLeaky && value < 0;
      const std::int64_t multiplier = negative_side ? table.negative_multiplier[c] : table.multiplier[c];
      const std::int64_t shift = negative_side ? table.negative_shift[c] : table.shift[c];
      std::int64_t scaled;
      if constexpr (kMode == RoundingMode::kFp32) {
        scaled = lane::round_scaled_fp32(value, negative_side ? table.negative_scale[c] : table.scale[c]);
      } else if constexpr (kMode == RoundingMode::kTfliteDouble) {
        if (!lane::tflite_double_accepts(value, shift)) return row + c;
        scaled = lane::round_scaled_tflite_double(value, multiplier, shift);
      } else {
        scaled = lane::round_scaled_exact<kMode>(value * multiplier, shift);
      }
      out[row + c] = lane::clamp_to_output(scaled + table.zero_point[c], table.lower[c], table.upper[c]);
    }
  }
  return kNoViolation;
}

template <RoundingMode kMode>
std::size_t run_mode(const std::int32_t* acc, std::size_t count, const ChannelTable& table, std::int32_t* out) {
  return table.leaky ? run<kMode, true>(acc, count, table, out) : run<kMode, false>(acc, count, table, out);
}

}  // namespace

std::size_t requantize_portable(const std::int32_t* acc, std::size_t count, const ChannelTable& table,
                                RoundingMode mode, std::int32_t* out) {
  return dispatch_rounding_mode(mode, [&](auto mode_constant) {
    return run_mode<decltype(mode_constant)::value>(acc, count, table, out);
  });
}

}  // namespace npusim::quant::tensor_kernels
