// The original team's output-range table (SEEDS.md section 2, int8-theory-vs-practice.md)
// on any depth set: for each candidate output range [low, high] of a depth head,
//   coverage        share of valid pixels with low <= depth <= high
//   lost            share outside (split into below and above)
//   linear step     (high - low) / (2^bits - 1), error +- step / 2   (8 and 16 bits)
//   log step        codes uniform in ln(depth): relative step r = (high / low)^(1 / (2^bits - 1)) - 1,
//                   absolute step at the low end low * r, at the high end high * r / (1 + r)
//   measured        what quantising this set's pixels does: RMS error over covered pixels
//                   (pure quantisation) and over all valid pixels (clipping included)
// Quantisation is q = low + round((clamp(d, low, high) - low) / step) * step (round half
// away from zero), and for the log code the same in ln(d).
// Check against the original table: [0.5, 15] m at 8 bits -> 14.5 / 255 = 56.9 mm, +-28.4 mm.
#pragma once

#include <string>
#include <vector>

namespace npusim::metrics {

struct DepthRange {
  double low_m = 0;
  double high_m = 0;
};

// "0.5:7.5,0.5:10" -> ranges. Throws std::invalid_argument naming the item for malformed
// text, low <= 0 (the log code needs low > 0), high <= low or non-finite values.
std::vector<DepthRange> parse_depth_ranges(const std::string& text);

struct EncodingError {
  double step_low_m = 0;   // quantisation step at the low end of the range
  double step_high_m = 0;  // at the high end (equal to step_low_m for linear codes)
  double rms_covered_m = 0;  // RMS of q - d over pixels inside the range
  double rms_all_m = 0;      // RMS of q - d over every valid pixel (clipping included)
  double max_abs_covered_m = 0;
};

struct RangeStudyRow {
  DepthRange range;
  double coverage = 0, lost = 0, below = 0, above = 0;  // shares of valid pixels, 0..1
  EncodingError linear8, linear16, log8, log16;
};

// Linear and log quantisation step for a range at `bits` (1..24).
double linear_step_m(const DepthRange& range, int bits);
double log_relative_step(const DepthRange& range, int bits);

// One row per range over the valid (> 0) depths. Throws std::invalid_argument when no
// depth is valid.
std::vector<RangeStudyRow> run_range_study(const std::vector<float>& depths_m, const std::vector<DepthRange>& ranges);

}  // namespace npusim::metrics
