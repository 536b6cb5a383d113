#include "models/golden/conv_kernels.h"

#include <algorithm>
#include <stdexcept>

#include "quant/formats/float_formats.h"
#include "quant/kernels/exact_integer_gemm.h"

namespace npusim::golden {
namespace {

using models::kernels::ConvGeometry;

// Input position of an output position and tap, or -1 outside (padding).
inline std::int64_t source_index(std::int64_t out, std::int64_t tap, std::int64_t stride, std::int64_t dilation,
                                 std::int64_t pad, std::int64_t length) {
  const std::int64_t position = out * stride - pad + tap * dilation;
  return position >= 0 && position < length ? position : -1;
}

// Transposed: the input position that reaches output `out` through `tap`, or -1.
inline std::int64_t transposed_source(std::int64_t out, std::int64_t tap, std::int64_t stride, std::int64_t dilation,
                                      std::int64_t pad, std::int64_t length) {
  const std::int64_t numerator = out + pad - tap * dilation;
  if (numerator < 0 || numerator % stride != 0) return -1;
  const std::int64_t position = numerator / stride;
  return position < length ? position : -1;
}

// Calls body(k, input_index or -1) for every tap of output (n, m, oy, ox) in the canonical
// order: input channel of the group, kernel row, kernel column.
template <typename Body>
void for_each_tap(const ConvGeometry& g, std::int64_t n, std::int64_t m, std::int64_t oy, std::int64_t ox, Body body) {
  const std::int64_t out_per_group = g.out_channels / g.groups;
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t group = m / out_per_group;
  for (std::int64_t c = 0; c < in_per_group; ++c) {
    const std::int64_t channel = group * in_per_group + c;
    for (std::int64_t ky = 0; ky < g.kernel_height; ++ky) {
      const std::int64_t iy = g.transposed
                                  ? transposed_source(oy, ky, g.stride_height, g.dilation_height, g.pad_top, g.in_height)
                                  : source_index(oy, ky, g.stride_height, g.dilation_height, g.pad_top, g.in_height);
      for (std::int64_t kx = 0; kx < g.kernel_width; ++kx) {
        const std::int64_t ix = g.transposed
                                    ? transposed_source(ox, kx, g.stride_width, g.dilation_width, g.pad_left, g.in_width)
                                    : source_index(ox, kx, g.stride_width, g.dilation_width, g.pad_left, g.in_width);
        // Weight index: Conv [M][C/g][kH][kW]; ConvTranspose [C][M/g][kH][kW].
        const std::int64_t w = g.transposed
                                   ? ((channel * out_per_group + (m % out_per_group)) * g.kernel_height + ky) * g.kernel_width + kx
                                   : ((m * in_per_group + c) * g.kernel_height + ky) * g.kernel_width + kx;
        const std::int64_t x = iy < 0 || ix < 0 ? -1 : ((n * g.in_channels + channel) * g.in_height + iy) * g.in_width + ix;
        body(w, x);
      }
    }
  }
}

// Output element index in the op's layout.
inline std::int64_t output_index(const ConvParams& p, std::int64_t n, std::int64_t m, std::int64_t oy, std::int64_t ox) {
  const ConvGeometry& g = p.geometry;
  if (p.rows_as_batch) return n * g.out_channels + m;
  return ((n * g.out_channels + m) * g.out_height + oy) * g.out_width + ox;
}

template <typename Real>
void im2col(const ConvGeometry& g, const std::vector<std::int32_t>& input, std::int32_t zero_point, std::int64_t n,
            std::int64_t group, std::vector<Real>& col) {
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t positions = g.out_height * g.out_width;
  col.assign(static_cast<std::size_t>(in_per_group * g.kernel_height * g.kernel_width * positions), Real(0));
  std::int64_t row = 0;
  for (std::int64_t c = 0; c < in_per_group; ++c) {
    const std::int32_t* plane =
        input.data() + ((n * g.in_channels + group * in_per_group + c) * g.in_height) * g.in_width;
    for (std::int64_t ky = 0; ky < g.kernel_height; ++ky) {
      for (std::int64_t kx = 0; kx < g.kernel_width; ++kx, ++row) {
        Real* out = col.data() + row * positions;
        for (std::int64_t oy = 0; oy < g.out_height; ++oy) {
          const std::int64_t iy = source_index(oy, ky, g.stride_height, g.dilation_height, g.pad_top, g.in_height);
          if (iy < 0) continue;  // padding: x - zero point = 0
          for (std::int64_t ox = 0; ox < g.out_width; ++ox) {
            const std::int64_t ix = source_index(ox, kx, g.stride_width, g.dilation_width, g.pad_left, g.in_width);
            if (ix >= 0) out[oy * g.out_width + ox] = static_cast<Real>(plane[iy * g.in_width + ix] - zero_point);
          }
        }
      }
    }
  }
}

template <typename Real>
void conv_accumulate_gemm(const ConvParams& p, const std::vector<std::int32_t>& input, std::int64_t k_chunk,
                          std::vector<std::int64_t>& acc) {
  const ConvGeometry& g = p.geometry;
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t out_per_group = g.out_channels / g.groups;
  const std::int64_t k = in_per_group * g.kernel_height * g.kernel_width;
  const auto gemm = [&](std::int64_t m, std::int64_t n, std::int64_t kk, const Real* a, const Real* b, std::int64_t* c) {
    if constexpr (std::is_same_v<Real, float>) {
      quant::exact_gemm_float(m, n, kk, a, b, k_chunk, c);
    } else {
      quant::exact_gemm_double(m, n, kk, a, b, k_chunk, c);
    }
  };
  if (p.rows_as_batch) {  // [rows, K] x W^T -> [rows, M]
    std::vector<Real> x(input.size()), wt(static_cast<std::size_t>(k * g.out_channels));
    for (std::size_t i = 0; i < input.size(); ++i) x[i] = static_cast<Real>(input[i] - p.input_zero_point);
    for (std::int64_t m = 0; m < g.out_channels; ++m) {
      for (std::int64_t kk = 0; kk < k; ++kk) wt[kk * g.out_channels + m] = static_cast<Real>(p.weights[m * k + kk]);
    }
    gemm(g.batch, g.out_channels, k, x.data(), wt.data(), acc.data());
    for (std::int64_t r = 0; r < g.batch; ++r) {
      for (std::int64_t m = 0; m < g.out_channels; ++m) acc[r * g.out_channels + m] += p.bias[m];
    }
    return;
  }
  const std::int64_t positions = g.out_height * g.out_width;
  std::vector<Real> col, w(static_cast<std::size_t>(out_per_group * k));
  std::vector<std::int64_t> block(static_cast<std::size_t>(out_per_group * positions));
  for (std::int64_t group = 0; group < g.groups; ++group) {
    for (std::int64_t i = 0; i < out_per_group * k; ++i) w[i] = static_cast<Real>(p.weights[group * out_per_group * k + i]);
    for (std::int64_t n = 0; n < g.batch; ++n) {
      im2col(g, input, p.input_zero_point, n, group, col);
      gemm(out_per_group, positions, k, w.data(), col.data(), block.data());
      for (std::int64_t m = 0; m < out_per_group; ++m) {
        const std::int64_t channel = group * out_per_group + m;
        std::int64_t* out = acc.data() + (n * g.out_channels + channel) * positions;
        for (std::int64_t pos = 0; pos < positions; ++pos) out[pos] = block[m * positions + pos] + p.bias[channel];
      }
    }
  }
}

// col[k][p] for every output position p of image n, group g (see conv_im2col).
template <typename Value, typename Read>
void im2col_taps(const ConvGeometry& g, std::int64_t n, std::int64_t group, Read read, std::vector<Value>& col) {
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t positions = g.out_height * g.out_width;
  const std::int64_t taps = g.kernel_height * g.kernel_width;
  col.assign(static_cast<std::size_t>(in_per_group * taps * positions), Value(0));
  for (std::int64_t c = 0; c < in_per_group; ++c) {
    const std::int64_t channel = group * in_per_group + c;
    for (std::int64_t ky = 0; ky < g.kernel_height; ++ky) {
      for (std::int64_t kx = 0; kx < g.kernel_width; ++kx) {
        Value* row = col.data() + ((c * g.kernel_height + ky) * g.kernel_width + kx) * positions;
        for (std::int64_t oy = 0; oy < g.out_height; ++oy) {
          const std::int64_t iy = g.transposed ? transposed_source(oy, ky, g.stride_height, g.dilation_height, g.pad_top, g.in_height)
                                               : source_index(oy, ky, g.stride_height, g.dilation_height, g.pad_top, g.in_height);
          if (iy < 0) continue;
          for (std::int64_t ox = 0; ox < g.out_width; ++ox) {
            const std::int64_t ix = g.transposed ? transposed_source(ox, kx, g.stride_width, g.dilation_width, g.pad_left, g.in_width)
                                                 : source_index(ox, kx, g.stride_width, g.dilation_width, g.pad_left, g.in_width);
            if (ix >= 0) row[oy * g.out_width + ox] = read(((n * g.in_channels + channel) * g.in_height + iy) * g.in_width + ix);
          }
        }
      }
    }
  }
}

}  // namespace

void conv_im2col(const ConvParams& p, const std::vector<std::int32_t>& input, std::int64_t image, std::int64_t group,
                 std::vector<std::int32_t>& col) {
  im2col_taps(p.geometry, image, group, [&](std::int64_t i) { return input[static_cast<std::size_t>(i)] - p.input_zero_point; }, col);
}

void conv_im2col_float(const ConvParams& p, const std::vector<float>& input, std::int64_t image, std::int64_t group,
                       std::vector<float>& col) {
  im2col_taps(p.geometry, image, group, [&](std::int64_t i) { return input[static_cast<std::size_t>(i)]; }, col);
}

std::int64_t conv_output_count(const ConvParams& p) {
  const ConvGeometry& g = p.geometry;
  return g.batch * g.out_channels * g.out_height * g.out_width;
}

void conv_accumulate_reference(const ConvParams& p, const std::vector<std::int32_t>& input,
                               std::vector<std::int64_t>& acc) {
  const ConvGeometry& g = p.geometry;
  acc.assign(static_cast<std::size_t>(conv_output_count(p)), 0);
  for (std::int64_t n = 0; n < g.batch; ++n) {
    for (std::int64_t m = 0; m < g.out_channels; ++m) {
      for (std::int64_t oy = 0; oy < g.out_height; ++oy) {
        for (std::int64_t ox = 0; ox < g.out_width; ++ox) {
          std::int64_t sum = p.bias[static_cast<std::size_t>(m)];
          for_each_tap(g, n, m, oy, ox, [&](std::int64_t w, std::int64_t x) {
            if (x >= 0) sum += static_cast<std::int64_t>(input[x] - p.input_zero_point) * p.weights[w];
          });
          acc[output_index(p, n, m, oy, ox)] = sum;
        }
      }
    }
  }
}

void conv_accumulate(const ConvParams& p, const std::vector<std::int32_t>& input, std::vector<std::int64_t>& acc) {
  if (p.geometry.transposed) return conv_accumulate_reference(p, input, acc);
  acc.assign(static_cast<std::size_t>(conv_output_count(p)), 0);
  const quant::ExactGemmPlan plan = quant::plan_exact_gemm(p.weight_bound, p.input_bound);
  if (plan.use_double) {
    conv_accumulate_gemm<double>(p, input, plan.k_chunk, acc);
  } else {
    conv_accumulate_gemm<float>(p, input, plan.k_chunk, acc);
  }
}

void conv_float_ordered_reference(const ConvParams& p, const std::vector<float>& input,
                                  quant::ComputeDomain accumulation, std::vector<float>& out) {
  const ConvGeometry& g = p.geometry;
  out.assign(static_cast<std::size_t>(conv_output_count(p)), 0.0f);
  const quant::MiniFloatFormat* narrow = accumulation == quant::ComputeDomain::kFloat16    ? &quant::kFp16
                                         : accumulation == quant::ComputeDomain::kBFloat16 ? &quant::kBf16
                                                                                           : nullptr;
  for (std::int64_t n = 0; n < g.batch; ++n) {
    for (std::int64_t m = 0; m < g.out_channels; ++m) {
      for (std::int64_t oy = 0; oy < g.out_height; ++oy) {
        for (std::int64_t ox = 0; ox < g.out_width; ++ox) {
          float sum = p.float_bias[static_cast<std::size_t>(m)];
          if (narrow) sum = quant::round_to_minifloat(sum, *narrow);
          for_each_tap(g, n, m, oy, ox, [&](std::int64_t w, std::int64_t x) {
            const float value = x < 0 ? 0.0f : input[x];  // padding contributes 0 * w
            sum = sum + value * p.float_weights[w];
            if (narrow) sum = quant::round_to_minifloat(sum, *narrow);
          });
          out[output_index(p, n, m, oy, ox)] = sum;
        }
      }
    }
  }
}

void conv_float_ordered(const ConvParams& p, const std::vector<float>& input, quant::ComputeDomain accumulation,
                        std::vector<float>& out) {
  const ConvGeometry& g = p.geometry;
  // Narrow accumulators round after every add (emulated per element), and transposed
  // convolutions gather their taps irregularly: both run the reference loop.
  if (accumulation != quant::ComputeDomain::kFloat32 || g.transposed || p.rows_as_batch) {
    return conv_float_ordered_reference(p, input, accumulation, out);
  }
  out.assign(static_cast<std::size_t>(conv_output_count(p)), 0.0f);
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t out_per_group = g.out_channels / g.groups;
  const std::int64_t k = in_per_group * g.kernel_height * g.kernel_width;
  const std::int64_t positions = g.out_height * g.out_width;
  // Each output element adds its taps in the canonical order (k ascending) with one IEEE add
  // per tap, exactly as the reference does; blocks only choose which elements run together.
  constexpr std::int64_t kChannels = 4, kPositions = 128;
  std::vector<float> col(static_cast<std::size_t>(k * positions));
  for (std::int64_t n = 0; n < g.batch; ++n) {
    for (std::int64_t group = 0; group < g.groups; ++group) {
      std::int64_t row = 0;
      for (std::int64_t c = 0; c < in_per_group; ++c) {
        const float* plane = input.data() + ((n * g.in_channels + group * in_per_group + c) * g.in_height) * g.in_width;
        for (std::int64_t ky = 0; ky < g.kernel_height; ++ky) {
          for (std::int64_t kx = 0; kx < g.kernel_width; ++kx, ++row) {
            float* dst = col.data() + row * positions;
            for (std::int64_t oy = 0; oy < g.out_height; ++oy) {
              const std::int64_t iy = source_index(oy, ky, g.stride_height, g.dilation_height, g.pad_top, g.in_height);
              for (std::int64_t ox = 0; ox < g.out_width; ++ox) {
                const std::int64_t ix = source_index(ox, kx, g.stride_width, g.dilation_width, g.pad_left, g.in_width);
                dst[oy * g.out_width + ox] = iy < 0 || ix < 0 ? 0.0f : plane[iy * g.in_width + ix];
              }
            }
          }
        }
      }
      for (std::int64_t p0 = 0; p0 < positions; p0 += kPositions) {
        const std::int64_t pn = std::min(kPositions, positions - p0);
        for (std::int64_t m0 = 0; m0 < out_per_group; m0 += kChannels) {
          const std::int64_t mn = std::min(kChannels, out_per_group - m0);
          float acc[kChannels][kPositions];
          for (std::int64_t mi = 0; mi < mn; ++mi) {
            const float bias = p.float_bias[static_cast<std::size_t>(group * out_per_group + m0 + mi)];
            for (std::int64_t j = 0; j < pn; ++j) acc[mi][j] = bias;
          }
          for (std::int64_t kk = 0; kk < k; ++kk) {
            const float* c = col.data() + kk * positions + p0;
            for (std::int64_t mi = 0; mi < mn; ++mi) {
              const float w = p.float_weights[static_cast<std::size_t>((group * out_per_group + m0 + mi) * k + kk)];
              float* a = acc[mi];
              for (std::int64_t j = 0; j < pn; ++j) a[j] += w * c[j];
            }
          }
          for (std::int64_t mi = 0; mi < mn; ++mi) {
            float* dst = out.data() + (n * g.out_channels + group * out_per_group + m0 + mi) * positions + p0;
            std::copy(acc[mi], acc[mi] + pn, dst);
          }
        }
      }
    }
  }
}

}  // namespace npusim::golden
