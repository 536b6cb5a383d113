// Expected squared quantization error of a histogram under an affine grid, assuming the
// values of each bin are spread uniformly across it, integrated exactly (no sampling).
//
// In units of the step s, u = x / s is fake-quantized to clamp(round(u), a_lo, a_hi) with
// a_lo = qmin - zero_point and a_hi = qmax - zero_point. The error r(u) = u - that value is
//   u - a_lo              for u <= a_lo + 1/2   (clipped low, and the lowest rounding cell)
//   u - round(u)          between                (sawtooth, 1/12 mean square per cell)
//   u - a_hi              for u >= a_hi - 1/2
// and a bin [x0, x1) holding c values contributes c * s^2 * mean of r(u)^2 over the bin.
// Ties are measure-zero, so the rounding mode does not enter.
#pragma once

#include <cstdint>
#include <vector>

#include "quant/quantizer/affine_quantizer.h"

namespace npusim::quant {

// Sum over bins of count * E[(x - fake_quantize(x))^2]; divide by the total count for an MSE.
// Bin b covers [lower + b * width, lower + (b + 1) * width). Precondition: width > 0,
// params valid for spec.
double histogram_expected_squared_error(const std::vector<std::uint64_t>& counts, double lower, double width,
                                        const QParams& params, const QuantSpec& spec);

// The integral of r(u)^2 over [u0, u1] (u0 <= u1) for the grid [a_lo, a_hi] (a_hi > a_lo).
double integrated_squared_rounding_error(double u0, double u1, double a_lo, double a_hi);

}  // namespace npusim::quant
