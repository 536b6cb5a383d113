#include "quant/observers/channel_histogram_observer.h"

#include <algorithm>
#include <utility>

namespace npusim::quant {

ChannelHistogramObserver::ChannelHistogramObserver(std::string name, ObserverConfig config, int bins,
                                                   StreamingHistogram::Mode mode)
    : Observer(std::move(name), config), bins_(bins), mode_(mode) {}

void ChannelHistogramObserver::start(std::size_t channels) {
  histograms_.assign(channels, StreamingHistogram(bins_, mode_));
  extremes_.assign(channels, ObservedRange{});
}

void ChannelHistogramObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  histograms_[channel].add(batch.values, batch.count, batch.min, batch.max);
  ObservedRange& extreme = extremes_[channel];
  if (batch.batch_index == 0) {
    extreme = {batch.min, batch.max};
  } else {
    extreme.min = std::min(extreme.min, batch.min);
    extreme.max = std::max(extreme.max, batch.max);
  }
}

std::vector<std::string> ChannelHistogramObserver::extra_warnings() const {
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
