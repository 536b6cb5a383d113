// The requantization contract (requant.h): parameter checks, the mode dispatcher, the fused
// activation, zero point, clamp and the dual-output split. The rounding rules themselves
// live one per file in round_<mode>.cpp.
#include "quant/requant/requant.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "quant/requant/rounding_modes.h"

namespace npusim::quant {
namespace {

constexpr std::array<std::pair<RoundingMode, std::string_view>, 7> kModeNames = {{
    {RoundingMode::kHalfUp, "half_up"},
    {RoundingMode::kHalfAway, "half_away"},
    {RoundingMode::kHalfEven, "half_even"},
    {RoundingMode::kFloor, "floor"},
    {RoundingMode::kTruncate, "truncate"},
    {RoundingMode::kTfliteDouble, "tflite_double"},
    {RoundingMode::kFp32, "fp32"},
}};

void check_multiplier_and_shift(std::int64_t multiplier, int shift, const char* multiplier_field,
                                const char* shift_field) {
  if (multiplier < 0 || multiplier > INT32_MAX) {
    throw std::invalid_argument(std::string(multiplier_field) + " " + std::to_string(multiplier) +
                                " outside 0..2147483647 (M must satisfy 0 <= M < 2^31)");
  }
  if (shift < 0 || shift > 63) {
    throw std::invalid_argument(std::string(shift_field) + " " + std::to_string(shift) + " outside 0..63");
  }
}

// The (M, s) pair the fused activation selects for this accumulator.
std::pair<std::int32_t, int> effective_scale(std::int64_t acc, const RequantParams& params) {
  if (params.activation == FusedActivation::kLeakyRelu && acc < 0) {
    return {params.negative_multiplier, params.negative_shift};
  }
  return {params.multiplier, params.shift};
}

}  // namespace

std::string_view rounding_mode_name(RoundingMode mode) {
  for (const auto& [candidate, name] : kModeNames) {
    if (candidate == mode) return name;
  }
  return "unknown";
}

std::optional<RoundingMode> parse_rounding_mode(std::string_view name) {
  for (const auto& [mode, candidate] : kModeNames) {
    if (candidate == name) return mode;
  }
  return std::nullopt;
}

bool is_exact_mode(RoundingMode mode) { return mode != RoundingMode::kFp32; }

void validate_requant_params(const RequantParams& params) {
  check_multiplier_and_shift(params.multiplier, params.shift, "multiplier", "shift");
  if (params.qmin > params.qmax) {
    throw std::invalid_argument("qmin " + std::to_string(params.qmin) + " exceeds qmax " +
                                std::to_string(params.qmax));
  }
  if (params.lo_bits < 0 || params.lo_bits > 30) {
    throw std::invalid_argument("lo_bits " + std::to_string(params.lo_bits) + " outside 0..30");
  }
  if (params.activation == FusedActivation::kLeakyRelu) {
    check_multiplier_and_shift(params.negative_multiplier, params.negative_shift, "negative_multiplier",
                               "negative_shift");
  }
}

void validate_requant_params(const RequantParams& params, RoundingMode mode) {
  validate_requant_params(params);
  if (mode != RoundingMode::kTfliteDouble) return;
  if (params.shift > 62) {
    throw std::invalid_argument("shift " + std::to_string(params.shift) + " exceeds 62, the tflite_double limit");
  }
  if (params.activation == FusedActivation::kLeakyRelu && params.negative_shift > 62) {
    throw std::invalid_argument("negative_shift " + std::to_string(params.negative_shift) +
                                " exceeds 62, the tflite_double limit");
  }
}

void check_requant_accumulator(std::int64_t acc, const RequantParams& params, RoundingMode mode) {
  if (mode != RoundingMode::kTfliteDouble) return;
  const auto [multiplier, shift] = effective_scale(acc, params);
  (void)multiplier;
  if (acc < INT32_MIN || acc > INT32_MAX) {
    throw std::invalid_argument("acc " + std::to_string(acc) + " does not fit int32 (tflite_double precondition)");
  }
  const int left_shift = shift < 31 ? 31 - shift : 0;
  const std::int64_t shifted = acc * (std::int64_t{1} << left_shift);
  if (shifted < INT32_MIN || shifted > INT32_MAX) {
    throw std::invalid_argument("acc " + std::to_string(acc) + " << " + std::to_string(left_shift) + " = " +
                                std::to_string(shifted) + " does not fit int32 (tflite_double precondition, shift " +
                                std::to_string(shift) + ")");
  }
}

std::int64_t round_scaled(std::int64_t acc, std::int32_t multiplier, int shift, RoundingMode mode) {
  check_multiplier_and_shift(multiplier, shift, "multiplier", "shift");
  switch (mode) {
    case RoundingMode::kHalfUp: return rounding::round_scaled_half_up(acc, multiplier, shift);
    case RoundingMode::kHalfAway: return rounding::round_scaled_half_away(acc, multiplier, shift);
    case RoundingMode::kHalfEven: return rounding::round_scaled_half_even(acc, multiplier, shift);
    case RoundingMode::kFloor: return rounding::round_scaled_floor(acc, multiplier, shift);
    case RoundingMode::kTruncate: return rounding::round_scaled_truncate(acc, multiplier, shift);
    case RoundingMode::kTfliteDouble: return rounding::round_scaled_tflite_double(acc, multiplier, shift);
    case RoundingMode::kFp32: return rounding::round_scaled_fp32(acc, multiplier, shift);
  }
  throw std::invalid_argument("unknown rounding mode");
}

// w = clamp(y + zp, lower, qmax) with lower = qmin, or max(qmin, zp) under kRelu (real 0 maps
// to zp, so clamping there is ReLU in the quantized domain). The sum is formed in __int128 so a
// saturated y cannot wrap; when lower > qmax (ReLU with zp > qmax) the result is qmax.
std::int32_t requantize(std::int64_t acc, const RequantParams& params, RoundingMode mode) {
  const auto [multiplier, shift] = effective_scale(acc, params);
  const std::int64_t scaled = round_scaled(acc, multiplier, shift, mode);
  const __int128 shifted = static_cast<__int128>(scaled) + params.zero_point;
  const std::int32_t lower =
      params.activation == FusedActivation::kRelu ? std::max(params.qmin, params.zero_point) : params.qmin;
  if (shifted > params.qmax) return params.qmax;
  if (shifted < lower) return std::min(lower, params.qmax);
  return static_cast<std::int32_t>(shifted);
}

// hi = floor(w / 2^b) (arithmetic shift), lo = w mod 2^b in 0..2^b - 1, so w == hi * 2^b + lo
// for negative w too. b <= 30 keeps 2^b - 1 inside int32.
DualOutput split_dual_output(std::int32_t wide, int lo_bits) {
  if (lo_bits < 0 || lo_bits > 30) {
    throw std::invalid_argument("lo_bits " + std::to_string(lo_bits) + " outside 0..30");
  }
  const std::int32_t mask = static_cast<std::int32_t>((std::int64_t{1} << lo_bits) - 1);
  return {wide >> lo_bits, wide & mask};
}

}  // namespace npusim::quant
