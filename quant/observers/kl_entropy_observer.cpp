#include "quant/observers/kl_entropy_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace npusim::quant {
namespace {

// Moves epsilon of mass onto every zero entry, taken evenly from the non-zero ones.
// Returns false when a non-zero entry would not stay positive.
bool smooth_counts(std::vector<double>& counts, double epsilon) {
  std::size_t zeros = 0;
  for (double c : counts) zeros += c == 0.0;
  const std::size_t nonzeros = counts.size() - zeros;
  if (nonzeros == 0) return false;
  const double taken = epsilon * static_cast<double>(zeros) / static_cast<double>(nonzeros);
  for (double& c : counts) {
    if (c == 0.0) {
      c = epsilon;
    } else {
      c -= taken;
      if (c <= 0.0) return false;
    }
  }
  return true;
}

double kl_of_counts(const std::vector<double>& p, const std::vector<double>& q) {
  double sum_p = 0.0, sum_q = 0.0;
  for (std::size_t j = 0; j < p.size(); ++j) {
    sum_p += p[j];
    sum_q += q[j];
  }
  double divergence = 0.0;
  for (std::size_t j = 0; j < p.size(); ++j) {
    const double pj = p[j] / sum_p;
    divergence += pj * std::log(pj / (q[j] / sum_q));
  }
  return divergence;
}

}  // namespace

KlSearchResult kl_entropy_search(const std::vector<std::uint64_t>& histogram, int levels, double smoothing_epsilon) {
  const int bins = static_cast<int>(histogram.size());
  if (levels < 1 || bins < levels) {
    throw std::invalid_argument("KL search: " + std::to_string(bins) + " bins for " + std::to_string(levels) +
                                " levels (need 1 <= levels <= bins)");
  }
  // suffix[i] = sum of histogram[i ..]: the outliers of candidate i.
  std::vector<double> suffix(static_cast<std::size_t>(bins) + 1, 0.0);
  for (int b = bins - 1; b >= 0; --b) suffix[b] = suffix[b + 1] + static_cast<double>(histogram[b]);

  KlSearchResult best{bins, std::numeric_limits<double>::infinity()};
  std::vector<double> p, q;
  for (int i = levels; i <= bins; ++i) {
    p.assign(histogram.begin(), histogram.begin() + i);
    p[i - 1] += suffix[i];
    q.assign(static_cast<std::size_t>(i), 0.0);
    const int group = i / levels;
    for (int t = 0; t < levels; ++t) {
      const int start = t * group;
      const int stop = (t == levels - 1) ? i : start + group;
      double total = 0.0;
      int nonzero = 0;
      for (int j = start; j < stop; ++j) {
        total += static_cast<double>(histogram[j]);
        nonzero += p[j] != 0.0;
      }
      if (nonzero == 0) continue;
      for (int j = start; j < stop; ++j) {
        if (p[j] != 0.0) q[j] = total / nonzero;
      }
    }
    if (!smooth_counts(p, smoothing_epsilon) || !smooth_counts(q, smoothing_epsilon)) continue;
    const double divergence = kl_of_counts(p, q);
    if (divergence < best.divergence) best = {i, divergence};
  }
  if (!std::isfinite(best.divergence)) {
    // Every candidate was skipped (e.g. all mass in one bin): keep the whole histogram.
    best = {bins, 0.0};
  }
  return best;
}

KlEntropyObserver::KlEntropyObserver(ObserverConfig config, KlEntropyOptions options)
    : ChannelHistogramObserver("kl", config, options.bins, StreamingHistogram::Mode::kMagnitude), options_(options) {
  if (options_.levels < 1 || options_.bins < options_.levels) {
    throw std::invalid_argument(label() + ": bins = " + std::to_string(options_.bins) + ", levels = " +
                                std::to_string(options_.levels) + " (need 1 <= levels <= bins)");
  }
  if (!(std::isfinite(options_.smoothing_epsilon) && options_.smoothing_epsilon > 0.0)) {
    throw std::invalid_argument(label() + ": smoothing_epsilon = " + std::to_string(options_.smoothing_epsilon) +
                                " (must be finite and > 0)");
  }
}

ObservedRange KlEntropyObserver::channel_range(std::size_t channel) const {
  const StreamingHistogram& histogram = channel_histogram(channel);
  const ObservedRange& extreme = channel_extreme(channel);
  if (extreme.min == 0.0f && extreme.max == 0.0f) return {0.0f, 0.0f};  // all zero: nothing to search
  const KlSearchResult result = kl_entropy_search(histogram.counts(), options_.levels, options_.smoothing_epsilon);
  const float threshold = static_cast<float>(result.threshold_bins * histogram.bin_width());
  if (config().spec.scheme == QuantScheme::kSymmetric) return {-threshold, threshold};
  return {std::max(extreme.min, -threshold), std::min(extreme.max, threshold)};
}

}  // namespace npusim::quant
