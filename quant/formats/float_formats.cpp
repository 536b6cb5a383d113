// Generic minifloat encode/decode in exact integer arithmetic (no reliance on the host's
// float conversion instructions or FPU rounding mode). Tests: tests/quant/float_formats_test.cpp.
#include "quant/formats/float_formats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace npusim::quant {
namespace {

std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

struct FormatCodes {
  std::uint32_t mantissa_mask;
  std::uint32_t top_exponent;  // all-ones exponent field
  std::uint32_t nan;           // canonical quiet NaN, positive
  std::uint32_t infinity;      // meaningful only when has_infinity
  std::uint32_t max_finite;    // positive
};

FormatCodes codes_of(const MiniFloatFormat& format) {
  FormatCodes codes{};
  codes.mantissa_mask = (1u << format.mantissa_bits) - 1u;
  codes.top_exponent = (1u << format.exponent_bits) - 1u;
  if (format.has_infinity) {
    codes.infinity = codes.top_exponent << format.mantissa_bits;
    codes.nan = codes.infinity | (1u << (format.mantissa_bits - 1));  // quiet bit = top fraction bit
    codes.max_finite = ((codes.top_exponent - 1u) << format.mantissa_bits) | codes.mantissa_mask;
  } else {
    codes.infinity = 0;
    codes.nan = (codes.top_exponent << format.mantissa_bits) | codes.mantissa_mask;  // S.1111.111
    codes.max_finite = codes.nan - 1u;                                                // S.1111.110
  }
  return codes;
}

// Round sig * 2^-shift (shift > 0) to the nearest integer, ties to even. Exact: the
// discarded bits are compared with half of the last kept bit as integers.
std::uint64_t shift_right_nearest_even(std::uint64_t sig, int shift) {
  if (shift >= 40) return 0;  // sig < 2^24, so sig / 2^40 < 2^-16: below one half
  const std::uint64_t kept = sig >> shift;
  const std::uint64_t remainder = sig & ((std::uint64_t{1} << shift) - 1u);
  const std::uint64_t half = std::uint64_t{1} << (shift - 1);
  // Branch-free (& and | on the comparisons): the direction is unpredictable on real data.
  return kept + (static_cast<std::uint64_t>(remainder > half) |
                 (static_cast<std::uint64_t>(remainder == half) & kept & 1u));
}

}  // namespace

int minifloat_total_bits(const MiniFloatFormat& format) { return 1 + format.exponent_bits + format.mantissa_bits; }

std::uint16_t encode_minifloat(float value, const MiniFloatFormat& format, OverflowMode overflow) {
  const FormatCodes codes = codes_of(format);
  const int mantissa_bits = format.mantissa_bits;
  const std::uint32_t bits = bits_of(value);
  const std::uint32_t sign = (bits >> 31) << (format.exponent_bits + mantissa_bits);
  const std::uint32_t float_exponent = (bits >> 23) & 0xffu;
  const std::uint32_t float_fraction = bits & 0x7fffffu;

  const auto overflowed = [&]() -> std::uint16_t {
    if (overflow == OverflowMode::kSaturate) return static_cast<std::uint16_t>(sign | codes.max_finite);
    return static_cast<std::uint16_t>(sign | (format.has_infinity ? codes.infinity : codes.nan));
  };
  if (float_exponent == 0xffu) {
    if (float_fraction != 0) return static_cast<std::uint16_t>(sign | codes.nan);
    return overflowed();  // +-inf: inf, or max when saturating, or NaN for E4M3
  }

  // |value| = significand * 2^exponent2 exactly, significand < 2^24.
  const std::uint64_t significand = float_exponent ? (float_fraction | 0x800000u) : float_fraction;
  if (significand == 0) return static_cast<std::uint16_t>(sign);  // +-0 keeps its sign
  const int exponent2 = static_cast<int>(float_exponent ? float_exponent : 1u) - 150;
  const int leading_bit = 63 - __builtin_clzll(significand);  // significand != 0 here
  const int min_normal_exponent = 1 - format.exponent_bias;
  // The binade the result lives in (subnormals share the lowest normal binade's quantum).
  int target_exponent = std::max(leading_bit + exponent2, min_normal_exponent);
  const int quantum_exponent = target_exponent - mantissa_bits;
  const int shift = quantum_exponent - exponent2;
  std::uint64_t steps = shift <= 0 ? (significand << -shift) : shift_right_nearest_even(significand, shift);
  if (steps == (std::uint64_t{1} << (mantissa_bits + 1))) {  // rounded up into the next binade
    steps >>= 1;
    ++target_exponent;
  }
  if (steps < (std::uint64_t{1} << mantissa_bits)) {  // subnormal (or rounded to zero)
    return static_cast<std::uint16_t>(sign | static_cast<std::uint32_t>(steps));
  }
  const std::int64_t exponent_field = target_exponent + format.exponent_bias;
  const std::uint32_t fraction = static_cast<std::uint32_t>(steps) & codes.mantissa_mask;
  if (exponent_field > static_cast<std::int64_t>(codes.top_exponent)) return overflowed();
  const std::uint32_t code = (static_cast<std::uint32_t>(exponent_field) << mantissa_bits) | fraction;
  if (code > codes.max_finite) return overflowed();  // the inf/NaN codes of the top binade
  return static_cast<std::uint16_t>(sign | code);
}

