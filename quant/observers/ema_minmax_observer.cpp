#include "quant/observers/ema_minmax_observer.h"

namespace npusim::quant {

EmaMinMaxObserver::EmaMinMaxObserver(ObserverConfig config, EmaMinMaxOptions options)
    : Observer("ema_minmax", config), smoothing_{options.warmup_batches, options.ema_constant} {
  validate_range_smoothing(smoothing_, name());
}

void EmaMinMaxObserver::start(std::size_t channels) { combiners_.assign(channels, RangeCombiner(smoothing_)); }

void EmaMinMaxObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  combiners_[channel].add(batch.min, batch.max, batch.batch_index);
}

ObservedRange EmaMinMaxObserver::channel_range(std::size_t channel) const { return combiners_[channel].range(); }

}  // namespace npusim::quant
