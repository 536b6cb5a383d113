// The per-layer diagnostics of docs/metrics.md accumulated over many (reference, test)
// batches, e.g. one per image of a data set: the values equal compute_metrics on all batches
// concatenated (SQNR, cosine and MSE from running sums; saturation, clipped energy, code use
// and effective bits from counts and one code histogram; max error as a running maximum).
// KL and top-k are not streamed (they need the whole tensors) and stay 0.
#pragma once

#include <cstddef>
#include <optional>

#include "quant/metrics/code_metrics.h"
#include "quant/metrics/metrics_report.h"

namespace npusim::quant {

class StreamingLayerMetrics {
 public:
  // grid: the integer grid of the code metrics; empty for a float format (they stay 0).
  explicit StreamingLayerMetrics(std::optional<std::pair<QParams, QuantSpec>> grid);
  void add(const float* ref, const float* test, std::size_t n);
  MetricValues values() const;
  std::size_t count() const { return count_; }

 private:
  std::optional<CodeUsageAccumulator> codes_;
  double signal_ = 0.0, noise_ = 0.0, test_energy_ = 0.0, dot_ = 0.0, max_error_ = 0.0;
  std::size_t count_ = 0;
};

}  // namespace npusim::quant
