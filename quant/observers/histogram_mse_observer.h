// Histogram MSE observer: accumulates a signed histogram of the values (re-binned exactly
// when batches widen the range) and picks the clipping range whose expected squared
// quantization error over the histogram is smallest (quant/observers/histogram_quant_error.h:
// values uniform within a bin, integrated exactly).
//
// Candidate grid over the observed data range [lo, hi], searched exhaustively (no greedy
// early stop), s = search_steps:
//   symmetric spec:  T_k = k / s * max(|lo|, |hi|), k = 1 .. s, range [-T_k, T_k]  (s candidates)
//   asymmetric spec: every pair [lo + a / s * (hi - lo), hi - b / s * (hi - lo)] with
//                    a, b >= 0 and a + b < s  (s (s + 1) / 2 candidates)
// Each candidate is quantized with choose_qparams (so the grid includes 0 exactly as the
// hardware sees it). Ties keep the first candidate (the widest).
#pragma once

#include <vector>

#include "quant/observers/channel_histogram_observer.h"

namespace npusim::quant {

struct HistogramMseOptions {
  int bins = 2048;
  int search_steps = 128;  // >= 1
};

class HistogramMseObserver : public ChannelHistogramObserver {
 public:
  HistogramMseObserver(ObserverConfig config, HistogramMseOptions options);

 protected:
  ObservedRange channel_range(std::size_t channel) const override;

 private:
  HistogramMseOptions options_;
};

}  // namespace npusim::quant
