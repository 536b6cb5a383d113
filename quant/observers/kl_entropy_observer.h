// Histogram KL-divergence observer: TensorRT-style entropy calibration (Migacz, "8-bit
// Inference with TensorRT", GTC 2017), streaming over batches.
//
//   1. Accumulate a histogram of |x| over [0, max|x|) with `bins` bins (default 2048),
//      re-binned exactly when a batch widens the range (quant/observers/streaming_histogram.h).
//   2. For every candidate i = levels .. bins (levels = quantized bins, default 128):
//      P = bins[0 .. i-1], with every count beyond (bins[i ..]) added to P[i-1] (outliers
//          folded into the last bin: clipping is part of the reference);
//      Q = bins[0 .. i-1] (without the outliers) merged into `levels` groups of floor(i /
//          levels) bins, the remainder going to the last group, and each group's total
//          spread evenly over the group's bins where P is non-zero (zero bins stay zero);
//      both smoothed on counts (zero entries get +epsilon, the others lose epsilon * zeros /
//          non-zeros so the total is unchanged; epsilon default 1e-4, MXNet's choice), then
//          normalised; KL(P || Q) = sum P ln(P / Q) in nats. A candidate whose smoothing
//          would make a count <= 0 is skipped.
//   3. The smallest divergence wins (ties: the smaller i); threshold T = i * bin width (the
//      upper edge of the last bin kept).
// Range: symmetric spec [-T, T]; asymmetric spec [max(min, -T), min(max, T)] with the
// observed running min/max (so a ReLU output gets [0, T]).
#pragma once

#include <cstdint>
#include <vector>

#include "quant/observers/channel_histogram_observer.h"

namespace npusim::quant {

struct KlEntropyOptions {
  int bins = 2048;
  int levels = 128;                  // quantized bins; candidates start at i = levels
  double smoothing_epsilon = 1e-4;   // > 0, added to zero counts before the divergence
};

struct KlSearchResult {
  int threshold_bins = 0;   // i: bins kept
  double divergence = 0.0;  // KL(P || Q) of the winner, nats
};

// Step 2 and 3 on a histogram of magnitudes (at least `levels` bins, non-zero total).
KlSearchResult kl_entropy_search(const std::vector<std::uint64_t>& histogram, int levels, double smoothing_epsilon);

class KlEntropyObserver : public ChannelHistogramObserver {
 public:
  KlEntropyObserver(ObserverConfig config, KlEntropyOptions options);

 protected:
  ObservedRange channel_range(std::size_t channel) const override;

 private:
  KlEntropyOptions options_;
};

}  // namespace npusim::quant
