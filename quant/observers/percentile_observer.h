// Percentile observer: each batch contributes its exact low and high percentiles (numpy
// 'linear' definition, computed without sorting: quant/observers/exact_percentile.h); the
// per-batch values combine across batches like min/max, with optional warm-up + EMA
// (quant/observers/range_combiner.h). Two-sided: low and high are set independently.
#pragma once

#include <optional>
#include <vector>

#include "quant/observers/observer.h"
#include "quant/observers/range_combiner.h"

namespace npusim::quant {

struct PercentileOptions {
  double low_percent = 0.1;             // in [0, 100]
  double high_percent = 99.9;           // in [low_percent, 100]
  int warmup_batches = 1;               // used only with an EMA
  std::optional<float> ema_constant;    // empty: running min of lows / max of highs
};

class PercentileObserver : public Observer {
 public:
  PercentileObserver(ObserverConfig config, PercentileOptions options);

 protected:
  // Computes the batch's percentiles in the same pass as the batch scan (one read of the
  // values); they wait in pending_ until observe_channel commits them.
  BatchScan prescan_channel(std::size_t channel, const float* values, std::size_t count) override;
  void start(std::size_t channels) override;
  void observe_channel(std::size_t channel, const ChannelBatch& batch) override;
  ObservedRange channel_range(std::size_t channel) const override;

 private:
  PercentileOptions options_;
  std::vector<RangeCombiner> combiners_;
  std::vector<ObservedRange> pending_;  // this batch's percentiles per channel, not yet combined
};

}  // namespace npusim::quant
