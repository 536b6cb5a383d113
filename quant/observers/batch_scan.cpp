#include "quant/observers/batch_scan.h"

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace npusim::quant {

BatchScan scan_batch(const float* values, std::size_t count) {
  std::size_t i = 0;
  float lo = values[0];
  float hi = values[0];
  float probe = 0.0f;  // x * 0 summed: stays 0 unless a NaN or Inf went through
#if defined(__SSE2__)
  // Four independent accumulators of four lanes: 16 floats per iteration, bound by memory.
  if (count >= 16) {
    __m128 lo0 = _mm_set1_ps(lo), lo1 = lo0, lo2 = lo0, lo3 = lo0;
    __m128 hi0 = lo0, hi1 = lo0, hi2 = lo0, hi3 = lo0;
    __m128 probe0 = _mm_setzero_ps(), probe1 = probe0;
    const __m128 zero = _mm_setzero_ps();
    for (; i + 16 <= count; i += 16) {
      const __m128 a = _mm_loadu_ps(values + i);
      const __m128 b = _mm_loadu_ps(values + i + 4);
      const __m128 c = _mm_loadu_ps(values + i + 8);
      const __m128 d = _mm_loadu_ps(values + i + 12);
      lo0 = _mm_min_ps(lo0, a); hi0 = _mm_max_ps(hi0, a);
      lo1 = _mm_min_ps(lo1, b); hi1 = _mm_max_ps(hi1, b);
      lo2 = _mm_min_ps(lo2, c); hi2 = _mm_max_ps(hi2, c);
      lo3 = _mm_min_ps(lo3, d); hi3 = _mm_max_ps(hi3, d);
      probe0 = _mm_add_ps(probe0, _mm_add_ps(_mm_mul_ps(a, zero), _mm_mul_ps(b, zero)));
      probe1 = _mm_add_ps(probe1, _mm_add_ps(_mm_mul_ps(c, zero), _mm_mul_ps(d, zero)));
    }
    alignas(16) float lanes_lo[4], lanes_hi[4], lanes_probe[4];
    _mm_store_ps(lanes_lo, _mm_min_ps(_mm_min_ps(lo0, lo1), _mm_min_ps(lo2, lo3)));
    _mm_store_ps(lanes_hi, _mm_max_ps(_mm_max_ps(hi0, hi1), _mm_max_ps(hi2, hi3)));
    _mm_store_ps(lanes_probe, _mm_add_ps(probe0, probe1));
    for (int lane = 0; lane < 4; ++lane) {
      lo = std::min(lo, lanes_lo[lane]);
      hi = std::max(hi, lanes_hi[lane]);
      probe += lanes_probe[lane];
    }
  }
#endif
  for (; i < count; ++i) {
    const float x = values[i];
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    probe += x * 0.0f;
  }
  BatchScan scan;
  scan.min = lo;
  scan.max = hi;
  // values[0] seeds lo/hi, so a NaN there would survive as min; the probe catches it too.
  scan.all_finite = probe == 0.0f && std::isfinite(lo) && std::isfinite(hi);
  return scan;
}

std::string describe_non_finite(const float* values, std::size_t count) {
  std::size_t bad = 0;
  std::size_t first_index = 0;
  float first_value = 0.0f;
  for (std::size_t i = 0; i < count; ++i) {
    if (std::isfinite(values[i])) continue;
    if (bad == 0) {
      first_index = i;
      first_value = values[i];
    }
    ++bad;
  }
  if (bad == 0) return "no non-finite values";
  const std::string kind = std::isnan(first_value) ? "NaN" : (first_value > 0 ? "+inf" : "-inf");
  return std::to_string(bad) + " non-finite value" + (bad == 1 ? "" : "s") + " (first: " + kind +
         " at flat index " + std::to_string(first_index) + ")";
}

}  // namespace npusim::quant
