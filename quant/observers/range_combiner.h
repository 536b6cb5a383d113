// How per-batch statistics (a batch's min/max, or its percentiles) combine into one running
// range, shared by the min/max, EMA min/max and percentile observers.
//
//   batch b < warmup_batches, or no EMA:  lo = min(lo, batch_lo), hi = max(hi, batch_hi)
//   otherwise (EMA with constant c):      lo = lo + c * (batch_lo - lo), same for hi
//
// Batch 0 always initialises (lo, hi) = (batch_lo, batch_hi). The EMA update is evaluated in
// binary32 in that order, as PyTorch's MovingAverageMinMaxObserver does.
#pragma once

#include <cstdint>
#include <optional>

#include "quant/observers/observer.h"

namespace npusim::quant {

struct RangeSmoothing {
  int warmup_batches = 1;              // >= 1: plain running min/max for batches [0, K)
  std::optional<float> ema_constant;   // in (0, 1]; empty: running min/max for every batch
};

// Throws std::invalid_argument naming the field ("warmup_batches", "ema_constant") and the
// observer when out of range.
void validate_range_smoothing(const RangeSmoothing& smoothing, const std::string& observer_name);

class RangeCombiner {
 public:
  explicit RangeCombiner(RangeSmoothing smoothing) : smoothing_(smoothing) {}
  void add(float batch_lo, float batch_hi, std::int64_t batch_index);
  ObservedRange range() const { return {lo_, hi_}; }

 private:
  RangeSmoothing smoothing_;
  float lo_ = 0.0f;
  float hi_ = 0.0f;
};

}  // namespace npusim::quant
