// Pooling: MaxPool, AveragePool (1-D and 2-D, pads, auto_pad, ceil_mode, dilations,
// count_include_pad), GlobalAveragePool, GlobalMaxPool (any spatial rank).
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/executor/kernels/kernel_util.h"

namespace npusim::models {
namespace {

struct PoolGeometry {
  std::int64_t outer = 0;  // batch * channels
  std::int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  std::int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  std::int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  Shape out_shape;
};

// Output length along one axis. With ceil_mode the last window must still start inside
// the input or the begin padding (PyTorch's rule, which ONNX Runtime follows since 1.16).
std::int64_t pool_output_length(std::int64_t in, std::int64_t kernel, std::int64_t stride, std::int64_t dilation,
                                 std::int64_t pad_begin, std::int64_t pad_end, bool ceil_mode, const Node& node) {
  const std::int64_t span = in + pad_begin + pad_end - ((kernel - 1) * dilation + 1);
  if (span < 0) throw std::runtime_error(node.describe() + ": pooling window larger than the padded input");
  std::int64_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad_begin) --out;
  return out;
}

PoolGeometry resolve_pool(const OpContext& c) {
  const Shape& in = c.shape(0);
  if (in.size() != 3 && in.size() != 4) {
    throw std::runtime_error(c.node.describe() + ": only 1-D and 2-D pooling is supported, input " + shape_to_string(in));
  }
  const std::size_t spatial = in.size() - 2;
  const std::vector<std::int64_t> kernel = c.node.attr_ints("kernel_shape", {});
  if (kernel.size() != spatial) throw std::runtime_error(c.node.describe() + ": kernel_shape must have " +
                                                         std::to_string(spatial) + " values");
  const auto strides = c.node.attr_ints("strides", std::vector<std::int64_t>(spatial, 1));
  const auto dilations = c.node.attr_ints("dilations", std::vector<std::int64_t>(spatial, 1));
  auto pads = c.node.attr_ints("pads", std::vector<std::int64_t>(2 * spatial, 0));
  if (strides.size() != spatial || dilations.size() != spatial || pads.size() != 2 * spatial) {
    throw std::runtime_error(c.node.describe() + ": strides, dilations or pads have the wrong length");
  }
  const bool ceil_mode = c.node.attr_int("ceil_mode", 0) != 0;
  const std::string auto_pad = c.node.attr_string("auto_pad", "NOTSET");
  std::vector<std::int64_t> out(spatial);
  for (std::size_t d = 0; d < spatial; ++d) {
    const std::int64_t in_len = in[2 + d];
    const std::int64_t dilated = (kernel[d] - 1) * dilations[d] + 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out[d] = (in_len + strides[d] - 1) / strides[d];
      const std::int64_t total = std::max<std::int64_t>(0, (out[d] - 1) * strides[d] + dilated - in_len);
      pads[d] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[d + spatial] = total - pads[d];
    } else {
      if (auto_pad == "VALID") pads.assign(2 * spatial, 0);
      out[d] = pool_output_length(in_len, kernel[d], strides[d], dilations[d], pads[d], pads[d + spatial], ceil_mode,
                                  c.node);
    }
  }
  PoolGeometry g;
  g.outer = in[0] * in[1];
  g.out_shape = {in[0], in[1]};
  g.out_shape.insert(g.out_shape.end(), out.begin(), out.end());
  const std::size_t h = spatial == 2 ? 0 : std::size_t(-1);
  const std::size_t w = spatial - 1;
  if (h == 0) {
    g.in_h = in[2]; g.out_h = out[0]; g.kernel_h = kernel[0]; g.stride_h = strides[0]; g.dilation_h = dilations[0];
    g.pad_top = pads[0]; g.pad_bottom = pads[spatial];
  }
  g.in_w = in[2 + w]; g.out_w = out[w]; g.kernel_w = kernel[w]; g.stride_w = strides[w]; g.dilation_w = dilations[w];
  g.pad_left = pads[w]; g.pad_right = pads[w + spatial];
  return g;
}

std::vector<ValueInfo> infer_pool(const OpContext& c) {
  kernels::require_float(c, 0);
  if (c.node.outputs.size() > 1 && !c.node.outputs[1].empty()) {
    throw std::runtime_error(c.node.describe() + ": the Indices output of MaxPool is not supported");
  }
  return {ValueInfo{DataType::kFloat32, resolve_pool(c).out_shape}};
}

