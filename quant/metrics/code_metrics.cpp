#include "quant/metrics/code_metrics.h"

#include <cmath>
#include <vector>

namespace npusim::quant {

CodeUsageAccumulator::CodeUsageAccumulator(const QParams& params, const QuantSpec& spec) : params_(params), spec_(spec) {
  validate_qparams(params, spec);
  const double step = params.scale;
  low_clamp_ = (static_cast<double>(spec.qmin()) - params.zero_point) * step;
  high_clamp_ = (static_cast<double>(spec.qmax()) - params.zero_point) * step;
  low_edge_ = low_clamp_ - 0.5 * step;    // below: the clamp acts
  high_edge_ = high_clamp_ + 0.5 * step;  // above: the clamp acts
  histogram_.assign(static_cast<std::size_t>(spec.qmax() - spec.qmin() + 1), 0);
}

void CodeUsageAccumulator::add(const float* values, std::size_t n) {
  const std::int32_t qmin = spec_.qmin();
  for (std::size_t i = 0; i < n; ++i) {
    const double x = values[i];
    signal_ += x * x;
    if (x < low_edge_) {
      ++saturated_;
      clipped_ += (x - low_clamp_) * (x - low_clamp_);
    } else if (x > high_edge_) {
      ++saturated_;
      clipped_ += (x - high_clamp_) * (x - high_clamp_);
    }
    ++histogram_[static_cast<std::size_t>(quantize_value(values[i], params_, spec_) - qmin)];
  }
  count_ += n;
}

CodeUsage CodeUsageAccumulator::usage() const {
  CodeUsage usage;
  usage.available_codes = histogram_.size();
  if (count_ == 0) return usage;
  usage.saturation_rate = static_cast<double>(saturated_) / static_cast<double>(count_);
  usage.clipped_energy = signal_ > 0.0 ? clipped_ / signal_ : 0.0;
  for (std::size_t count : histogram_) {
    if (count == 0) continue;
    ++usage.used_codes;
    const double p = static_cast<double>(count) / static_cast<double>(count_);
    usage.effective_bits -= p * std::log2(p);
  }
  usage.effective_bits = std::fabs(usage.effective_bits);  // a single code gives -0.0
  usage.code_utilization = static_cast<double>(usage.used_codes) / static_cast<double>(usage.available_codes);
  return usage;
}

CodeUsage code_usage(const float* values, std::size_t n, const QParams& params, const QuantSpec& spec) {
  CodeUsageAccumulator accumulator(params, spec);
  accumulator.add(values, n);
  return accumulator.usage();
}

}  // namespace npusim::quant
