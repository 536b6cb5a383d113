// Bit-exact emulation of the small floating-point formats an NPU stores tensors in:
// IEEE binary16 (FP16), bfloat16 (BF16), and the two OCP 8-bit formats FP8 E4M3 ("fn":
// finite-only, NVIDIA/OCP) and FP8 E5M2 (IEEE-like, with infinities).
//
// float32 -> code: round to nearest, ties to even, with gradual underflow (subnormals) and
// a chosen overflow behaviour. code -> float32: exact (every value of these formats is a
// binary32 value). Tables, constants and the overflow rules are in docs/quantizers.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace npusim::quant {

// A sign bit, `exponent_bits` of biased exponent and `mantissa_bits` of fraction, stored in
// the low 1 + exponent_bits + mantissa_bits bits of a uint16_t.
struct MiniFloatFormat {
  const char* name;
  int exponent_bits;
  int mantissa_bits;
  int exponent_bias;
  // true: IEEE-style top binade (exponent all ones: mantissa 0 = +-inf, else NaN).
  // false: OCP E4M3 "fn" style: no infinities, only S.1111.111 is NaN, the rest of the top
  // binade holds finite values (that is how E4M3 reaches 448).
  bool has_infinity;
};

inline constexpr MiniFloatFormat kFp16{"fp16", 5, 10, 15, true};
inline constexpr MiniFloatFormat kBf16{"bf16", 8, 7, 127, true};
inline constexpr MiniFloatFormat kFp8E4M3{"fp8_e4m3", 4, 3, 7, false};
inline constexpr MiniFloatFormat kFp8E5M2{"fp8_e5m2", 5, 2, 15, true};

// What a finite float32 too large for the format becomes ("too large" = it rounds, to
// nearest even with an unbounded exponent, above the largest finite value).
enum class OverflowMode {
  // IEEE / PyTorch behaviour: +-inf where the format has infinities, NaN for FP8 E4M3.
  kNonSaturating,
  // Clamp to +-max finite (OCP "saturation mode", NVIDIA __NV_SATFINITE). +-inf inputs
  // also become +-max; NaN stays NaN.
  kSaturate,
};

// float32 -> code, round to nearest even. NaN -> the format's canonical quiet NaN with the
// input's sign (FP16 0x7E00, BF16 0x7FC0, E4M3 0x7F, E5M2 0x7E, sign bit or-ed in).
std::uint16_t encode_minifloat(float value, const MiniFloatFormat& format,
                               OverflowMode overflow = OverflowMode::kNonSaturating);
// code -> float32, exact. Bits above the format's width must be 0 (else
// std::invalid_argument). A NaN code decodes to a quiet float32 NaN with the same sign.
float decode_minifloat(std::uint16_t code, const MiniFloatFormat& format);
// decode(encode(value)): the value the hardware stores (fake quantization to the format).
float round_to_minifloat(float value, const MiniFloatFormat& format,
                         OverflowMode overflow = OverflowMode::kNonSaturating);
std::vector<float> round_tensor_to_minifloat(const std::vector<float>& values, const MiniFloatFormat& format,
                                             OverflowMode overflow = OverflowMode::kNonSaturating);

// Derived from the format description (docs/quantizers.md lists the published values).
float minifloat_max_finite(const MiniFloatFormat& format);
float minifloat_min_normal(const MiniFloatFormat& format);
float minifloat_min_subnormal(const MiniFloatFormat& format);
int minifloat_total_bits(const MiniFloatFormat& format);

// Named shortcuts.
inline std::uint16_t float_to_fp16_bits(float value) { return encode_minifloat(value, kFp16); }
inline float fp16_bits_to_float(std::uint16_t bits) { return decode_minifloat(bits, kFp16); }
inline std::uint16_t float_to_bf16_bits(float value) { return encode_minifloat(value, kBf16); }
inline float bf16_bits_to_float(std::uint16_t bits) { return decode_minifloat(bits, kBf16); }

// "fp16", "bf16", "fp8_e4m3", "fp8_e5m2" -> format; nullptr for any other name.
const MiniFloatFormat* find_minifloat_format(std::string_view name);
std::string_view overflow_mode_name(OverflowMode mode);  // "non_saturating", "saturate"

}  // namespace npusim::quant