void compute_max_pool(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const PoolGeometry g = resolve_pool(c);
  const float* in = c.value(0).data.data();
  float* result = out[0].data.data();
  for (std::int64_t plane = 0; plane < g.outer; ++plane) {
    const float* x = in + plane * g.in_h * g.in_w;
    for (std::int64_t out_y = 0; out_y < g.out_h; ++out_y) {
      for (std::int64_t out_x = 0; out_x < g.out_w; ++out_x) {
        float best = -std::numeric_limits<float>::infinity();  // padding never wins
        for (std::int64_t ky = 0; ky < g.kernel_h; ++ky) {
          const std::int64_t y = out_y * g.stride_h - g.pad_top + ky * g.dilation_h;
          if (y < 0 || y >= g.in_h) continue;
          for (std::int64_t kx = 0; kx < g.kernel_w; ++kx) {
            const std::int64_t xx = out_x * g.stride_w - g.pad_left + kx * g.dilation_w;
            if (xx < 0 || xx >= g.in_w) continue;
            best = std::max(best, x[y * g.in_w + xx]);
          }
        }
        result[(plane * g.out_h + out_y) * g.out_w + out_x] = best;
      }
    }
  }
}

// AveragePool divisor: with count_include_pad the window clipped to the padded input
// (pads count, the extra ceil_mode overhang does not); without it, only real elements.
void compute_average_pool(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const PoolGeometry g = resolve_pool(c);
  const bool include_pad = c.node.attr_int("count_include_pad", 0) != 0;
  const float* in = c.value(0).data.data();
  float* result = out[0].data.data();
  for (std::int64_t plane = 0; plane < g.outer; ++plane) {
    const float* x = in + plane * g.in_h * g.in_w;
    for (std::int64_t out_y = 0; out_y < g.out_h; ++out_y) {
      for (std::int64_t out_x = 0; out_x < g.out_w; ++out_x) {
        double sum = 0.0;
        std::int64_t real = 0, padded = 0;
        for (std::int64_t ky = 0; ky < g.kernel_h; ++ky) {
          const std::int64_t y = out_y * g.stride_h - g.pad_top + ky * g.dilation_h;
          const bool y_in_padded = y >= -g.pad_top && y < g.in_h + g.pad_bottom;
          for (std::int64_t kx = 0; kx < g.kernel_w; ++kx) {
            const std::int64_t xx = out_x * g.stride_w - g.pad_left + kx * g.dilation_w;
            const bool x_in_padded = xx >= -g.pad_left && xx < g.in_w + g.pad_right;
            if (y_in_padded && x_in_padded) ++padded;
            if (y < 0 || y >= g.in_h || xx < 0 || xx >= g.in_w) continue;
            sum += x[y * g.in_w + xx];
            ++real;
          }
        }
        const std::int64_t divisor = include_pad ? padded : real;
        result[(plane * g.out_h + out_y) * g.out_w + out_x] =
            divisor > 0 ? static_cast<float>(sum / static_cast<double>(divisor)) : 0.0f;
      }
    }
  }
}

std::vector<ValueInfo> infer_global_pool(const OpContext& c) {
  kernels::require_float(c, 0);
  Shape out = c.shape(0);
  if (out.size() < 3) throw std::runtime_error(c.node.describe() + ": input needs spatial dimensions");
  for (std::size_t d = 2; d < out.size(); ++d) out[d] = 1;
  return {ValueInfo{DataType::kFloat32, out}};
}

template <bool take_max>
void compute_global_pool(const OpContext& c, std::vector<Tensor>& out, KernelState&) {
  const Tensor& in = c.value(0);
  const std::int64_t planes = in.shape[0] * in.shape[1];
  const std::int64_t size = planes == 0 ? 0 : in.element_count() / planes;
  for (std::int64_t plane = 0; plane < planes; ++plane) {
    const float* x = in.data.data() + plane * size;
    if (take_max) {
      out[0].data[static_cast<std::size_t>(plane)] = *std::max_element(x, x + size);
    } else {
      double sum = 0.0;
      for (std::int64_t i = 0; i < size; ++i) sum += x[i];
      out[0].data[static_cast<std::size_t>(plane)] = static_cast<float>(sum / static_cast<double>(size));
    }
  }
}

}  // namespace

const std::vector<OpDefinition>& pool_ops() {
  static const std::vector<OpDefinition> ops = {
      {"MaxPool", infer_pool, compute_max_pool},
      {"AveragePool", infer_pool, compute_average_pool},
      {"GlobalAveragePool", infer_global_pool, compute_global_pool<false>},
      {"GlobalMaxPool", infer_global_pool, compute_global_pool<true>},
  };
  return ops;
}

}  // namespace npusim::models
