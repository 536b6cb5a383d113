#include "models/metrics/range_study.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace npusim::metrics {
namespace {

double parse_number(const std::string& text, const std::string& item) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value)) {
    throw std::invalid_argument("range '" + item + "': '" + text + "' is not a number");
  }
  return value;
}

// Accumulates q - d for one encoding.
struct ErrorAccumulator {
  double sum_squares_covered = 0, sum_squares_all = 0, max_abs_covered = 0;
  void add(double error, bool covered) {
    sum_squares_all += error * error;
    if (covered) {
      sum_squares_covered += error * error;
      max_abs_covered = std::max(max_abs_covered, std::fabs(error));
    }
  }
};

// Round half away from zero; the argument is >= 0 here (clamped into the range), so this
// is floor(x + 0.5).
double round_code(double x) { return std::floor(x + 0.5); }

EncodingError finish(const ErrorAccumulator& acc, double step_low, double step_high, double covered, double all) {
  EncodingError e;
  e.step_low_m = step_low;
  e.step_high_m = step_high;
  e.rms_covered_m = covered > 0 ? std::sqrt(acc.sum_squares_covered / covered) : 0.0;
  e.rms_all_m = std::sqrt(acc.sum_squares_all / all);
  e.max_abs_covered_m = acc.max_abs_covered;
  return e;
}

}  // namespace

std::vector<DepthRange> parse_depth_ranges(const std::string& text) {
  std::vector<DepthRange> ranges;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) throw std::invalid_argument("range '" + item + "': expected LOW:HIGH in metres");
    DepthRange range{parse_number(item.substr(0, colon), item), parse_number(item.substr(colon + 1), item)};
    if (!(range.low_m > 0)) throw std::invalid_argument("range '" + item + "': low must be > 0 (the log code needs it)");
    if (!(range.high_m > range.low_m)) throw std::invalid_argument("range '" + item + "': high must exceed low");
    ranges.push_back(range);
  }
  if (ranges.empty()) throw std::invalid_argument("no ranges given");
  return ranges;
}

double linear_step_m(const DepthRange& range, int bits) {
  return (range.high_m - range.low_m) / (std::ldexp(1.0, bits) - 1.0);
}

double log_relative_step(const DepthRange& range, int bits) {
  return std::exp(std::log(range.high_m / range.low_m) / (std::ldexp(1.0, bits) - 1.0)) - 1.0;
}

std::vector<RangeStudyRow> run_range_study(const std::vector<float>& depths_m, const std::vector<DepthRange>& ranges) {
  std::vector<double> valid;
  valid.reserve(depths_m.size());
  for (float d : depths_m) {
    if (d > 0.0f && std::isfinite(d)) valid.push_back(d);
  }
  if (valid.empty()) throw std::invalid_argument("range study: no valid (> 0) depth in the set");
  const double all = static_cast<double>(valid.size());
  std::vector<RangeStudyRow> rows;
  for (const DepthRange& range : ranges) {
    RangeStudyRow row;
    row.range = range;
    const double step8 = linear_step_m(range, 8), step16 = linear_step_m(range, 16);
    const double log_low = std::log(range.low_m);
    const double log_span = std::log(range.high_m) - log_low;
    const double log_step8 = log_span / 255.0, log_step16 = log_span / 65535.0;
    ErrorAccumulator lin8, lin16, lg8, lg16;
    double below = 0, above = 0;
    for (double d : valid) {
      const bool covered = d >= range.low_m && d <= range.high_m;
      if (d < range.low_m) below += 1;
      if (d > range.high_m) above += 1;
      const double c = std::clamp(d, range.low_m, range.high_m);
      lin8.add(range.low_m + round_code((c - range.low_m) / step8) * step8 - d, covered);
      lin16.add(range.low_m + round_code((c - range.low_m) / step16) * step16 - d, covered);
      const double lc = std::log(c) - log_low;
      lg8.add(std::exp(log_low + round_code(lc / log_step8) * log_step8) - d, covered);
      lg16.add(std::exp(log_low + round_code(lc / log_step16) * log_step16) - d, covered);
    }
    const double covered = all - below - above;
    row.below = below / all;
    row.above = above / all;
    row.lost = (below + above) / all;
    row.coverage = covered / all;
    row.linear8 = finish(lin8, step8, step8, covered, all);
    row.linear16 = finish(lin16, step16, step16, covered, all);
    const double r8 = log_relative_step(range, 8), r16 = log_relative_step(range, 16);
    row.log8 = finish(lg8, range.low_m * r8, range.high_m * r8 / (1.0 + r8), covered, all);
    row.log16 = finish(lg16, range.low_m * r16, range.high_m * r16 / (1.0 + r16), covered, all);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace npusim::metrics
