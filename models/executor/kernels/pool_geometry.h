// Pooling windows (MaxPool, AveragePool): the resolved geometry and one walk over every
// window, shared by the float kernels and the golden integer kernels, so both read exactly
// the same input positions and count the same divisor.
#pragma once

#include <cstdint>

#include "models/executor/op_registry.h"

namespace npusim::models::kernels {

struct PoolGeometry {
  std::int64_t outer = 0;  // batch * channels
  std::int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  std::int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  std::int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  Shape out_shape;
};

// Resolves kernel_shape, strides, dilations, pads, auto_pad and ceil_mode for a 1-D or 2-D
// MaxPool/AveragePool node. Throws naming the node on bad attributes.
PoolGeometry resolve_pool(const OpContext& context);

// For every output element (plane-major, then y, x): tap(out_index, in_index) for each real
// input element under the window, then window(out_index, real, padded) with the number of
// real elements and of positions inside the padded input (the two AveragePool divisors:
// count_include_pad = 0 and 1; the ceil_mode overhang is in neither).
template <typename Tap, typename Window>
void walk_pool_windows(const PoolGeometry& g, Tap tap, Window window) {
  for (std::int64_t plane = 0; plane < g.outer; ++plane) {
    for (std::int64_t out_y = 0; out_y < g.out_h; ++out_y) {
      for (std::int64_t out_x = 0; out_x < g.out_w; ++out_x) {
        const std::int64_t out_index = (plane * g.out_h + out_y) * g.out_w + out_x;
        std::int64_t real = 0, padded = 0;
        for (std::int64_t ky = 0; ky < g.kernel_h; ++ky) {
          const std::int64_t y = out_y * g.stride_h - g.pad_top + ky * g.dilation_h;
          const bool y_in_padded = y >= -g.pad_top && y < g.in_h + g.pad_bottom;
          for (std::int64_t kx = 0; kx < g.kernel_w; ++kx) {
            const std::int64_t x = out_x * g.stride_w - g.pad_left + kx * g.dilation_w;
            const bool x_in_padded = x >= -g.pad_left && x < g.in_w + g.pad_right;
            if (y_in_padded && x_in_padded) ++padded;
            if (y < 0 || y >= g.in_h || x < 0 || x >= g.in_w) continue;
            tap(out_index, (plane * g.in_h + y) * g.in_w + x);
            ++real;
          }
        }
        window(out_index, real, padded);
      }
    }
  }
}

}  // namespace npusim::models::kernels
