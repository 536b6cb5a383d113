#include "sim/report/axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace npusim::report {
namespace {

// The nice number near x: 1, 2, 5 or 10 times a power of ten (rounded, or the next above).
double nice_number(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * std::pow(10.0, exponent);
}

std::string format_with_decimals(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", std::max(0, decimals), value);
  std::string s = text;
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = "0";
  return s;
}

}  // namespace

std::string format_tick_value(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude == 0) return "0";
  static const struct {
    double scale;
    const char* suffix;
  } kUnits[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& unit : kUnits) {
    if (magnitude >= unit.scale) {
      char text[32];
      std::snprintf(text, sizeof text, "%.3g%s", value / unit.scale, unit.suffix);
      return text;
    }
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

Ticks nice_linear_ticks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) throw std::invalid_argument("axis range is not finite");
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= std::fabs(hi) * 1e-12) {  // a single value: a range around it
    const double half = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= half;
    hi += half;
  }
  const double range = nice_number(hi - lo, false);
  const double step = nice_number(range / std::max(1, max_ticks - 1), true);
  Ticks ticks;
  ticks.lo = std::floor(lo / step) * step;
  ticks.hi = std::ceil(hi / step) * step;
  const int decimals = static_cast<int>(std::max(0.0, -std::floor(std::log10(step))));
  const bool large = std::max(std::fabs(ticks.lo), std::fabs(ticks.hi)) >= 1e4;
  const long count = std::lround((ticks.hi - ticks.lo) / step);
  for (long i = 0; i <= count; ++i) {
    const double value = ticks.lo + static_cast<double>(i) * step;
    ticks.values.push_back(value);
    ticks.labels.push_back(large ? format_tick_value(value) : format_with_decimals(value, decimals));
  }
  return ticks;
}

Ticks decade_ticks(double lo, double hi) {
  if (!(lo > 0) || !(hi > 0) || !std::isfinite(lo) || !std::isfinite(hi)) {
    throw std::invalid_argument("log axis needs a positive, finite range");
  }
  if (lo > hi) std::swap(lo, hi);
  int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  if (last == first) ++last;
  Ticks ticks;
  ticks.lo = std::pow(10.0, first);
  ticks.hi = std::pow(10.0, last);
  const bool fine = last - first < 3;
  for (int exponent = first; exponent <= last; ++exponent) {
    const double decade = std::pow(10.0, exponent);
    for (double multiple : {1.0, 2.0, 5.0}) {
      if (multiple != 1 && (!fine || exponent == last)) continue;
      ticks.values.push_back(decade * multiple);
      ticks.labels.push_back(format_tick_value(decade * multiple));
    }
  }
  return ticks;
}

Ticks ticks_at(const std::vector<double>& values, double pad_factor) {
  if (values.empty()) throw std::invalid_argument("ticks_at: no values");
  Ticks ticks;
  ticks.values = values;
  std::sort(ticks.values.begin(), ticks.values.end());
  ticks.values.erase(std::unique(ticks.values.begin(), ticks.values.end()), ticks.values.end());
  for (double value : ticks.values) ticks.labels.push_back(format_tick_value(value));
  ticks.lo = ticks.values.front() / pad_factor;
  ticks.hi = ticks.values.back() * pad_factor;
  return ticks;
}

Scale::Scale(double domain_lo, double domain_hi, double range_lo, double range_hi, bool logarithmic)
    : d0_(domain_lo), d1_(domain_hi), r0_(range_lo), r1_(range_hi), log_(logarithmic) {
  if (log_) {
    if (!(d0_ > 0) || !(d1_ > 0)) throw std::invalid_argument("log scale needs a positive domain");
    d0_ = std::log10(d0_);
    d1_ = std::log10(d1_);
  }
  if (d1_ == d0_) throw std::invalid_argument("scale with an empty domain");
}

double Scale::operator()(double value) const {
  const double v = log_ ? std::log10(std::max(value, 1e-300)) : value;
  return r0_ + (v - d0_) / (d1_ - d0_) * (r1_ - r0_);
}

}  // namespace npusim::report
