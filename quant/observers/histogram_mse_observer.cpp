#include "quant/observers/histogram_mse_observer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "quant/observers/histogram_quant_error.h"

namespace npusim::quant {

HistogramMseObserver::HistogramMseObserver(ObserverConfig config, HistogramMseOptions options)
    : Observer("hist_mse", config), options_(options) {
  if (options_.bins < 1 || options_.search_steps < 1) {
    throw std::invalid_argument(label() + ": bins = " + std::to_string(options_.bins) + ", search_steps = " +
                                std::to_string(options_.search_steps) + " (need bins >= 1 and search_steps >= 1)");
  }
}

void HistogramMseObserver::start(std::size_t channels) {
  histograms_.assign(channels, StreamingHistogram(options_.bins, StreamingHistogram::Mode::kSigned));
  extremes_.assign(channels, ObservedRange{});
}

void HistogramMseObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  histograms_[channel].add(batch.values, batch.count, batch.min, batch.max);
  ObservedRange& extreme = extremes_[channel];
  if (batch.batch_index == 0) {
    extreme = {batch.min, batch.max};
  } else {
    extreme.min = std::min(extreme.min, batch.min);
    extreme.max = std::max(extreme.max, batch.max);
  }
}

ObservedRange HistogramMseObserver::channel_range(std::size_t channel) const {
  const StreamingHistogram& histogram = histograms_[channel];
  const ObservedRange& extreme = extremes_[channel];
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

std::vector<std::string> HistogramMseObserver::extra_warnings() const {
  std::vector<std::string> notes;
  for (std::size_t c = 0; c < histograms_.size(); ++c) {
    if (histograms_[c].regrow_count() > 0) {
      notes.push_back(label() + ": channel " + std::to_string(c) + " histogram re-binned " +
                      std::to_string(histograms_[c].regrow_count()) +
                      " time(s) as batches widened the range (exact merge; resolution is coarser)");
    }
  }
  return notes;
}

}  // namespace npusim::quant
