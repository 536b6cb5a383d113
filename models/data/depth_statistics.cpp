#include "models/data/depth_statistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace npusim::data {

double percentile_linear(const std::vector<float>& sorted, double q) {
  if (sorted.empty()) throw std::invalid_argument("percentile of an empty set");
  if (!(q >= 0.0 && q <= 100.0)) throw std::invalid_argument("percentile q must lie in [0, 100]");
  const double position = q / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return static_cast<double>(sorted[below]) + fraction * (static_cast<double>(sorted[above]) - sorted[below]);
}

DepthStatistics compute_depth_statistics(std::vector<float> depths_m) {
  depths_m.erase(std::remove_if(depths_m.begin(), depths_m.end(), [](float d) { return !(d > 0.0f); }),
                 depths_m.end());
  DepthStatistics stats;
  if (depths_m.empty()) return stats;
  std::sort(depths_m.begin(), depths_m.end());
  stats.count = depths_m.size();
  double sum = 0, sum_squares = 0;
  for (float d : depths_m) {
    sum += d;
    sum_squares += static_cast<double>(d) * d;
  }
  const double n = static_cast<double>(stats.count);
  stats.mean_m = sum / n;
  stats.std_m = std::sqrt(std::max(0.0, sum_squares / n - stats.mean_m * stats.mean_m));
  stats.min_m = depths_m.front();
  stats.max_m = depths_m.back();
  stats.p05_m = percentile_linear(depths_m, 5);
  stats.p25_m = percentile_linear(depths_m, 25);
  stats.median_m = percentile_linear(depths_m, 50);
  stats.p75_m = percentile_linear(depths_m, 75);
  stats.p90_m = percentile_linear(depths_m, 90);
  stats.p95_m = percentile_linear(depths_m, 95);
  stats.p99_m = percentile_linear(depths_m, 99);
  stats.p999_m = percentile_linear(depths_m, 99.9);
  return stats;
}

}  // namespace npusim::data
