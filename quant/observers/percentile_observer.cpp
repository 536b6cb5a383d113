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

void PercentileObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  // The extreme percentiles are the batch min/max already in hand: no second pass.
  float lo = batch.min;
  float hi = batch.max;
  const bool need_low = options_.low_percent > 0.0;
  const bool need_high = options_.high_percent < 100.0;
  if (need_low || need_high) {
    const auto pair = exact_percentiles(batch.values, batch.count, options_.low_percent, options_.high_percent);
    if (need_low) lo = pair.first;
    if (need_high) hi = pair.second;
  }
  combiners_[channel].add(lo, hi, batch.batch_index);
}

ObservedRange PercentileObserver::channel_range(std::size_t channel) const { return combiners_[channel].range(); }

}  // namespace npusim::quant
