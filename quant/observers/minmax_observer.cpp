#include "quant/observers/minmax_observer.h"

namespace npusim::quant {

MinMaxObserver::MinMaxObserver(ObserverConfig config) : Observer("minmax", config) {}

void MinMaxObserver::start(std::size_t channels) {
  combiners_.assign(channels, RangeCombiner(RangeSmoothing{}));  // no EMA: running min/max
}

void MinMaxObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  combiners_[channel].add(batch.min, batch.max, batch.batch_index);
}

ObservedRange MinMaxObserver::channel_range(std::size_t channel) const { return combiners_[channel].range(); }

}  // namespace npusim::quant
