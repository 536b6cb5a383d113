#include "quant/observers/histogram_quant_error.h"

#include <algorithm>
#include <cmath>

namespace npusim::quant {
namespace {

// Integral of (u - a)^2 over [u0, u1], factored so that large |u - a| keep their precision.
double clipped_integral(double u0, double u1, double a) {
  const double d0 = u0 - a;
  const double d1 = u1 - a;
  return (u1 - u0) * (d1 * d1 + d1 * d0 + d0 * d0) / 3.0;
}

// Antiderivative of (u - round(u))^2 from the start of the sawtooth at `start` (a cell edge).
double sawtooth_antiderivative(double u, double start) {
  const double v = u - start;
  const double cells = std::floor(v);
  const double f = v - cells;  // position within the cell, [0, 1)
  const double g = f - 0.5;
  return cells / 12.0 + (g * g * g + 0.125) / 3.0;
}

}  // namespace

double integrated_squared_rounding_error(double u0, double u1, double a_lo, double a_hi) {
  const double low_end = a_lo + 0.5;   // below: every value maps to a_lo
  const double high_start = a_hi - 0.5;  // above: every value maps to a_hi
  double total = 0.0;
  if (u0 < low_end) total += clipped_integral(u0, std::min(u1, low_end), a_lo);
  const double mid0 = std::max(u0, low_end);
  const double mid1 = std::min(u1, high_start);
  if (mid1 > mid0) total += sawtooth_antiderivative(mid1, low_end) - sawtooth_antiderivative(mid0, low_end);
  if (u1 > high_start) total += clipped_integral(std::max(u0, high_start), u1, a_hi);
  return total;
}

double histogram_expected_squared_error(const std::vector<std::uint64_t>& counts, double lower, double width,
                                        const QParams& params, const QuantSpec& spec) {
  const double step = params.scale;
  const double a_lo = static_cast<double>(spec.qmin()) - params.zero_point;
  const double a_hi = static_cast<double>(spec.qmax()) - params.zero_point;
  const double du = width / step;
  double total = 0.0;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    if (counts[b] == 0) continue;
    const double u0 = (lower + static_cast<double>(b) * width) / step;
    const double mean_square = integrated_squared_rounding_error(u0, u0 + du, a_lo, a_hi) / du;
    total += static_cast<double>(counts[b]) * mean_square;
  }
  return total * step * step;
}

}  // namespace npusim::quant
