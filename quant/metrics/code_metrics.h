// How a float tensor x uses a quantization grid (scale s, zero point zp, codes qmin..qmax):
// saturation, clipped energy, code utilisation and effective bits. docs/metrics.md.
#pragma once

#include <cstddef>
#include <vector>

#include "quant/quantizer/affine_quantizer.h"

namespace npusim::quant {

struct CodeUsage {
  // Share of values outside the grid's rounding cells, i.e. x < (qmin - zp - 1/2) s or
  // x > (qmax - zp + 1/2) s: the values the clamp changes (independent of the rounding mode).
  double saturation_rate = 0.0;
  // Energy lost to clipping relative to the signal: sum over saturated x of (x - x_clamp)^2
  // divided by sum of x^2, with x_clamp = (qmin - zp) s or (qmax - zp) s. 0 for a zero signal.
  double clipped_energy = 0.0;
  // Distinct codes of quantize(x) (the spec's rounding) over the codes available
  // (qmax - qmin + 1).
  double code_utilization = 0.0;
  // Entropy of the code histogram in bits, -sum p log2 p (0 .. bits).
  double effective_bits = 0.0;
  std::size_t used_codes = 0;
  std::size_t available_codes = 0;
};

// Precondition: n > 0, values finite; params valid for spec (validated, throws otherwise).
CodeUsage code_usage(const float* values, std::size_t n, const QParams& params, const QuantSpec& spec);

// The same over many batches: add() each, usage() gives what code_usage returns on all of
// them at once (the counts and the code histogram are kept, not per-batch rates).
class CodeUsageAccumulator {
 public:
  CodeUsageAccumulator(const QParams& params, const QuantSpec& spec);  // validates, throws
  void add(const float* values, std::size_t n);
  CodeUsage usage() const;  // precondition: some values were added

 private:
  QParams params_;
  QuantSpec spec_;
  double low_clamp_, high_clamp_, low_edge_, high_edge_;
  std::vector<std::size_t> histogram_;
  std::size_t count_ = 0, saturated_ = 0;
  double signal_ = 0.0, clipped_ = 0.0;
};

}  // namespace npusim::quant
