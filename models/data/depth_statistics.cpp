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

DepthCodeHistogram::DepthCodeHistogram() : counts_(65536, 0) {}

DepthStatistics DepthCodeHistogram::statistics(DepthPngUnit unit) const {
  DepthStatistics stats;
  double sum = 0, sum_squares = 0;
  for (std::size_t code = 1; code < counts_.size(); ++code) {
    if (counts_[code] == 0) continue;
    const double value = static_cast<double>(decode_depth_code(static_cast<std::uint16_t>(code), unit));
    stats.count += counts_[code];
    sum += value * counts_[code];
    sum_squares += value * value * counts_[code];
  }
  if (stats.count == 0) return stats;
  // The k-th smallest value (0-based) by walking the cumulative counts.
  const auto value_at = [&](std::uint64_t rank) {
    std::uint64_t seen = 0;
    for (std::size_t code = 1; code < counts_.size(); ++code) {
      seen += counts_[code];
      if (seen > rank) return static_cast<double>(decode_depth_code(static_cast<std::uint16_t>(code), unit));
    }
    return 0.0;  // unreachable: rank < count
  };
  // numpy's linear rule, as percentile_linear, on the implied sorted sequence.
  const auto percentile = [&](double q) {
    const double position = q / 100.0 * static_cast<double>(stats.count - 1);
    const auto below = static_cast<std::uint64_t>(std::floor(position));
    const std::uint64_t above = std::min<std::uint64_t>(below + 1, stats.count - 1);
    const double low = value_at(below), high = value_at(above);
    return low + (position - static_cast<double>(below)) * (high - low);
  };
  const double n = static_cast<double>(stats.count);
  stats.mean_m = sum / n;
  stats.std_m = std::sqrt(std::max(0.0, sum_squares / n - stats.mean_m * stats.mean_m));
  stats.min_m = value_at(0);
  stats.max_m = value_at(stats.count - 1);
  stats.p05_m = percentile(5);
  stats.p25_m = percentile(25);
  stats.median_m = percentile(50);
  stats.p75_m = percentile(75);
  stats.p90_m = percentile(90);
  stats.p95_m = percentile(95);
  stats.p99_m = percentile(99);
  stats.p999_m = percentile(99.9);
  return stats;
}

}  // namespace npusim::data
