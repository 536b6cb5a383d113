// Internal to the tensor fast path: the per-channel parameter table the kernels read and the
// kernel entry points of each instruction set. Not for use outside quant/requant/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "quant/requant/requant.h"

namespace npusim::quant::tensor_kernels {

// One entry per channel (a single entry for per-tensor parameters), structure of arrays so
// the AVX-512 kernel loads 8 channels at once. All integer fields are widened to int64.
struct ChannelTable {
  std::vector<std::int64_t> multiplier, shift, negative_multiplier, negative_shift;
  std::vector<std::int64_t> zero_point, lower, upper;  // lower = qmin, or max(qmin, zp) for ReLU
  std::vector<float> scale, negative_scale;             // float(M * 2^-s) for kFp32
  bool leaky = false;                                   // every channel shares the activation
  std::size_t size() const { return multiplier.size(); }
};

constexpr std::size_t kNoViolation = static_cast<std::size_t>(-1);

template <RoundingMode kMode>
using ModeConstant = std::integral_constant<RoundingMode, kMode>;

// Turns the run-time rounding mode into a compile-time one for the kernels, which are
// templates on the mode: calls run(ModeConstant<mode>{}) and returns its result.
template <typename Run>
std::size_t dispatch_rounding_mode(RoundingMode mode, Run&& run) {
  switch (mode) {
    case RoundingMode::kHalfUp: return run(ModeConstant<RoundingMode::kHalfUp>{});
    case RoundingMode::kHalfAway: return run(ModeConstant<RoundingMode::kHalfAway>{});
    case RoundingMode::kHalfEven: return run(ModeConstant<RoundingMode::kHalfEven>{});
    case RoundingMode::kFloor: return run(ModeConstant<RoundingMode::kFloor>{});
    case RoundingMode::kTruncate: return run(ModeConstant<RoundingMode::kTruncate>{});
    case RoundingMode::kTfliteDouble: return run(ModeConstant<RoundingMode::kTfliteDouble>{});
    case RoundingMode::kFp32: return run(ModeConstant<RoundingMode::kFp32>{});
  }
  return kNoViolation;
}

// Element i uses table entry i % table.size(); count is a multiple of table.size().
// Returns kNoViolation, or the index of the first element that violates kTfliteDouble's
// precondition; the kernel stops before storing the block holding it, so acc[index] is intact
// even when out == acc.
std::size_t requantize_portable(const std::int32_t* acc, std::size_t count, const ChannelTable& table,
                                RoundingMode mode, std::int32_t* out);
std::size_t requantize_avx512(const std::int32_t* acc, std::size_t count, const ChannelTable& table,
                              RoundingMode mode, std::int32_t* out);
bool avx512_supported();

}  // namespace npusim::quant::tensor_kernels
