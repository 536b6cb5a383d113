// Every diagnostic of docs/metrics.md for one (reference, test) tensor pair, per tensor and
// optionally per channel: the `npusim metrics` command and the profiler use this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quant/metrics/code_metrics.h"
#include "quant/metrics/histogram_kl.h"
#include "quant/quantizer/affine_quantizer.h"

namespace npusim::quant {

// The code-usage fields (saturation_rate, clipped_energy, code_utilization, effective_bits,
// used_codes, available_codes) come from CodeUsage, computed by code_usage on the grid.
struct MetricValues : CodeUsage {
  double sqnr_db = 0.0;
  double cosine = 0.0;
  double kl = 0.0;
  double topk_hit = 0.0;
  double max_abs_error = 0.0;
  double mse = 0.0;
};

struct MetricsOptions {
  QuantSpec spec;                    // codes of the grid (bits, signedness, narrow range, rounding)
  // The grid for saturation / clipped energy / code use / effective bits: one entry (per
  // tensor, also broadcast to every channel) or one per channel. Empty: choose_qparams of
  // the reference's own min/max (per tensor, and per channel for the channel rows).
  std::vector<QParams> grid;
  std::optional<int> channel_axis;  // also compute one row per channel
  int topk = 1;
  int topk_axis = -1;               // per tensor: slices along this axis; per channel: the channel's values
  HistogramKlOptions kl;
};

struct MetricsReport {
  MetricValues tensor;
  std::vector<MetricValues> channels;  // empty unless channel_axis is set
  bool grid_from_reference = false;    // true when the grid was derived from the reference
};

// Throws std::invalid_argument when shapes differ, a tensor is empty or holds NaN/Inf (naming
// "ref"/"test" and the flat index), or the grid has the wrong number of entries.
MetricsReport compute_metrics(const std::vector<float>& ref, const std::vector<float>& test,
                              const std::vector<std::int64_t>& shape, const MetricsOptions& options);

}  // namespace npusim::quant
