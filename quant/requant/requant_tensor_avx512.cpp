// The AVX-512 tensor kernel: 8 int32 accumulators widened to int64 lanes per step, the same
// arithmetic as requant_tensor_lane.h (floor by arithmetic shift, remainder comparison).
// Compiled with a target attribute and only called after a run-time CPU check, so the rest of
// the build stays portable.
#include "quant/requant/requant_tensor_kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define NPUSIM_HAVE_AVX512_KERNEL 1
#include <immintrin.h>
// GCC 12's AVX-512 headers start intrinsics from _mm512_undefined_*(), which -Wmaybe-uninitialized
// reports as a false positive in every caller; nothing here reads an undefined lane.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace npusim::quant::tensor_kernels {

#if NPUSIM_HAVE_AVX512_KERNEL

bool avx512_supported() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
}

#define NPUSIM_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))

namespace {

// The parameters of 8 lanes (8 channels, or one channel broadcast).
struct Lanes {
  __m512i multiplier, shift, negative_multiplier, negative_shift, zero_point, lower, upper;
  __m256 scale, negative_scale;
};

NPUSIM_AVX512 inline Lanes broadcast_lanes(const ChannelTable& t) {
  return {_mm512_set1_epi64(t.multiplier[0]), _mm512_set1_epi64(t.shift[0]),
          _mm512_set1_epi64(t.negative_multiplier[0]), _mm512_set1_epi64(t.negative_shift[0]),
          _mm512_set1_epi64(t.zero_point[0]), _mm512_set1_epi64(t.lower[0]), _mm512_set1_epi64(t.upper[0]),
          _mm256_set1_ps(t.scale[0]), _mm256_set1_ps(t.negative_scale[0])};
}

NPUSIM_AVX512 inline Lanes load_lanes(const ChannelTable& t, std::size_t c, __mmask8 active) {
  return {_mm512_maskz_loadu_epi64(active, t.multiplier.data() + c),
          _mm512_maskz_loadu_epi64(active, t.shift.data() + c),
          _mm512_maskz_loadu_epi64(active, t.negative_multiplier.data() + c),
          _mm512_maskz_loadu_epi64(active, t.negative_shift.data() + c),
          _mm512_maskz_loadu_epi64(active, t.zero_point.data() + c),
          _mm512_maskz_loadu_epi64(active, t.lower.data() + c),
          _mm512_maskz_loadu_epi64(active, t.upper.data() + c),
          _mm256_maskz_loadu_ps(active, t.scale.data() + c),
          _mm256_maskz_loadu_ps(active, t.negative_scale.data() + c)};
}

// Requantizes 8 lanes; sets bits of *violations for lanes breaking tflite_double's precondition.
template <RoundingMode kMode, bool kLeaky>
NPUSIM_AVX512 inline __m256i requantize8(__m256i acc32, const Lanes& p, __mmask8* violations) {
  const __m512i one = _mm512_set1_epi64(1);
  const __m512i acc = _mm512_cvtepi32_epi64(acc32);
  __m512i multiplier = p.multiplier, shift = p.shift;
  __m256 scale = p.scale;
  if constexpr (kLeaky) {
    const __mmask8 negative = _mm512_cmplt_epi64_mask(acc, _mm512_setzero_si512());
    multiplier = _mm512_mask_blend_epi64(negative, multiplier, p.negative_multiplier);
    shift = _mm512_mask_blend_epi64(negative, shift, p.negative_shift);
    scale = _mm256_mask_blend_ps(negative, scale, p.negative_scale);
  }
  __m512i scaled;
  if constexpr (kMode == RoundingMode::kFp32) {
    // cvtepi32_ps, mulps and roundscale all round to nearest even (MXCSR default), like the
    // scalar float(acc) * scale and rint; the rounded value is an integer below 2^62.
    const __m256 product = _mm256_mul_ps(_mm256_cvtepi32_ps(acc32), scale);
    const __m256 rounded = _mm256_roundscale_ps(product, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    scaled = _mm512_cvtps_epi64(rounded);
  } else if constexpr (kMode == RoundingMode::kTfliteDouble) {
    const __m512i thirty_one = _mm512_set1_epi64(31);
    const __m512i left = _mm512_max_epi64(_mm512_sub_epi64(thirty_one, shift), _mm512_setzero_si512());
    const __m512i right = _mm512_max_epi64(_mm512_sub_epi64(shift, thirty_one), _mm512_setzero_si512());
    const __m512i shifted = _mm512_sllv_epi64(acc, left);
    *violations |= _mm512_cmpgt_epi64_mask(shifted, _mm512_set1_epi64(INT32_MAX)) |
                   _mm512_cmplt_epi64_mask(shifted, _mm512_set1_epi64(INT32_MIN));
    // mul_epi32: signed low 32 bits of each lane (shifted fits int32 when accepted) times M.
    const __m512i product = _mm512_mul_epi32(shifted, multiplier);
    const __m512i high = _mm512_srai_epi64(_mm512_add_epi64(product, _mm512_set1_epi64(1LL << 30)), 31);
    const __m512i mask = _mm512_sub_epi64(_mm512_sllv_epi64(one, right), one);
    const __mmask8 negative_high = _mm512_cmplt_epi64_mask(high, _mm512_setzero_si512());
    const __m512i threshold = _mm512_mask_add_epi64(_mm512_srli_epi64(mask, 1), negative_high,
                                                    _mm512_srli_epi64(mask, 1), one);
    const __mmask8 round_up = _mm512_cmpgt_epi64_mask(_mm512_and_si512(high, mask), threshold);
    const __m512i floor_value = _mm512_srav_epi64(high, right);
    scaled = _mm512_mask_add_epi64(floor_value, round_up, floor_value, one);
  } else {
    const __m512i product = _mm512_mul_epi32(acc, multiplier);  // |acc * M| < 2^62
    const __m512i floor_value = _mm512_srav_epi64(product, shift);
    const __m512i divisor = _mm512_sllv_epi64(one, shift);
    const __m512i remainder = _mm512_and_si512(product, _mm512_sub_epi64(divisor, one));
    const __m512i twice_remainder = _mm512_slli_epi64(remainder, 1);
    __mmask8 round_up = 0;
    if constexpr (kMode == RoundingMode::kHalfUp) {
      round_up = _mm512_cmpge_epu64_mask(twice_remainder, divisor);
    } else if constexpr (kMode == RoundingMode::kHalfAway) {
      const __mmask8 non_negative = _mm512_cmpge_epi64_mask(product, _mm512_setzero_si512());
      round_up = _mm512_cmpgt_epu64_mask(twice_remainder, divisor) |
                 (_mm512_cmpeq_epu64_mask(twice_remainder, divisor) & non_negative);
    } else if constexpr (kMode == RoundingMode::kHalfEven) {
      const __mmask8 odd = _mm512_test_epi64_mask(floor_value, one);
      round_up = _mm512_cmpgt_epu64_mask(twice_remainder, divisor) |
                 (_mm512_cmpeq_epu64_mask(twice_remainder, divisor) & odd);
    } else if constexpr (kMode == RoundingMode::kTruncate) {
      const __mmask8 negative = _mm512_cmplt_epi64_mask(product, _mm512_setzero_si512());
      round_up = _mm512_test_epi64_mask(remainder, remainder) & negative;
    }
    scaled = _mm512_mask_add_epi64(floor_value, round_up, floor_value, one);
  }
  __m512i wide = _mm512_add_epi64(scaled, p.zero_point);
  wide = _mm512_min_epi64(_mm512_max_epi64(wide, p.lower), p.upper);  // upper wins if lower > upper
  return _mm512_cvtepi64_epi32(wide);
}

inline std::size_t first_violation(std::size_t base, __mmask8 violations) {
  return base + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(violations)));
}

