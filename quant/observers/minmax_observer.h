// Min/max observer: the range is the smallest and largest value over every batch seen
// (per channel when configured). The classic PTQ baseline (PyTorch MinMaxObserver,
// PerChannelMinMaxObserver); it has no options beyond the shared ObserverConfig.
#pragma once

#include <vector>

#include "quant/observers/observer.h"
#include "quant/observers/range_combiner.h"

namespace npusim::quant {

class MinMaxObserver : public Observer {
 public:
  explicit MinMaxObserver(ObserverConfig config);

 protected:
  void start(std::size_t channels) override;
  void observe_channel(std::size_t channel, const ChannelBatch& batch) override;
  ObservedRange channel_range(std::size_t channel) const override;

 private:
  std::vector<RangeCombiner> combiners_;
};

}  // namespace npusim::quant
