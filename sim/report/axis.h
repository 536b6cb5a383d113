// Axes for the report's plots: "nice" linear ticks (1, 2 or 5 times a power of ten, after
// Heckbert, Graphics Gems 1990), decade ticks for log axes, and the scale that maps data
// to pixels.
#pragma once

#include <string>
#include <vector>

namespace npusim::report {

struct Ticks {
  double lo = 0;  // the axis range, widened to whole ticks
  double hi = 1;
  std::vector<double> values;
  std::vector<std::string> labels;
};

// About `max_ticks` ticks covering [lo, hi]; a zero-width range is widened around its value.
// Labels carry as many decimals as the step needs (step 0.05 -> "0.15", never "0.15000000000000002").
Ticks nice_linear_ticks(double lo, double hi, int max_ticks = 6);
// Powers of ten covering [lo, hi] (lo > 0), labelled 0.01, 0.1, 1, 10, 100, 1k, 10k, 1M ...;
// with fewer than three decades, 2x and 5x ticks are added so the axis is readable.
Ticks decade_ticks(double lo, double hi);
// Ticks exactly at `values` (a log axis over batch sizes 1, 2, 4 ...), range padded by `pad` (a factor).
Ticks ticks_at(const std::vector<double>& values, double pad_factor);

// "1k", "2.5M", "0.001": short tick text with three significant digits at most.
std::string format_tick_value(double value);

class Scale {
 public:
  // Maps [domain_lo, domain_hi] onto [range_lo, range_hi] (pixels), linearly or in log10
  // (domain > 0). Values outside the domain map outside the range; callers clip.
  Scale(double domain_lo, double domain_hi, double range_lo, double range_hi, bool logarithmic);
  double operator()(double value) const;
  bool logarithmic() const { return log_; }

 private:
  double d0_, d1_, r0_, r1_;
  bool log_;
};

}  // namespace npusim::report
