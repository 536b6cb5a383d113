// Log2 quantizer for softmax-like outputs in [0, 1], with a fixed scale (1.0: no
// calibration, the input range is known):
//   q  = clamp(round(-log2(x)), 0, 2^bits - 1),   x' = 2^-q
// Rounding threshold: round() is taken in the log domain, so the decision between 2^-k and
// 2^-(k+1) is the GEOMETRIC midpoint 2^-(k+1/2) = 2^-k / sqrt(2), not the arithmetic one
// 0.75 * 2^-k. sqrt(2) is irrational, so no float or fixed-point input is ever a tie.
// x = 0 (and anything below 2^-(2^bits - 1/2)) gives the last code 2^bits - 1; x > 1 gives 0.
// Two forms that agree exactly (tests/quant/log2_quantizer_test.cpp, every uint16 input):
//   - float form: exponent from the float's bits, mantissa compared with sqrt(2);
//   - integer form: fixed-point input v / 2^frac_bits, leading-one position p of v, one
//     comparison v > floor(sqrt(2) * 2^p) (the hardware datapath: a priority encoder and a
//     comparator against a shifted constant).
// Details and worked examples: docs/quantizers.md ("Log2 quantizer").
#pragma once

#include <cstdint>
#include <vector>

namespace npusim::quant {

struct Log2QuantSpec {
  int bits = 4;  // 1..7: codes 0..2^bits - 1, x' down to 2^-127 (exact: a float32 subnormal)

  std::int32_t max_code() const;  // 2^bits - 1
};

// Float form. Throws std::invalid_argument (naming the value) for NaN, +-inf or x < 0
// (-0.0 counts as 0), and for bits outside 1..7.
std::int32_t log2_quantize(float x, const Log2QuantSpec& spec);
// 2^-q, exact. q must be in 0..127.
float log2_dequantize(std::int32_t q);
float log2_fake_quantize(float x, const Log2QuantSpec& spec);

// Integer form: the input is the unsigned fixed-point value v / 2^frac_bits
// (frac_bits 0..31; e.g. a UQ0.16 softmax output is frac_bits = 16).
std::int32_t log2_quantize_fixed_point(std::uint32_t value, int frac_bits, const Log2QuantSpec& spec);

std::vector<std::int32_t> log2_quantize_tensor(const std::vector<float>& values, const Log2QuantSpec& spec);
std::vector<float> log2_fake_quantize_tensor(const std::vector<float>& values, const Log2QuantSpec& spec);

}  // namespace npusim::quant
