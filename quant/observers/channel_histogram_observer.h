// Shared base of the observers that choose a range from a histogram of every channel's values
// (HistogramMseObserver, KlEntropyObserver). It keeps, per channel, one StreamingHistogram
// (re-binned exactly as batches widen the range) and the running exact min/max of the data,
// and reports re-binning in warnings(). A derived class picks the histogram mode and
// implements only channel_range, reading channel_histogram(c) and channel_extreme(c).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "quant/observers/observer.h"
#include "quant/observers/streaming_histogram.h"

namespace npusim::quant {

class ChannelHistogramObserver : public Observer {
 protected:
  // bins is used when the first batch arrives (start), so a derived constructor can still
  // validate it and throw with its own message.
  ChannelHistogramObserver(std::string name, ObserverConfig config, int bins, StreamingHistogram::Mode mode);

  void start(std::size_t channels) override;
  void observe_channel(std::size_t channel, const ChannelBatch& batch) override;
  std::vector<std::string> extra_warnings() const override;

  const StreamingHistogram& channel_histogram(std::size_t channel) const { return histograms_[channel]; }
  // The exact min and max over every batch seen (the histogram's edges may lie beyond them).
  const ObservedRange& channel_extreme(std::size_t channel) const { return extremes_[channel]; }

 private:
  int bins_;
  StreamingHistogram::Mode mode_;
  std::vector<StreamingHistogram> histograms_;
  std::vector<ObservedRange> extremes_;
};

}  // namespace npusim::quant
