// Plain nested-loop convolutions: the reference the oneDNN path is tested against.
// Accumulation is in double, so the reference is at least as accurate as any fast path.
#include "models/executor/kernels/conv.h"

namespace npusim::models::kernels {
namespace {

void conv_forward_reference(const ConvGeometry& g, const float* input, const float* weights, const float* bias,
                            float* output) {
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t out_per_group = g.out_channels / g.groups;
  for (std::int64_t batch = 0; batch < g.batch; ++batch) {
    for (std::int64_t out_channel = 0; out_channel < g.out_channels; ++out_channel) {
      const std::int64_t group = out_channel / out_per_group;
      for (std::int64_t out_y = 0; out_y < g.out_height; ++out_y) {
        for (std::int64_t out_x = 0; out_x < g.out_width; ++out_x) {
          double sum = bias ? bias[out_channel] : 0.0;
          for (std::int64_t in_c = 0; in_c < in_per_group; ++in_c) {
            const std::int64_t in_channel = group * in_per_group + in_c;
            for (std::int64_t filter_y = 0; filter_y < g.kernel_height; ++filter_y) {
              const std::int64_t in_y = out_y * g.stride_height - g.pad_top + filter_y * g.dilation_height;
              if (in_y < 0 || in_y >= g.in_height) continue;  // zero padding
              for (std::int64_t filter_x = 0; filter_x < g.kernel_width; ++filter_x) {
                const std::int64_t in_x = out_x * g.stride_width - g.pad_left + filter_x * g.dilation_width;
                if (in_x < 0 || in_x >= g.in_width) continue;
                const float x = input[((batch * g.in_channels + in_channel) * g.in_height + in_y) * g.in_width + in_x];
                const float w = weights[((out_channel * in_per_group + in_c) * g.kernel_height + filter_y) *
                                            g.kernel_width + filter_x];
                sum += static_cast<double>(x) * w;
              }
            }
          }
          output[((batch * g.out_channels + out_channel) * g.out_height + out_y) * g.out_width + out_x] =
              static_cast<float>(sum);
        }
      }
    }
  }
}

// ConvTranspose as a scatter: every input pixel adds weight * x into the output window
// it maps to (out = in * stride - pad_begin + filter * dilation).
void conv_transpose_reference(const ConvGeometry& g, const float* input, const float* weights, const float* bias,
                              float* output) {
  const std::int64_t in_per_group = g.in_channels / g.groups;
  const std::int64_t out_per_group = g.out_channels / g.groups;
  const std::int64_t out_plane = g.out_height * g.out_width;
  std::vector<double> accumulator(static_cast<std::size_t>(g.batch * g.out_channels * out_plane), 0.0);
  for (std::int64_t batch = 0; batch < g.batch; ++batch) {
    for (std::int64_t in_channel = 0; in_channel < g.in_channels; ++in_channel) {
      const std::int64_t group = in_channel / in_per_group;
      for (std::int64_t in_y = 0; in_y < g.in_height; ++in_y) {
        for (std::int64_t in_x = 0; in_x < g.in_width; ++in_x) {
          const double x = input[((batch * g.in_channels + in_channel) * g.in_height + in_y) * g.in_width + in_x];
          for (std::int64_t out_c = 0; out_c < out_per_group; ++out_c) {
            const std::int64_t out_channel = group * out_per_group + out_c;
            for (std::int64_t filter_y = 0; filter_y < g.kernel_height; ++filter_y) {
              const std::int64_t out_y = in_y * g.stride_height - g.pad_top + filter_y * g.dilation_height;
              if (out_y < 0 || out_y >= g.out_height) continue;
              for (std::int64_t filter_x = 0; filter_x < g.kernel_width; ++filter_x) {
                const std::int64_t out_x = in_x * g.stride_width - g.pad_left + filter_x * g.dilation_width;
                if (out_x < 0 || out_x >= g.out_width) continue;
                const float w = weights[((in_channel * out_per_group + out_c) * g.kernel_height + filter_y) *
                                            g.kernel_width + filter_x];
                accumulator[static_cast<std::size_t>((batch * g.out_channels + out_channel) * out_plane +
                                                     out_y * g.out_width + out_x)] += x * w;
              }
            }
          }
        }
      }
    }
  }
  for (std::int64_t batch = 0; batch < g.batch; ++batch) {
    for (std::int64_t channel = 0; channel < g.out_channels; ++channel) {
      for (std::int64_t i = 0; i < out_plane; ++i) {
        const std::size_t at = static_cast<std::size_t>((batch * g.out_channels + channel) * out_plane + i);
        output[at] = static_cast<float>(accumulator[at] + (bias ? bias[channel] : 0.0));
      }
    }
  }
}

}  // namespace

void conv_reference(const ConvGeometry& g, const float* input, const float* weights, const float* bias,
                    float* output) {
  if (g.transposed) conv_transpose_reference(g, input, weights, bias, output);
  else conv_forward_reference(g, input, weights, bias, output);
}

}  // namespace npusim::models::kernels
