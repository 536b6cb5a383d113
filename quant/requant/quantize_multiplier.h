// Deriving the integer (multiplier, shift) pair of requantization from a real scale, the
// TFLite QuantizeMultiplier problem: real_scale ~= M * 2^-s with M normalised to [2^30, 2^31).
#pragma once

#include <cstdint>

namespace npusim::quant {

struct QuantizedMultiplier {
  std::int32_t multiplier;  // M in [2^30, 2^31)
  int shift;                // s in 0..63; the scale is M * 2^-s
};

// real_scale = f * 2^e with f in [0.5, 1) (frexp); M = round(f * 2^31) with ties away from
// zero (f * 2^31 is exact in double, so this is the only rounding); if M reaches 2^31 it is
// renormalised to 2^30 and e grows by one (the carry). s = 31 - e.
// Representable scales: [2^-33, 2^31 - 1/2) up to that rounding. Throws std::invalid_argument
// naming the value for NaN, infinities, values <= 0, and scales that need s < 0 (too large)
// or s > 63 (too small).
QuantizedMultiplier quantize_multiplier(double real_scale);

// The real scale an (M, s) pair stands for: M * 2^-s, exact in double.
double dequantize_multiplier(std::int32_t multiplier, int shift);

}  // namespace npusim::quant
