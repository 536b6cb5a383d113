// Requantization: the one exact definition every implementation (scalar golden, vectorised
// path, SystemC model, Verilog RTL) must match bit for bit. See docs/numerics.md.
//
//   y = R(acc * M / 2^s)   computed exactly (128-bit intermediate, no float except kFp32)
//   w = clamp(y + zero_point, qmin, qmax)
//   lo_bits == 0: q = w;   lo_bits = b > 0: hi = w >> b (arithmetic), lo = w & (2^b - 1)
//
// Preconditions (checked by validate_requant_params, which names the field):
//   0 <= multiplier < 2^31, 0 <= shift <= 63, qmin <= qmax, 0 <= lo_bits <= 30,
//   acc: any int64 for the exact modes (the INT16 path needs 48 bits; the 128-bit intermediate
//   covers all of int64), int32 with acc << max(0, 31 - s) in int32 for kTfliteDouble
//   (checked by check_requant_accumulator and round_scaled, not by validate_requant_params).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace npusim::quant {

enum class RoundingMode {
  kHalfUp,        // floor(x + 1/2): ties toward +inf (TFLite/CMSIS-NN single rounding)
  kHalfAway,      // ties away from zero (NVDLA, C round())
  kHalfEven,      // ties to even (ONNX QuantizeLinear, numpy, IEEE default)
  kFloor,         // toward -inf (arithmetic shift right; VTA)
  kTruncate,      // toward zero (C integer division)
  kTfliteDouble,  // gemmlowp SaturatingRoundingDoublingHighMul + RoundingDivideByPOT
  kFp32,          // rint(float(acc) * float(M * 2^-s)) in binary32, ties to even (not exact)
};

// Contract names: "half_up", "half_away", "half_even", "floor", "truncate",
// "tflite_double", "fp32".
std::string_view rounding_mode_name(RoundingMode mode);
std::optional<RoundingMode> parse_rounding_mode(std::string_view name);
// True for every mode except kFp32 (the exact integer modes the RTL implements).
bool is_exact_mode(RoundingMode mode);

// Activation fused into the requantization (applied before zero point and clamp):
//   kNone:      y = R(acc * M / 2^s)
//   kRelu:      as kNone, then the lower clamp becomes max(qmin, zero_point) (real 0 -> zp)
//   kLeakyRelu: acc >= 0: y = R(acc * M / 2^s); acc < 0: y = R(acc * M_neg / 2^s_neg)
//               (M_neg * 2^-s_neg = alpha * M * 2^-s, a second multiplier for the negative side)
enum class FusedActivation { kNone, kRelu, kLeakyRelu };

struct RequantParams {
  std::int32_t multiplier = 0;  // M, 0 <= M < 2^31
  int shift = 0;                // s, 0..63; real scale = M * 2^-s
  std::int32_t zero_point = 0;
  std::int32_t qmin = -128;
  std::int32_t qmax = 127;
  int lo_bits = 0;              // dual-output split; 0 = single output
  FusedActivation activation = FusedActivation::kNone;
  std::int32_t negative_multiplier = 0;  // M_neg, used only by kLeakyRelu
  int negative_shift = 0;                // s_neg, used only by kLeakyRelu
};

// Throws std::invalid_argument naming the offending field when a parameter is out of range.
void validate_requant_params(const RequantParams& params);
// As above, plus the mode's own limits (kTfliteDouble: shift and negative_shift <= 62).
void validate_requant_params(const RequantParams& params, RoundingMode mode);
// Throws std::invalid_argument when acc violates the mode's precondition under params. Only
// kTfliteDouble has one: acc and acc << max(0, 31 - s) fit int32, where (M, s) is the pair
// requantize would use (the negative side's under kLeakyRelu with acc < 0).
void check_requant_accumulator(std::int64_t acc, const RequantParams& params, RoundingMode mode);

// R(acc * M / 2^s) before zero point and clamp, exact for every int64 acc in the exact modes
// (a result beyond int64 saturates, which never changes the clamped output). Throws
// std::invalid_argument for M or s out of range. For kTfliteDouble, throws
// std::invalid_argument when acc or acc << max(0, 31 - s) does not fit int32, or s > 62.
std::int64_t round_scaled(std::int64_t acc, std::int32_t multiplier, int shift, RoundingMode mode);

// clamp(round_scaled(...) + zero_point, qmin, qmax) with the fused activation: the wide result w.
std::int32_t requantize(std::int64_t acc, const RequantParams& params, RoundingMode mode);

struct DualOutput {
  std::int32_t hi;
  std::int32_t lo;
};
// hi = w >> lo_bits (arithmetic), lo = w & (2^lo_bits - 1). lo_bits in 1..30 (0 is accepted
// as the identity split: hi = w, lo = 0); other values throw std::invalid_argument.
DualOutput split_dual_output(std::int32_t wide, int lo_bits);

}  // namespace npusim::quant
