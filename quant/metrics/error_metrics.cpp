#include "quant/metrics/error_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace npusim::quant {

double sqnr_db(const float* ref, const float* test, std::size_t n) {
  double signal = 0.0, noise = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = ref[i];
    const double e = x - static_cast<double>(test[i]);
    signal += x * x;
    noise += e * e;
  }
  if (noise == 0.0) return std::numeric_limits<double>::infinity();
  if (signal == 0.0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);  // = 20 log10(||x|| / ||x - y||)
}

double cosine_similarity(const float* ref, const float* test, std::size_t n) {
  double dot = 0.0, norm_x = 0.0, norm_y = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = ref[i], y = test[i];
    dot += x * y;
    norm_x += x * x;
    norm_y += y * y;
  }
  if (norm_x == 0.0 && norm_y == 0.0) return 1.0;
  if (norm_x == 0.0 || norm_y == 0.0) return 0.0;
  // sqrt of the product (not the product of roots): sqrt(d * d) == d exactly, so identical
  // inputs give exactly 1.
  return std::clamp(dot / std::sqrt(norm_x * norm_y), -1.0, 1.0);
}

double max_abs_error(const float* ref, const float* test, std::size_t n) {
  double worst = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    worst = std::max(worst, std::fabs(static_cast<double>(ref[i]) - static_cast<double>(test[i])));
  }
  return worst;
}

double mean_squared_error(const float* ref, const float* test, std::size_t n) {
  if (n == 0) return 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = static_cast<double>(ref[i]) - static_cast<double>(test[i]);
    sum += e * e;
  }
  return sum / static_cast<double>(n);
}

}  // namespace npusim::quant
