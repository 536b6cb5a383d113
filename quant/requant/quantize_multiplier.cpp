#include "quant/requant/quantize_multiplier.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace npusim::quant {
namespace {

std::string describe(double value) {
  std::ostringstream text;
  text.precision(17);
  text << value;
  return text.str();
}

}  // namespace

// Rounding: std::round (half away from zero) of the exact double f * 2^31, as TFLite does.
// Saturation: none; out-of-range scales throw instead of clamping to a wrong scale.
QuantizedMultiplier quantize_multiplier(double real_scale) {
  if (!std::isfinite(real_scale) || real_scale <= 0.0) {
    throw std::invalid_argument("quantize_multiplier: scale " + describe(real_scale) +
                                " must be finite and greater than 0");
  }
  int exponent = 0;
  const double fraction = std::frexp(real_scale, &exponent);  // real = fraction * 2^exponent
  std::int64_t multiplier = static_cast<std::int64_t>(std::round(std::ldexp(fraction, 31)));
  if (multiplier == (std::int64_t{1} << 31)) {  // fraction rounded up to 1.0: carry into the exponent
    multiplier = std::int64_t{1} << 30;
    exponent += 1;
  }
  const int shift = 31 - exponent;
  if (shift < 0) {
    throw std::invalid_argument("quantize_multiplier: scale " + describe(real_scale) +
                                " is too large (needs shift " + std::to_string(shift) +
                                " < 0; the largest scale is 2^31 - 1)");
  }
  if (shift > 63) {
    throw std::invalid_argument("quantize_multiplier: scale " + describe(real_scale) +
                                " is too small (needs shift " + std::to_string(shift) +
                                " > 63; the smallest scale is 2^-33)");
  }
  return {static_cast<std::int32_t>(multiplier), shift};
}

double dequantize_multiplier(std::int32_t multiplier, int shift) {
  return std::ldexp(static_cast<double>(multiplier), -shift);
}

}  // namespace npusim::quant
