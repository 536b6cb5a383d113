#include "quant/quantizer/log2_quantizer.h"

#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

namespace npusim::quant {
namespace {

// floor(sqrt(2) * 2^31) = floor(3037000499.976...) = 0xB504F333. For a leading-one
// position p <= 31, floor(sqrt(2) * 2^p) = this >> (31 - p) (the floor of a floor).
constexpr std::uint32_t kSqrt2Q31 = 0xB504F333u;
// floor(sqrt(2) * 2^23): a float's 24-bit significand m (1.f = m / 2^23) is at or above
// sqrt(2) exactly when m > this (equality is impossible, sqrt(2) being irrational).
constexpr std::uint32_t kSqrt2Q23 = kSqrt2Q31 >> 8;

void validate_spec(const Log2QuantSpec& spec) {
  if (spec.bits < 1 || spec.bits > 7) {
    throw std::invalid_argument("log2 quantizer bits = " + std::to_string(spec.bits) + " (must be 1..7)");
  }
}

std::int32_t clamp_code(std::int64_t code, const Log2QuantSpec& spec) {
  if (code < 0) return 0;
  if (code > spec.max_code()) return spec.max_code();
  return static_cast<std::int32_t>(code);
}

}  // namespace

std::int32_t Log2QuantSpec::max_code() const {
  validate_spec(*this);
  return (std::int32_t{1} << bits) - 1;
}

std::int32_t log2_quantize(float x, const Log2QuantSpec& spec) {
  validate_spec(spec);
  if (std::isnan(x) || std::isinf(x) || x < 0.0f) {
    std::ostringstream message;
    message << "log2 quantizer input " << x << " (must be finite and >= 0)";
    throw std::invalid_argument(message.str());
  }
  if (x == 0.0f) return spec.max_code();
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  // x = m * 2^(exponent - 23) with m normalised to 24 bits (subnormals shifted up).
  std::int64_t exponent = static_cast<std::int64_t>((bits >> 23) & 0xffu) - 127;
  std::uint32_t significand = bits & 0x7fffffu;
  if (exponent == -127) {  // subnormal: 0.f * 2^-126, normalise
    exponent = -126;
    while (!(significand & 0x800000u)) {
      significand <<= 1;
      --exponent;
    }
  } else {
    significand |= 0x800000u;
  }
  // -log2(x) = -exponent - log2(m / 2^23) with log2(m / 2^23) in [0, 1): it rounds to
  // -exponent, or to -exponent - 1 when m / 2^23 >= sqrt(2) (the geometric midpoint).
  const std::int64_t code = -exponent - (significand > kSqrt2Q23 ? 1 : 0);
  return clamp_code(code, spec);
}

float log2_dequantize(std::int32_t q) {
  if (q < 0 || q > 127) throw std::invalid_argument("log2 code " + std::to_string(q) + " (must be 0..127)");
  return std::ldexp(1.0f, -q);
}

float log2_fake_quantize(float x, const Log2QuantSpec& spec) { return log2_dequantize(log2_quantize(x, spec)); }

std::int32_t log2_quantize_fixed_point(std::uint32_t value, int frac_bits, const Log2QuantSpec& spec) {
  validate_spec(spec);
  if (frac_bits < 0 || frac_bits > 31) {
    throw std::invalid_argument("log2 quantizer frac_bits = " + std::to_string(frac_bits) + " (must be 0..31)");
  }
  if (value == 0) return spec.max_code();
  int leading_one = 31;  // priority encoder: 31 - count of leading zeros
  while (!((value >> leading_one) & 1u)) --leading_one;
  // x = value / 2^frac_bits = (value / 2^p) * 2^(p - frac_bits), value / 2^p in [1, 2).
  const bool above_geometric_midpoint = value > (kSqrt2Q31 >> (31 - leading_one));
  const std::int64_t code = static_cast<std::int64_t>(frac_bits) - leading_one - (above_geometric_midpoint ? 1 : 0);
  return clamp_code(code, spec);
}

std::vector<std::int32_t> log2_quantize_tensor(const std::vector<float>& values, const Log2QuantSpec& spec) {
  std::vector<std::int32_t> codes(values.size());
  for (std::size_t index = 0; index < values.size(); ++index) {
    try {
      codes[index] = log2_quantize(values[index], spec);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("element " + std::to_string(index) + ": " + error.what());
    }
  }
  return codes;
}

std::vector<float> log2_fake_quantize_tensor(const std::vector<float>& values, const Log2QuantSpec& spec) {
  const std::vector<std::int32_t> codes = log2_quantize_tensor(values, spec);
  std::vector<float> result(codes.size());
  for (std::size_t index = 0; index < codes.size(); ++index) result[index] = log2_dequantize(codes[index]);
  return result;
}

}  // namespace npusim::quant
