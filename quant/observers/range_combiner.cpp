#include "quant/observers/range_combiner.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace npusim::quant {

void validate_range_smoothing(const RangeSmoothing& smoothing, const std::string& observer_name) {
  if (smoothing.warmup_batches < 1) {
    throw std::invalid_argument("observer '" + observer_name + "': warmup_batches = " +
                                std::to_string(smoothing.warmup_batches) +
                                " (must be >= 1: the first batch initialises the range)");
  }
  if (!smoothing.ema_constant && smoothing.warmup_batches != 1) {
    // Without an EMA every batch is combined by min/max anyway: a warm-up length would be
    // silently ignored, so it is refused instead.
    throw std::invalid_argument("observer '" + observer_name + "': warmup_batches = " +
                                std::to_string(smoothing.warmup_batches) + " needs an ema_constant");
  }
  if (smoothing.ema_constant) {
    const float c = *smoothing.ema_constant;
    if (!(std::isfinite(c) && c > 0.0f && c <= 1.0f)) {
      throw std::invalid_argument("observer '" + observer_name + "': ema_constant = " + std::to_string(c) +
                                  " (must be in (0, 1])");
    }
  }
}

void RangeCombiner::add(float batch_lo, float batch_hi, std::int64_t batch_index) {
  if (batch_index == 0) {
    lo_ = batch_lo;
    hi_ = batch_hi;
    return;
  }
  if (!smoothing_.ema_constant || batch_index < smoothing_.warmup_batches) {
    lo_ = std::min(lo_, batch_lo);
    hi_ = std::max(hi_, batch_hi);
    return;
  }
  // Exponential moving average; binary32 like torch (x + c * (new - x)).
  const float c = *smoothing_.ema_constant;
  lo_ = lo_ + c * (batch_lo - lo_);
  hi_ = hi_ + c * (batch_hi - hi_);
}

}  // namespace npusim::quant
