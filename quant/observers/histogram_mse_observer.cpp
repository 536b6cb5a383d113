#include "quant/observers/histogram_mse_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "quant/observers/histogram_quant_error.h"

namespace npusim::quant {

HistogramMseObserver::HistogramMseObserver(ObserverConfig config, HistogramMseOptions options)
    : ChannelHistogramObserver("hist_mse", config, options.bins, StreamingHistogram::Mode::kSigned), options_(options) {
  if (options_.bins < 1 || options_.search_steps < 1) {
    throw std::invalid_argument(label() + ": bins = " + std::to_string(options_.bins) + ", search_steps = " +
                                std::to_string(options_.search_steps) + " (need bins >= 1 and search_steps >= 1)");
  }
}

ObservedRange HistogramMseObserver::channel_range(std::size_t channel) const {
  const StreamingHistogram& histogram = channel_histogram(channel);
  const ObservedRange& extreme = channel_extreme(channel);
  if (extreme.min == extreme.max) return extreme;  // constant: nothing to trade off
  const QuantSpec& spec = config().spec;
  // Candidates span the observed data range; the histogram (whose edges may lie beyond the
  // data after re-binning) only supplies the distribution.
  const double lo = extreme.min;
  const double hi = extreme.max;
  const double span = hi - lo;
  const int steps = options_.search_steps;

  double best_error = std::numeric_limits<double>::infinity();
  ObservedRange best = extreme;
  auto consider = [&](double candidate_lo, double candidate_hi) {
    const QParams params = choose_qparams(static_cast<float>(candidate_lo), static_cast<float>(candidate_hi), spec);
    const double error = histogram_expected_squared_error(histogram.counts(), histogram.lower_edge(),
                                                          histogram.bin_width(), params, spec);
    if (error < best_error) {
      best_error = error;
      best = {static_cast<float>(candidate_lo), static_cast<float>(candidate_hi)};
    }
  };
  if (spec.scheme == QuantScheme::kSymmetric) {
    const double magnitude = std::max(std::fabs(lo), std::fabs(hi));
    for (int k = steps; k >= 1; --k) {  // widest first, so ties keep the widest
      const double threshold = magnitude * k / steps;
      consider(-threshold, threshold);
    }
  } else {
    for (int a = 0; a < steps; ++a) {
      for (int b = 0; a + b < steps; ++b) {
        consider(lo + span * a / steps, hi - span * b / steps);
      }
    }
  }
  return best;
}

}  // namespace npusim::quant
