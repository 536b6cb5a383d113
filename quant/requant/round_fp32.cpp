// fp32: rint(float(acc) * float(M * 2^-s)) in IEEE binary32, ties to even (FBGEMM, ONNX
// Runtime, Gemmini's float scale). Not exact by design: float(acc) keeps 24 bits of acc, the
// scale keeps 24 of M's 31 bits, and the product is rounded once more before rint.
#include <cmath>

#include "quant/requant/rounding_modes.h"

namespace npusim::quant::rounding {

// Each conversion and the multiply round to nearest even (the default IEEE mode, which the
// program never changes). M * 2^-s is exact in double (31-bit M, exponent >= -63, a normal
// number) and then rounded once to float. Results beyond int64 saturate (|x| < 2^94 here).
std::int64_t round_scaled_fp32(std::int64_t acc, std::int32_t multiplier, int shift) {
  const float scale = static_cast<float>(std::ldexp(static_cast<double>(multiplier), -shift));
  const float scaled = static_cast<float>(acc) * scale;
  const float rounded = std::nearbyint(scaled);
  if (rounded >= 0x1p63f) return INT64_MAX;
  if (rounded < -0x1p63f) return INT64_MIN;
  return static_cast<std::int64_t>(rounded);
}

}  // namespace npusim::quant::rounding
