#include "quant/observers/percentile_observer.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "quant/observers/exact_percentile.h"

namespace npusim::quant {

PercentileObserver::PercentileObserver(ObserverConfig config, PercentileOptions options)
    : Observer("percentile", config), options_(options) {
  const bool low_ok = std::isfinite(options_.low_percent) && options_.low_percent >= 0.0 && options_.low_percent <= 100.0;
  const bool high_ok =
      std::isfinite(options_.high_percent) && options_.high_percent >= 0.0 && options_.high_percent <= 100.0;
  if (!low_ok || !high_ok || options_.low_percent > options_.high_percent) {
    throw std::invalid_argument(label() + ": low_percent = " + std::to_string(options_.low_percent) +
                                ", high_percent = " + std::to_string(options_.high_percent) +
                                " (need 0 <= low_percent <= high_percent <= 100)");
  }
  validate_range_smoothing(RangeSmoothing{options_.warmup_batches, options_.ema_constant}, name());
}

void PercentileObserver::start(std::size_t channels) {
  combiners_.assign(channels, RangeCombiner(RangeSmoothing{options_.warmup_batches, options_.ema_constant}));
}

BatchScan PercentileObserver::prescan_channel(std::size_t channel, const float* values, std::size_t count) {
  const ScannedPercentiles scanned = scan_and_percentiles(values, count, options_.low_percent, options_.high_percent);
  if (pending_.size() <= channel) pending_.resize(channel + 1);
  pending_[channel] = {scanned.low, scanned.high};
  return scanned.scan;
}

void PercentileObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  // Percentile 0 is rank 0 (the minimum) and 100 the maximum, exactly, so no special case.
  combiners_[channel].add(pending_[channel].min, pending_[channel].max, batch.batch_index);
}

ObservedRange PercentileObserver::channel_range(std::size_t channel) const { return combiners_[channel].range(); }

}  // namespace npusim::quant
