// KL divergence of two tensors' value histograms, KL(P_ref || P_test) in nats.
//
// Binning: both tensors are binned into `bins` equal bins over their common range
// [min(x, y), max(x, y)] (bin = floor((v - lo) / (hi - lo) * bins), the maximum going to the
// last bin). Smoothing: every bin count c becomes c + alpha before normalising, in both
// histograms, so an empty test bin cannot make the divergence infinite:
//   p_i = (c_i + alpha) / (n_x + alpha * bins),  q_i likewise,  KL = sum p_i ln(p_i / q_i).
// Identical tensors give exactly 0; a zero-width common range (all values equal) gives 0.
// With few values per bin the smoothing dominates: compare KL only between tensors of equal
// size and equal settings.
#pragma once

#include <cstddef>

namespace npusim::quant {

struct HistogramKlOptions {
  int bins = 256;        // >= 1
  double alpha = 0.5;    // > 0, additive smoothing in counts
};

// Precondition: n_ref, n_test > 0, values finite. Throws std::invalid_argument for bad options.
double histogram_kl_divergence(const float* ref, std::size_t n_ref, const float* test, std::size_t n_test,
                               const HistogramKlOptions& options = {});

}  // namespace npusim::quant
