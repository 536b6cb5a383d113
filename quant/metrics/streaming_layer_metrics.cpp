#include "quant/metrics/streaming_layer_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace npusim::quant {

StreamingLayerMetrics::StreamingLayerMetrics(std::optional<std::pair<QParams, QuantSpec>> grid) {
  if (grid) codes_.emplace(grid->first, grid->second);
}

void StreamingLayerMetrics::add(const float* ref, const float* test, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double x = ref[i], y = test[i], e = x - y;
    signal_ += x * x;
    noise_ += e * e;
    test_energy_ += y * y;
    dot_ += x * y;
    max_error_ = std::max(max_error_, std::fabs(e));
  }
  if (codes_) codes_->add(ref, n);
  count_ += n;
}

MetricValues StreamingLayerMetrics::values() const {
  MetricValues values;
  if (codes_) static_cast<CodeUsage&>(values) = codes_->usage();
  // The same edge cases as error_metrics.h.
  if (noise_ == 0.0) {
    values.sqnr_db = std::numeric_limits<double>::infinity();
  } else if (signal_ == 0.0) {
    values.sqnr_db = -std::numeric_limits<double>::infinity();
  } else {
    values.sqnr_db = 10.0 * std::log10(signal_ / noise_);
  }
  if (signal_ == 0.0 && test_energy_ == 0.0) {
    values.cosine = 1.0;
  } else if (signal_ == 0.0 || test_energy_ == 0.0) {
    values.cosine = 0.0;
  } else {
    values.cosine = std::clamp(dot_ / std::sqrt(signal_ * test_energy_), -1.0, 1.0);
  }
  values.max_abs_error = max_error_;
  values.mse = count_ ? noise_ / static_cast<double>(count_) : 0.0;
  return values;
}

}  // namespace npusim::quant
