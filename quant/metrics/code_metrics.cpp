#include "quant/metrics/code_metrics.h"

#include <cmath>
#include <vector>

namespace npusim::quant {

CodeUsage code_usage(const float* values, std::size_t n, const QParams& params, const QuantSpec& spec) {
  validate_qparams(params, spec);
  const std::int32_t qmin = spec.qmin();
  const std::int32_t qmax = spec.qmax();
  const double step = params.scale;
  const double low_clamp = (static_cast<double>(qmin) - params.zero_point) * step;
  const double high_clamp = (static_cast<double>(qmax) - params.zero_point) * step;
  const double low_edge = low_clamp - 0.5 * step;    // below: the clamp acts
  const double high_edge = high_clamp + 0.5 * step;  // above: the clamp acts

  std::vector<std::size_t> histogram(static_cast<std::size_t>(qmax - qmin + 1), 0);
  std::size_t saturated = 0;
  double signal = 0.0, clipped = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = values[i];
    signal += x * x;
    if (x < low_edge) {
      ++saturated;
      clipped += (x - low_clamp) * (x - low_clamp);
    } else if (x > high_edge) {
      ++saturated;
      clipped += (x - high_clamp) * (x - high_clamp);
    }
    ++histogram[static_cast<std::size_t>(quantize_value(values[i], params, spec) - qmin)];
  }

  CodeUsage usage;
  usage.available_codes = histogram.size();
  usage.saturation_rate = static_cast<double>(saturated) / static_cast<double>(n);
  usage.clipped_energy = signal > 0.0 ? clipped / signal : 0.0;
  for (std::size_t count : histogram) {
    if (count == 0) continue;
    ++usage.used_codes;
    const double p = static_cast<double>(count) / static_cast<double>(n);
    usage.effective_bits -= p * std::log2(p);
  }
  usage.effective_bits = std::fabs(usage.effective_bits);  // a single code gives -0.0
  usage.code_utilization = static_cast<double>(usage.used_codes) / static_cast<double>(usage.available_codes);
  return usage;
}

}  // namespace npusim::quant
