#include <cstdlib>
#include <stdexcept>

#include "models/executor/kernels/conv.h"
#include "models/graph/checked_arithmetic.h"

namespace npusim::models::kernels {
namespace {

std::vector<std::int64_t> spatial_attribute(const Node& node, const char* key, std::size_t count,
                                            std::int64_t fallback) {
  std::vector<std::int64_t> values = node.attr_ints(key, std::vector<std::int64_t>(count, fallback));
  if (values.size() != count) {
    throw std::runtime_error(node.describe() + ": attribute '" + key + "' has " + std::to_string(values.size()) +
                             " values, expected " + std::to_string(count));
  }
  return values;
}

}  // namespace

ConvGeometry resolve_conv_geometry(const Node& node, const Shape& input, const Shape& weights) {
  const bool transposed = node.op_type == "ConvTranspose";
  if (input.size() != 3 && input.size() != 4) {
    throw std::runtime_error(node.describe() + ": only 1-D and 2-D convolutions are supported, input shape " +
                             shape_to_string(input));
  }
  if (weights.size() != input.size()) {
    throw std::runtime_error(node.describe() + ": weight shape " + shape_to_string(weights) +
                             " does not match input shape " + shape_to_string(input));
  }
  const std::size_t spatial = input.size() - 2;
  ConvGeometry g;
  g.transposed = transposed;
  g.one_dimensional = spatial == 1;
  g.groups = node.attr_int("group", 1);
  g.batch = input[0];
  g.in_channels = input[1];
  if (g.groups <= 0 || g.in_channels % g.groups != 0) {
    throw std::runtime_error(node.describe() + ": group " + std::to_string(g.groups) + " does not divide " +
                             std::to_string(g.in_channels) + " input channels");
  }
  if (transposed) {
    if (weights[0] != g.in_channels) {
      throw std::runtime_error(node.describe() + ": weight shape " + shape_to_string(weights) + " needs " +
                               std::to_string(g.in_channels) + " input channels first");
    }
    g.out_channels = weights[1] * g.groups;
  } else {
    if (weights[1] * g.groups != g.in_channels) {
      throw std::runtime_error(node.describe() + ": weight shape " + shape_to_string(weights) + " with group " +
                               std::to_string(g.groups) + " does not fit " + std::to_string(g.in_channels) +
                               " input channels");
    }
    g.out_channels = weights[0];
    if (g.out_channels % g.groups != 0) {
      throw std::runtime_error(node.describe() + ": group does not divide the output channels");
    }
  }
  const std::vector<std::int64_t> in_size(input.begin() + 2, input.end());
  const std::vector<std::int64_t> kernel(weights.begin() + 2, weights.end());
  const auto strides = spatial_attribute(node, "strides", spatial, 1);
  const auto dilations = spatial_attribute(node, "dilations", spatial, 1);
  std::vector<std::int64_t> pads = spatial_attribute(node, "pads", 2 * spatial, 0);
  const std::string auto_pad = node.attr_string("auto_pad", "NOTSET");
  for (std::size_t d = 0; d < spatial; ++d) {
    if (strides[d] <= 0 || dilations[d] <= 0) {
      throw std::runtime_error(node.describe() + ": strides and dilations must be positive");
    }
    // Far past any real network; keeps the window arithmetic below inside int64 (overflow is UB).
    constexpr std::int64_t kLimit = std::int64_t{1} << 31;
    if (strides[d] > kLimit || dilations[d] > kLimit || std::abs(pads[d]) > kLimit ||
        std::abs(pads[d + spatial]) > kLimit) {
      throw std::runtime_error(node.describe() + ": strides, dilations and pads must lie within 2^31");
    }
  }
  std::vector<std::int64_t> out_size(spatial);
  if (!transposed) {
    for (std::size_t d = 0; d < spatial; ++d) {
      const std::int64_t dilated_kernel =
          checked_add(checked_mul(kernel[d] - 1, dilations[d], node.describe() + " kernel extent"), 1, node.describe());
      if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
        out_size[d] = (in_size[d] + strides[d] - 1) / strides[d];
        const std::int64_t total = std::max<std::int64_t>(0, (out_size[d] - 1) * strides[d] + dilated_kernel - in_size[d]);
        // SAME_UPPER puts the odd padding element at the end, SAME_LOWER at the beginning.
        pads[d] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
        pads[d + spatial] = total - pads[d];
      } else {
        if (auto_pad == "VALID") pads.assign(2 * spatial, 0);
        else if (auto_pad != "NOTSET") throw std::runtime_error(node.describe() + ": unknown auto_pad '" + auto_pad + "'");
        const std::int64_t span = in_size[d] + pads[d] + pads[d + spatial] - dilated_kernel;
        if (span < 0) {
          throw std::runtime_error(node.describe() + ": kernel larger than the padded input " + shape_to_string(input));
        }
        out_size[d] = span / strides[d] + 1;
      }
    }
  } else {
    const auto output_padding = spatial_attribute(node, "output_padding", spatial, 0);
    const std::vector<std::int64_t> output_shape = node.attr_ints("output_shape", {});
    for (std::size_t d = 0; d < spatial; ++d) {
      const std::int64_t dilated_kernel =
          checked_add(checked_mul(kernel[d] - 1, dilations[d], node.describe() + " kernel extent"), 1, node.describe());
      const std::string what = node.describe() + " output size";
      const std::int64_t full =
          checked_add(checked_add(checked_mul(strides[d], in_size[d] - 1, what), output_padding[d], what),
                      dilated_kernel, what);
      std::int64_t wanted = -1;
      if (!output_shape.empty()) {
        wanted = output_shape[output_shape.size() - spatial + d];  // [H, W] or [N, C, H, W]
      } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
        wanted = in_size[d] * strides[d];
      }
      if (wanted >= 0) {
        // ONNX spec: total_padding = full - output_shape; SAME_UPPER puts the larger half at the end.
        const std::int64_t total = full - wanted;
        if (total < 0) throw std::runtime_error(node.describe() + ": output_shape larger than the convolution produces");
        if (auto_pad == "SAME_UPPER") {
          pads[d] = total / 2;
          pads[d + spatial] = total - total / 2;
        } else {
          pads[d] = total - total / 2;
          pads[d + spatial] = total / 2;
        }
      } else if (auto_pad == "VALID") {
        pads.assign(2 * spatial, 0);
      }
      out_size[d] = full - pads[d] - pads[d + spatial];
      if (out_size[d] <= 0) throw std::runtime_error(node.describe() + ": pads leave no output");
    }
  }
  if (spatial == 1) {
    g.in_height = 1; g.in_width = in_size[0];
    g.kernel_height = 1; g.kernel_width = kernel[0];
    g.stride_width = strides[0]; g.dilation_width = dilations[0];
    g.pad_left = pads[0]; g.pad_right = pads[1];
    g.out_height = 1; g.out_width = out_size[0];
  } else {
    g.in_height = in_size[0]; g.in_width = in_size[1];
    g.kernel_height = kernel[0]; g.kernel_width = kernel[1];
    g.stride_height = strides[0]; g.stride_width = strides[1];
    g.dilation_height = dilations[0]; g.dilation_width = dilations[1];
    g.pad_top = pads[0]; g.pad_left = pads[1]; g.pad_bottom = pads[2]; g.pad_right = pads[3];
    g.out_height = out_size[0]; g.out_width = out_size[1];
  }
  return g;
}

std::int64_t conv_macs(const ConvGeometry& g) {
  const std::int64_t taps = g.kernel_height * g.kernel_width;
  if (g.transposed) return g.batch * g.in_channels * g.in_height * g.in_width * (g.out_channels / g.groups) * taps;
  return g.batch * g.out_channels * g.out_height * g.out_width * (g.in_channels / g.groups) * taps;
}

std::int64_t conv_weight_count(const ConvGeometry& g) {
  return g.out_channels * (g.in_channels / g.groups) * g.kernel_height * g.kernel_width;
}

Shape conv_output_shape(const ConvGeometry& g) {
  if (g.one_dimensional) return {g.batch, g.out_channels, g.out_width};
  return {g.batch, g.out_channels, g.out_height, g.out_width};
}

}  // namespace npusim::models::kernels
