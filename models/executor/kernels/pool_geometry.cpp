#include "models/executor/kernels/pool_geometry.h"

#include <algorithm>
#include <stdexcept>

namespace npusim::models::kernels {
namespace {

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

}  // namespace

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
  // Checked here because the arithmetic below needs it: a zero stride divides by zero, and
  // values near int64's limits overflow (both undefined behaviour); 2^31 is far past any real
  // window and keeps every product below in int64.
  constexpr std::int64_t kLimit = std::int64_t{1} << 31;
  for (std::size_t d = 0; d < spatial; ++d) {
    if (kernel[d] < 1 || kernel[d] > kLimit || strides[d] < 1 || strides[d] > kLimit || dilations[d] < 1 ||
        dilations[d] > kLimit || pads[d] < 0 || pads[d] > kLimit || pads[d + spatial] < 0 ||
        pads[d + spatial] > kLimit) {
      throw std::runtime_error(c.node.describe() + ": kernel_shape, strides and dilations must lie in 1..2^31 and " +
                               "pads in 0..2^31 (axis " + std::to_string(d) + ")");
    }
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

}  // namespace npusim::models::kernels
