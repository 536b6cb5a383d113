#include "quant/quantizer/float_rounding.h"

#include <cmath>

namespace npusim::quant {

// All functions split value = floor + fraction. Both parts are exact in double
// (std::floor is exact and value - floor(value) is exact for |value| < 2^52; above 2^52 every
// double is an integer and the fraction is 0), so the tie test fraction == 0.5 is exact.

double round_floor(double value) { return std::floor(value); }

double round_truncate(double value) { return std::trunc(value); }

double round_half_up(double value) {
  const double lower = std::floor(value);
  return (value - lower >= 0.5) ? lower + 1.0 : lower;
}

double round_half_away(double value) {
  // |value| rounded half-up, sign restored: ties move away from zero on both sides.
  const double magnitude = round_half_up(std::fabs(value));
  return std::copysign(magnitude, value);
}

double round_half_even(double value) {
  const double lower = std::floor(value);
  const double fraction = value - lower;
  if (fraction > 0.5) return lower + 1.0;
  if (fraction < 0.5) return lower;
  // Exact tie: pick the even neighbour. fmod of an integral double is exact.
  return (std::fmod(lower, 2.0) == 0.0) ? lower : lower + 1.0;
}

double round_to_integral(double value, RoundingMode mode) {
  switch (mode) {
    case RoundingMode::kHalfUp: return round_half_up(value);
    case RoundingMode::kHalfAway: return round_half_away(value);
    case RoundingMode::kHalfEven: return round_half_even(value);
    case RoundingMode::kFloor: return round_floor(value);
    case RoundingMode::kTruncate: return round_truncate(value);
    case RoundingMode::kTfliteDouble: return round_half_away(value);
    case RoundingMode::kFp32: return round_half_even(value);
  }
  return round_half_even(value);  // unreachable for valid enum values
}

}  // namespace npusim::quant
