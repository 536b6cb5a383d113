// EMA min/max observer with warm-up: for the first `warmup_batches` batches the range is the
// plain running min/max; from then on each batch's min/max moves the range by an exponential
// moving average with constant `ema_constant`:  lo += c * (batch_min - lo).
// Defaults (warm-up 1, c = 0.01) reproduce PyTorch's MovingAverageMinMaxObserver and
// MovingAveragePerChannelMinMaxObserver.
#pragma once

#include <vector>

#include "quant/observers/observer.h"
#include "quant/observers/range_combiner.h"

namespace npusim::quant {

struct EmaMinMaxOptions {
  int warmup_batches = 1;
  float ema_constant = 0.01f;
};

class EmaMinMaxObserver : public Observer {
 public:
  EmaMinMaxObserver(ObserverConfig config, EmaMinMaxOptions options);

 protected:
  void start(std::size_t channels) override;
  void observe_channel(std::size_t channel, const ChannelBatch& batch) override;
  ObservedRange channel_range(std::size_t channel) const override;

 private:
  RangeSmoothing smoothing_;
  std::vector<RangeCombiner> combiners_;
};

}  // namespace npusim::quant