template <RoundingMode kMode, bool kLeaky>
NPUSIM_AVX512 std::size_t run_broadcast(const std::int32_t* acc, std::size_t count, const ChannelTable& table,
                                        std::int32_t* out) {
  const Lanes lanes = broadcast_lanes(table);
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __mmask8 violations = 0;
    const __m256i result = requantize8<kMode, kLeaky>(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + i)), lanes, &violations);
    if (violations) return first_violation(i, violations);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), result);
  }
  if (i < count) {
    const __mmask8 active = static_cast<__mmask8>((1u << (count - i)) - 1);
    __mmask8 violations = 0;
    const __m256i result = requantize8<kMode, kLeaky>(_mm256_maskz_loadu_epi32(active, acc + i), lanes, &violations);
    violations &= active;
    if (violations) return first_violation(i, violations);
    _mm256_mask_storeu_epi32(out + i, active, result);
  }
  return kNoViolation;
}

template <RoundingMode kMode, bool kLeaky>
NPUSIM_AVX512 std::size_t run_per_channel(const std::int32_t* acc, std::size_t count, const ChannelTable& table,
                                          std::int32_t* out) {
  const std::size_t channels = table.size();
  for (std::size_t row = 0; row < count; row += channels) {
    for (std::size_t c = 0; c < channels; c += 8) {
      const std::size_t lanes_here = channels - c < 8 ? channels - c : 8;
      const __mmask8 active = static_cast<__mmask8>((1u << lanes_here) - 1);
      const Lanes lanes = load_lanes(table, c, active);
      __mmask8 violations = 0;
      const __m256i result =
          requantize8<kMode, kLeaky>(_mm256_maskz_loadu_epi32(active, acc + row + c), lanes, &violations);
      violations &= active;
      if (violations) return first_violation(row + c, violations);
      _mm256_mask_storeu_epi32(out + row + c, active, result);
    }
  }
  return kNoViolation;
}

template <RoundingMode kMode>
std::size_t run_mode(const std::int32_t* acc, std::size_t count, const ChannelTable& table, std::int32_t* out) {
  if (table.size() == 1) {
    return table.leaky ? run_broadcast<kMode, true>(acc, count, table, out)
                       : run_broadcast<kMode, false>(acc, count, table, out);
  }
  return table.leaky ? run_per_channel<kMode, true>(acc, count, table, out)
                     : run_per_channel<kMode, false>(acc, count, table, out);
}

}  // namespace

std::size_t requantize_avx512(const std::int32_t* acc, std::size_t count, const ChannelTable& table,
                              RoundingMode mode, std::int32_t* out) {
  return dispatch_rounding_mode(mode, [&](auto mode_constant) {
    return run_mode<decltype(mode_constant)::value>(acc, count, table, out);
  });
}

#else  // no AVX-512 kernel in this build

bool avx512_supported() { return false; }
std::size_t requantize_avx512(const std::int32_t*, std::size_t, const ChannelTable&, RoundingMode, std::int32_t*) {
  return kNoViolation;
}

#endif

}  // namespace npusim::quant::tensor_kernels
