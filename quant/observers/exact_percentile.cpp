#include "quant/observers/exact_percentile.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace npusim::quant {
namespace {

constexpr std::size_t kSampleSize = 16384;
constexpr std::size_t kSmallInput = 4096;  // below this, nth_element on a copy is cheapest

// Values v[k] and v[k + 1] (ascending order) of the candidates, given that exactly `below`
// values of the whole array are smaller than every candidate. Destroys the order of candidates.
std::pair<float, float> pick_pair(std::vector<float>& candidates, std::size_t k, std::size_t below) {
  const std::size_t local = k - below;
  std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(local), candidates.end());
  const float first = candidates[local];
  float second = first;
  if (local + 1 < candidates.size()) {
    second = *std::min_element(candidates.begin() + static_cast<std::ptrdiff_t>(local) + 1, candidates.end());
  }
  return {first, second};
}

struct Bracket {
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  std::size_t below = 0;           // values < lo
  std::vector<float> inside;       // values in [lo, hi]
};

#if defined(__SSE2__)
std::size_t lane_total(__m128i lanes_counting_down) {
  alignas(16) std::int32_t lanes[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), lanes_counting_down);
  std::size_t total = 0;
  for (std::int32_t lane : lanes) total += static_cast<std::uint32_t>(-lane);
  return total;
}

// One vector of 4 values: counts (as -1 per lane) the values below each bracket and ORs
// into `inside` the lanes that fall inside either bracket.
inline void step4(__m128 x, __m128 a_lo, __m128 a_hi, __m128 b_lo, __m128 b_hi, __m128i& below_a,
                  __m128i& below_b, __m128& inside) {
  const __m128 under_a = _mm_cmplt_ps(x, a_lo);
  const __m128 under_b = _mm_cmplt_ps(x, b_lo);
  below_a = _mm_add_epi32(below_a, _mm_castps_si128(under_a));
  below_b = _mm_add_epi32(below_b, _mm_castps_si128(under_b));
  inside = _mm_or_ps(inside, _mm_andnot_ps(under_a, _mm_cmple_ps(x, a_hi)));
  inside = _mm_or_ps(inside, _mm_andnot_ps(under_b, _mm_cmple_ps(x, b_hi)));
}

// The batch scan folded into the bracket pass: running min / max and the x * 0 probe that
// turns NaN for NaN or +-Inf (see batch_scan.h), 16 values at a time.
struct ScanLanes {
  __m128 lo, hi, probe;
  explicit ScanLanes(float first) : lo(_mm_set1_ps(first)), hi(lo), probe(_mm_setzero_ps()) {}
  void add16(__m128 x0, __m128 x1, __m128 x2, __m128 x3) {
    const __m128 zero = _mm_setzero_ps();
    lo = _mm_min_ps(lo, _mm_min_ps(_mm_min_ps(x0, x1), _mm_min_ps(x2, x3)));
    hi = _mm_max_ps(hi, _mm_max_ps(_mm_max_ps(x0, x1), _mm_max_ps(x2, x3)));
    probe = _mm_add_ps(probe, _mm_add_ps(_mm_add_ps(_mm_mul_ps(x0, zero), _mm_mul_ps(x1, zero)),
                                         _mm_add_ps(_mm_mul_ps(x2, zero), _mm_mul_ps(x3, zero))));
  }
  void fold_into(float& scalar_lo, float& scalar_hi, float& scalar_probe) const {
    alignas(16) float l[4], h[4], p[4];
    _mm_store_ps(l, lo);
    _mm_store_ps(h, hi);
    _mm_store_ps(p, probe);
    for (int lane = 0; lane < 4; ++lane) {
      scalar_lo = std::min(scalar_lo, l[lane]);
      scalar_hi = std::max(scalar_hi, h[lane]);
      scalar_probe += p[lane];
    }
  }
};
#endif

// Scalar state of the folded scan (the tail, and the result).
struct ScanState {
  float lo, hi, probe = 0.0f;
  explicit ScanState(float first) : lo(first), hi(first) {}
  void add(float x) {
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    probe += x * 0.0f;
  }
  BatchScan result() const { return {lo, hi, probe == 0.0f && std::isfinite(lo) && std::isfinite(hi)}; }
};