float decode_minifloat(std::uint16_t code, const MiniFloatFormat& format) {
  const int total_bits = minifloat_total_bits(format);
  if (total_bits < 16 && (code >> total_bits) != 0) {
    throw std::invalid_argument(std::string(format.name) + " code " + std::to_string(code) + " has bits above bit " +
                                std::to_string(total_bits - 1));
  }
  const FormatCodes codes = codes_of(format);
  const bool negative = (code >> (total_bits - 1)) & 1u;
  const std::uint32_t magnitude = code & ((1u << (total_bits - 1)) - 1u);
  const std::uint32_t exponent_field = magnitude >> format.mantissa_bits;
  const std::uint32_t fraction = magnitude & codes.mantissa_mask;
  const std::uint32_t sign_bit = negative ? 0x80000000u : 0u;
  if (format.has_infinity && exponent_field == codes.top_exponent) {
    if (fraction == 0) return float_of(sign_bit | 0x7f800000u);
    return float_of(sign_bit | 0x7fc00000u | (fraction << (23 - format.mantissa_bits)));
  }
  if (!format.has_infinity && magnitude == codes.nan) return float_of(sign_bit | 0x7fc00000u);
  // Subnormal: fraction * 2^(emin - M); normal: (2^M + fraction) * 2^(e - bias - M).
  // Both products are exact in double and in float32 (at most 11 significant bits,
  // exponents inside binary32's range down to 2^-133 for BF16 subnormals).
  const int scale_exponent = (exponent_field == 0 ? 1 - format.exponent_bias
                                                  : static_cast<int>(exponent_field) - format.exponent_bias) -
                             format.mantissa_bits;
  const std::uint32_t steps = exponent_field == 0 ? fraction : ((1u << format.mantissa_bits) | fraction);
  const double magnitude_value = std::ldexp(static_cast<double>(steps), scale_exponent);
  return static_cast<float>(negative ? -magnitude_value : magnitude_value);
}

float round_to_minifloat(float value, const MiniFloatFormat& format, OverflowMode overflow) {
  return decode_minifloat(encode_minifloat(value, format, overflow), format);
}

std::vector<float> round_tensor_to_minifloat(const std::vector<float>& values, const MiniFloatFormat& format,
                                             OverflowMode overflow) {
  std::vector<float> rounded(values.size());
  for (std::size_t index = 0; index < values.size(); ++index) {
    rounded[index] = round_to_minifloat(values[index], format, overflow);
  }
  return rounded;
}

float minifloat_max_finite(const MiniFloatFormat& format) {
  return decode_minifloat(static_cast<std::uint16_t>(codes_of(format).max_finite), format);
}

float minifloat_min_normal(const MiniFloatFormat& format) {
  return decode_minifloat(static_cast<std::uint16_t>(1u << format.mantissa_bits), format);
}

float minifloat_min_subnormal(const MiniFloatFormat& format) { return decode_minifloat(1u, format); }

const MiniFloatFormat* find_minifloat_format(std::string_view name) {
  for (const MiniFloatFormat* format : {&kFp16, &kBf16, &kFp8E4M3, &kFp8E5M2}) {
    if (name == format->name) return format;
  }
  return nullptr;
}

std::string_view overflow_mode_name(OverflowMode mode) {
  return mode == OverflowMode::kSaturate ? "saturate" : "non_saturating";
}

}  // namespace npusim::quant
