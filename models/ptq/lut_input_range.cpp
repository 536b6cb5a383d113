#include "models/ptq/lut_input_range.h"

#include <cmath>

#include "models/golden/element_region.h"

namespace npusim::ptq {

std::pair<float, float> informative_lut_input_range(const models::Graph& graph, const golden::OpGroup& table, float low,
                                                    float high, double output_step) {
  constexpr int kSamples = 4096;
  if (!(high > low) || !(output_step > 0.0)) return {low, high};
  std::vector<float> x(kSamples);
  for (int i = 0; i < kSamples; ++i) {
    x[i] = low + (high - low) * static_cast<float>(i) / static_cast<float>(kSamples - 1);
  }
  const std::vector<float> y = golden::evaluate_element_region(graph, table, x);
  const double tolerance = output_step / 2.0;
  // From each end inwards: the flat stretch where the output stays within the tolerance.
  int top = kSamples - 1;
  while (top > 0 && std::fabs(static_cast<double>(y[top - 1]) - y[kSamples - 1]) < tolerance) --top;
  int bottom = 0;
  while (bottom < top && std::fabs(static_cast<double>(y[bottom + 1]) - y[0]) < tolerance) ++bottom;
  return {x[bottom], x[top]};
}

}  // namespace npusim::ptq