#if defined(__SSE2__)
// Copies the values of 16 that lie inside each bracket, lanes chosen by comparison masks.
void copy_inside(const float* values16, Bracket& a, Bracket& b) {
  const __m128 a_lo = _mm_set1_ps(a.lo), a_hi = _mm_set1_ps(a.hi);
  const __m128 b_lo = _mm_set1_ps(b.lo), b_hi = _mm_set1_ps(b.hi);
  for (int part = 0; part < 16; part += 4) {
    const __m128 x = _mm_loadu_ps(values16 + part);
    int in_a = _mm_movemask_ps(_mm_and_ps(_mm_cmpge_ps(x, a_lo), _mm_cmple_ps(x, a_hi)));
    int in_b = _mm_movemask_ps(_mm_and_ps(_mm_cmpge_ps(x, b_lo), _mm_cmple_ps(x, b_hi)));
    for (; in_a != 0; in_a &= in_a - 1) a.inside.push_back(values16[part + __builtin_ctz(in_a)]);
    for (; in_b != 0; in_b &= in_b - 1) b.inside.push_back(values16[part + __builtin_ctz(in_b)]);
  }
}
#endif

// Fills below/inside for two brackets in one pass. The vector loop handles 16 values per
// step with the counters in registers; the rare values inside a bracket are copied by a
// scalar slow path entered only when one of the 16 is inside.
// Also returns the batch scan of the values (NaN / Inf make the brackets meaningless; the
// caller then discards them).
BatchScan fill_brackets(const float* values, std::size_t count, Bracket& a, Bracket& b) {
  std::size_t i = 0;
  ScanState scan(values[0]);
#if defined(__SSE2__)
  ScanLanes lanes(values[0]);
  if (a.lo == -std::numeric_limits<float>::infinity() && b.hi == std::numeric_limits<float>::infinity()) {
    // The usual tail case (low percentile bracket open below, high one open above): nothing
    // lies below a, and what lies below b is everything not inside b, so only the two
    // membership tests remain: a pass as cheap as the min/max scan.
    const __m128 a_hi = _mm_set1_ps(a.hi), b_lo = _mm_set1_ps(b.lo);
    for (; i + 16 <= count; i += 16) {
      const __m128 x0 = _mm_loadu_ps(values + i), x1 = _mm_loadu_ps(values + i + 4);
      const __m128 x2 = _mm_loadu_ps(values + i + 8), x3 = _mm_loadu_ps(values + i + 12);
      lanes.add16(x0, x1, x2, x3);
      const __m128 in01 = _mm_or_ps(_mm_or_ps(_mm_cmple_ps(x0, a_hi), _mm_cmpge_ps(x0, b_lo)),
                                    _mm_or_ps(_mm_cmple_ps(x1, a_hi), _mm_cmpge_ps(x1, b_lo)));
      const __m128 in23 = _mm_or_ps(_mm_or_ps(_mm_cmple_ps(x2, a_hi), _mm_cmpge_ps(x2, b_lo)),
                                    _mm_or_ps(_mm_cmple_ps(x3, a_hi), _mm_cmpge_ps(x3, b_lo)));
      if (__builtin_expect(_mm_movemask_ps(_mm_or_ps(in01, in23)) != 0, 0)) copy_inside(values + i, a, b);
    }
    lanes.fold_into(scan.lo, scan.hi, scan.probe);
    for (; i < count; ++i) {
      const float x = values[i];
      scan.add(x);
      if (x <= a.hi) a.inside.push_back(x);
      if (x >= b.lo) b.inside.push_back(x);
    }
    a.below = 0;
    b.below = count - b.inside.size();
    return scan.result();
  }
  const __m128 a_lo = _mm_set1_ps(a.lo), a_hi = _mm_set1_ps(a.hi);
  const __m128 b_lo = _mm_set1_ps(b.lo), b_hi = _mm_set1_ps(b.hi);
  // Each int32 lane gains at most 4 per 16 values: chunks of 2^30 values keep it below 2^28.
  constexpr std::size_t kChunk = std::size_t{1} << 30;
  while (i + 16 <= count) {
    const std::size_t chunk_end = i + std::min(kChunk, (count - i) / 16 * 16);
    __m128i below_a = _mm_setzero_si128(), below_b = _mm_setzero_si128();
    for (; i < chunk_end; i += 16) {
      __m128 inside = _mm_setzero_ps();
      const __m128 x0 = _mm_loadu_ps(values + i), x1 = _mm_loadu_ps(values + i + 4);
      const __m128 x2 = _mm_loadu_ps(values + i + 8), x3 = _mm_loadu_ps(values + i + 12);
      lanes.add16(x0, x1, x2, x3);
      step4(x0, a_lo, a_hi, b_lo, b_hi, below_a, below_b, inside);
      step4(x1, a_lo, a_hi, b_lo, b_hi, below_a, below_b, inside);
      step4(x2, a_lo, a_hi, b_lo, b_hi, below_a, below_b, inside);
      step4(x3, a_lo, a_hi, b_lo, b_hi, below_a, below_b, inside);
      if (__builtin_expect(_mm_movemask_ps(inside) != 0, 0)) {
        copy_inside(values + i, a, b);  // counts are already in the lanes
      }
    }
    a.below += lane_total(below_a);
    b.below += lane_total(below_b);
  }
  lanes.fold_into(scan.lo, scan.hi, scan.probe);
#endif
  for (; i < count; ++i) {
    const float x = values[i];
    scan.add(x);
    a.below += x < a.lo;
    b.below += x < b.lo;
    if (x >= a.lo && x <= a.hi) a.inside.push_back(x);
    if (x >= b.lo && x <= b.hi) b.inside.push_back(x);
  }
  return scan.result();
}

