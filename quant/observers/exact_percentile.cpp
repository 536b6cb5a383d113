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

// Fills below/inside for two brackets in one pass.
void fill_brackets(const float* values, std::size_t count, Bracket& a, Bracket& b) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128 a_lo = _mm_set1_ps(a.lo), a_hi = _mm_set1_ps(a.hi);
  const __m128 b_lo = _mm_set1_ps(b.lo), b_hi = _mm_set1_ps(b.hi);
  __m128i below_a = _mm_setzero_si128(), below_b = _mm_setzero_si128();
  std::size_t flushed_at = 0;
  auto flush = [&]() {  // int32 lane counters are flushed before they could overflow
    alignas(16) std::int32_t lanes_a[4], lanes_b[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes_a), below_a);
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes_b), below_b);
    for (int lane = 0; lane < 4; ++lane) {
      a.below += static_cast<std::uint32_t>(-lanes_a[lane]);
      b.below += static_cast<std::uint32_t>(-lanes_b[lane]);
    }
    below_a = _mm_setzero_si128();
    below_b = _mm_setzero_si128();
  };
  for (; i + 4 <= count; i += 4) {
    const __m128 x = _mm_loadu_ps(values + i);
    // Comparison masks are all-ones (-1 as int32) per lane: subtracting counts down.
    below_a = _mm_add_epi32(below_a, _mm_castps_si128(_mm_cmplt_ps(x, a_lo)));
    below_b = _mm_add_epi32(below_b, _mm_castps_si128(_mm_cmplt_ps(x, b_lo)));
    const int in_a = _mm_movemask_ps(_mm_and_ps(_mm_cmpge_ps(x, a_lo), _mm_cmple_ps(x, a_hi)));
    const int in_b = _mm_movemask_ps(_mm_and_ps(_mm_cmpge_ps(x, b_lo), _mm_cmple_ps(x, b_hi)));
    if ((in_a | in_b) != 0) {
      for (int lane = 0; lane < 4; ++lane) {
        if (in_a & (1 << lane)) a.inside.push_back(values[i + lane]);
        if (in_b & (1 << lane)) b.inside.push_back(values[i + lane]);
      }
    }
    if (i - flushed_at >= (std::size_t{1} << 30)) {
      flush();
      flushed_at = i;
    }
  }
  flush();
#endif
  for (; i < count; ++i) {
    const float x = values[i];
    a.below += x < a.lo;
    b.below += x < b.lo;
    if (x >= a.lo && x <= a.hi) a.inside.push_back(x);
    if (x >= b.lo && x <= b.hi) b.inside.push_back(x);
  }
}

// Bracket of sample values expected to hold the order statistics k and k + 1 of n.
Bracket bracket_from_sample(const std::vector<float>& sample, std::size_t k, std::size_t n) {
  Bracket bracket;
  const double m = static_cast<double>(sample.size());
  const double q = n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0.0;
  const double centre = q * (m - 1.0);
  const double margin = 4.0 * std::sqrt(m * q * (1.0 - q)) + 8.0;
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

std::pair<float, float> exact_percentiles(const float* values, std::size_t count, double p_low, double p_high) {
  const double rank_low = p_low / 100.0 * static_cast<double>(count - 1);
  const double rank_high = p_high / 100.0 * static_cast<double>(count - 1);
  const std::size_t k_low = static_cast<std::size_t>(std::floor(rank_low));
  const std::size_t k_high = static_cast<std::size_t>(std::floor(rank_high));
  const double frac_low = rank_low - static_cast<double>(k_low);
  const double frac_high = rank_high - static_cast<double>(k_high);

  if (count <= kSmallInput) {
    std::vector<float> copy(values, values + count);
    auto pair_low = pick_pair(copy, k_low, 0);
    auto pair_high = pick_pair(copy, k_high, 0);
    return {interpolate(pair_low, frac_low), interpolate(pair_high, frac_high)};
  }

  std::vector<float> sample(kSampleSize);
  for (std::size_t s = 0; s < kSampleSize; ++s) {
    sample[s] = values[static_cast<std::size_t>(static_cast<double>(s) * static_cast<double>(count) / kSampleSize)];
  }
  std::sort(sample.begin(), sample.end());
  Bracket low = bracket_from_sample(sample, k_low, count);
  Bracket high = bracket_from_sample(sample, k_high, count);
  fill_brackets(values, count, low, high);

  auto resolve = [&](Bracket& bracket, std::size_t k) {
    if (bracket_holds(bracket, k, count)) return pick_pair(bracket.inside, k, bracket.below);
    std::vector<float> all(values, values + count);  // the bracket missed: exact fallback
    return pick_pair(all, k, 0);
  };
  auto pair_low = resolve(low, k_low);
  auto pair_high = resolve(high, k_high);
  return {interpolate(pair_low, frac_low), interpolate(pair_high, frac_high)};
}

}  // namespace npusim::quant
