// Error metrics between a reference tensor x (float) and a test tensor y (e.g. the
// dequantized NPU output), over flat arrays of equal length n. All sums run in double.
// docs/metrics.md gives each definition once, with the edge cases below.
#pragma once

#include <cstddef>

namespace npusim::quant {

// SQNR in dB: 20 log10(||x|| / ||x - y||) (L2 norms).
//   x == y (including both zero): +inf;  ||x|| == 0 and x != y: -inf.
double sqnr_db(const float* ref, const float* test, std::size_t n);

// Signed cosine similarity x . y / (||x|| ||y||), clamped to [-1, 1].
//   both zero vectors: 1 (identical);  exactly one zero vector: 0 (no direction in common).
double cosine_similarity(const float* ref, const float* test, std::size_t n);

// max |x_i - y_i| (0 for n == 0).
double max_abs_error(const float* ref, const float* test, std::size_t n);

// mean (x_i - y_i)^2 (0 for n == 0).
double mean_squared_error(const float* ref, const float* test, std::size_t n);

}  // namespace npusim::quant
