#include "quant/metrics/histogram_kl.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace npusim::quant {
namespace {

void bin_values(const float* values, std::size_t n, double lo, double hi, std::vector<double>& counts) {
  const double bins = static_cast<double>(counts.size());
  const double scale = bins / (hi - lo);
  for (std::size_t i = 0; i < n; ++i) {
    const double position = std::floor((static_cast<double>(values[i]) - lo) * scale);
    counts[static_cast<std::size_t>(std::clamp(position, 0.0, bins - 1.0))] += 1.0;
  }
}

}  // namespace

double histogram_kl_divergence(const float* ref, std::size_t n_ref, const float* test, std::size_t n_test,
                               const HistogramKlOptions& options) {
  if (options.bins < 1) throw std::invalid_argument("KL bins = " + std::to_string(options.bins) + " (must be >= 1)");
  if (!(std::isfinite(options.alpha) && options.alpha > 0.0)) {
    throw std::invalid_argument("KL smoothing alpha = " + std::to_string(options.alpha) + " (must be finite and > 0)");
  }
  const auto [ref_lo, ref_hi] = std::minmax_element(ref, ref + n_ref);
  const auto [test_lo, test_hi] = std::minmax_element(test, test + n_test);
  const double lo = std::min(*ref_lo, *test_lo);
  const double hi = std::max(*ref_hi, *test_hi);
  if (!(hi > lo)) return 0.0;
  std::vector<double> p(static_cast<std::size_t>(options.bins), 0.0), q(p.size(), 0.0);
  bin_values(ref, n_ref, lo, hi, p);
  bin_values(test, n_test, lo, hi, q);
  const double p_total = static_cast<double>(n_ref) + options.alpha * options.bins;
  const double q_total = static_cast<double>(n_test) + options.alpha * options.bins;
  double divergence = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double pi = (p[i] + options.alpha) / p_total;
    const double qi = (q[i] + options.alpha) / q_total;
    divergence += pi * std::log(pi / qi);
  }
  return std::max(divergence, 0.0);  // rounding can leave -1e-17 for identical histograms
}

}  // namespace npusim::quant