// Bracket of sample values expected to hold the order statistics k and k + 1 of n.
Bracket bracket_from_sample(const std::vector<float>& sample, std::size_t k, std::size_t n) {
  Bracket bracket;
  const double m = static_cast<double>(sample.size());
  const double q = n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0.0;
  const double centre = q * (m - 1.0);
  const double margin = 4.0 * std::sqrt(m * q * (1.0 - q)) + 2.0;
  const double lo_index = std::floor(centre - margin);
  const double hi_index = std::ceil(centre + margin) + 1.0;
  if (lo_index >= 0.0) bracket.lo = sample[static_cast<std::size_t>(lo_index)];
  if (hi_index < m) bracket.hi = sample[static_cast<std::size_t>(hi_index)];
  return bracket;
}

bool bracket_holds(const Bracket& bracket, std::size_t k, std::size_t n) {
  const std::size_t last = std::min(k + 1, n - 1);
  return bracket.below <= k && last < bracket.below + bracket.inside.size();
}

float interpolate(std::pair<float, float> pair, double fraction) {
  // Linear interpolation in double, rounded once to binary32 (numpy computes in double too).
  return static_cast<float>(static_cast<double>(pair.first) +
                            fraction * (static_cast<double>(pair.second) - static_cast<double>(pair.first)));
}

}  // namespace

ScannedPercentiles scan_and_percentiles(const float* values, std::size_t count, double p_low, double p_high) {
  ScannedPercentiles result;
  const double rank_low = p_low / 100.0 * static_cast<double>(count - 1);
  const double rank_high = p_high / 100.0 * static_cast<double>(count - 1);
  const std::size_t k_low = static_cast<std::size_t>(std::floor(rank_low));
  const std::size_t k_high = static_cast<std::size_t>(std::floor(rank_high));
  const double frac_low = rank_low - static_cast<double>(k_low);
  const double frac_high = rank_high - static_cast<double>(k_high);

  if (count <= kSmallInput) {
    result.scan = scan_batch(values, count);
    if (!result.scan.all_finite) return result;
    std::vector<float> copy(values, values + count);
    result.low = interpolate(pick_pair(copy, k_low, 0), frac_low);
    result.high = interpolate(pick_pair(copy, k_high, 0), frac_high);
    return result;
  }

  std::vector<float> sample(kSampleSize);
  for (std::size_t s = 0; s < kSampleSize; ++s) {
    sample[s] = values[static_cast<std::size_t>(static_cast<double>(s) * static_cast<double>(count) / kSampleSize)];
  }
  for (float x : sample) {
    if (!std::isfinite(x)) {  // sorting NaN is undefined: report the scan and stop
      result.scan = scan_batch(values, count);
      return result;
    }
  }
  std::sort(sample.begin(), sample.end());
  Bracket low = bracket_from_sample(sample, k_low, count);
  Bracket high = bracket_from_sample(sample, k_high, count);
  result.scan = fill_brackets(values, count, low, high);
  if (!result.scan.all_finite) return result;

  auto resolve = [&](Bracket& bracket, std::size_t k) {
    if (bracket_holds(bracket, k, count)) return pick_pair(bracket.inside, k, bracket.below);
    std::vector<float> all(values, values + count);  // the bracket missed: exact fallback
    return pick_pair(all, k, 0);
  };
  result.low = interpolate(resolve(low, k_low), frac_low);
  result.high = interpolate(resolve(high, k_high), frac_high);
  return result;
}

std::pair<float, float> exact_percentiles(const float* values, std::size_t count, double p_low, double p_high) {
  const ScannedPercentiles result = scan_and_percentiles(values, count, p_low, p_high);
  return {result.low, result.high};
}

}  // namespace npusim::quant
