#include "models/golden/conv_onednn_int8.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>

#include "models/golden/conv_kernels.h"

namespace npusim::golden {
namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;
using models::kernels::ConvGeometry;

dnnl::engine& engine() {
  static dnnl::engine cpu(dnnl::engine::kind::cpu, 0);
  return cpu;
}

// oneDNN's ISA flags are bit sets: 0x40 marks AVX-512 VNNI (and everything above it, AMX
// included), 0x400 AVX-VNNI on AVX2 cores.
bool cpu_has_vnni() {
  const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  return (isa & 0x40u) != 0 || (isa & 0x400u) != 0;
}

bool eligible(const ConvParams& p) {
  if (p.geometry.transposed || p.input_code_max - p.input_code_min > 255) return false;
  return std::all_of(p.weights.begin(), p.weights.end(), [](std::int32_t w) { return w >= -128 && w <= 127; });
}

struct Int8Conv {
  dnnl::primitive primitive;
  memory::desc src_desc, user_src_desc, dst_desc, user_dst_desc;
  memory weights, bias;                     // bias = integer bias - zp_u8 * sum of weights
  std::int32_t offset = 0;                  // code + offset = u8
  std::int64_t padded_height = 0, padded_width = 0;
};

std::unique_ptr<Int8Conv> build(const ConvParams& p) {
  const ConvGeometry& g = p.geometry;
  auto conv = std::make_unique<Int8Conv>();
  conv->offset = -p.input_code_min;
  // The input is padded with the zero point here, so oneDNN's own zero padding never acts:
  // every tap reads x - zero point = 0 where ONNX pads, and the zero-point correction is one
  // constant per output channel.
  conv->padded_height = g.in_height + g.pad_top + g.pad_bottom;
  conv->padded_width = g.in_width + g.pad_left + g.pad_right;
  const memory::dims src_dims{g.batch, g.in_channels, conv->padded_height, conv->padded_width};
  const memory::dims dst_dims{g.batch, g.out_channels, g.out_height, g.out_width};
  const memory::dim in_per_group = g.in_channels / g.groups, out_per_group = g.out_channels / g.groups;
  const memory::dims weight_dims = g.groups == 1 ? memory::dims{g.out_channels, g.in_channels, g.kernel_height, g.kernel_width}
                                                 : memory::dims{g.groups, out_per_group, in_per_group, g.kernel_height, g.kernel_width};
  // Channels-last source: the padding copy writes it directly, so oneDNN needs no reorder.
  const memory::desc src_nhwc(src_dims, dt::u8, tag::nhwc), dst_any(dst_dims, dt::s32, tag::any);
  const memory::desc weights_any(weight_dims, dt::s8, tag::any);
  const memory::desc bias_desc({g.out_channels}, dt::s32, tag::x);
  dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                       src_nhwc, weights_any, bias_desc, dst_any, {g.stride_height, g.stride_width},
                                       {g.dilation_height - 1, g.dilation_width - 1}, {0, 0}, {0, 0});
  dnnl::convolution_forward::primitive_desc pd(desc, engine());
  conv->primitive = dnnl::convolution_forward(pd);
  conv->src_desc = pd.src_desc();
  conv->dst_desc = pd.dst_desc();
  conv->user_src_desc = src_nhwc;
  conv->user_dst_desc = memory::desc(dst_dims, dt::s32, tag::nchw);
  std::vector<std::int8_t> weights(p.weights.begin(), p.weights.end());
  const memory user_weights(memory::desc(weight_dims, dt::s8, g.groups == 1 ? tag::oihw : tag::goihw), engine(),
                            weights.data());
  conv->weights = memory(pd.weights_desc(), engine());
  dnnl::stream stream(engine());
  dnnl::reorder(user_weights, conv->weights).execute(stream, const_cast<memory&>(user_weights), conv->weights);
  stream.wait();
  const std::int64_t per_out = static_cast<std::int64_t>(p.weights.size()) / g.out_channels;
  const std::int64_t zero_u8 = p.input_zero_point + conv->offset;
  conv->bias = memory(bias_desc, engine());
  auto* bias = static_cast<std::int32_t*>(conv->bias.get_data_handle());
  for (std::int64_t m = 0; m < g.out_channels; ++m) {
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < per_out; ++i) sum += p.weights[static_cast<std::size_t>(m * per_out + i)];
    const std::int64_t folded = p.bias[static_cast<std::size_t>(m)] - zero_u8 * sum;
    if (folded < INT32_MIN || folded > INT32_MAX) throw std::out_of_range("bias beyond int32");
    bias[m] = static_cast<std::int32_t>(folded);
  }
  return conv;
}

// acc (int32, NCHW) of one run: the s32 results are the exact accumulators, bias included.
void run(const ConvParams& p, const Int8Conv& conv, const std::vector<std::int32_t>& input, std::vector<std::int32_t>& acc) {
  const ConvGeometry& g = p.geometry;
  const auto zero_u8 = static_cast<std::uint8_t>(p.input_zero_point + conv.offset);
  // NCHW codes -> padded NHWC u8 in one pass.
  std::vector<std::uint8_t> padded(static_cast<std::size_t>(g.batch * g.in_channels * conv.padded_height * conv.padded_width),
                                   zero_u8);
  for (std::int64_t n = 0; n < g.batch; ++n) {
    for (std::int64_t c = 0; c < g.in_channels; ++c) {
      for (std::int64_t y = 0; y < g.in_height; ++y) {
        const std::int32_t* from = input.data() + ((n * g.in_channels + c) * g.in_height + y) * g.in_width;
        std::uint8_t* to = padded.data() + ((n * conv.padded_height + y + g.pad_top) * conv.padded_width + g.pad_left) * g.in_channels + c;
        for (std::int64_t x = 0; x < g.in_width; ++x) to[x * g.in_channels] = static_cast<std::uint8_t>(from[x] + conv.offset);
      }
    }
  }
  acc.resize(static_cast<std::size_t>(conv_output_count(p)));
  dnnl::stream stream(engine());
  memory src(conv.user_src_desc, engine(), padded.data());
  if (conv.src_desc != conv.user_src_desc) {
    memory converted(conv.src_desc, engine());
    dnnl::reorder(src, converted).execute(stream, src, converted);
    src = converted;
  }
  memory user_dst(conv.user_dst_desc, engine(), acc.data());
  memory dst = conv.dst_desc != conv.user_dst_desc ? memory(conv.dst_desc, engine()) : user_dst;
  conv.primitive.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, conv.weights}, {DNNL_ARG_BIAS, conv.bias},
                                  {DNNL_ARG_DST, dst}});
  if (dst != user_dst) dnnl::reorder(dst, user_dst).execute(stream, dst, user_dst);
  stream.wait();
}

// A strided, padded, grouped conv with extreme codes, checked against the reference once.
bool self_check() {
  ConvParams p;
  ConvGeometry& g = p.geometry;
  g.batch = 1;
  g.groups = 2;
  g.in_channels = 8;
  g.out_channels = 6;
  g.in_height = 9;
  g.in_width = 11;
  g.kernel_height = g.kernel_width = 3;
  g.stride_height = 2;
  g.pad_top = g.pad_left = g.pad_bottom = g.pad_right = 1;
  g.out_height = (9 + 2 - 3) / 2 + 1;
  g.out_width = 11;
  p.input_code_min = -128;
  p.input_code_max = 127;
  p.input_zero_point = -128;
  std::mt19937 random(7);
  std::uniform_int_distribution<int> code(-128, 127), weight(-127, 127);
  for (int i = 0; i < 6 * 4 * 9; ++i) p.weights.push_back(i % 5 == 0 ? 127 : weight(random));  // pairs that saturate 16 bits
  for (int m = 0; m < 6; ++m) p.bias.push_back(1000 * m - 2500);
  std::vector<std::int32_t> input(8 * 9 * 11);
  for (auto& x : input) x = x % 3 == 0 ? 127 : code(random);
  for (std::size_t i = 0; i < input.size(); i += 2) input[i] = 127;
  std::vector<std::int32_t> fast;
  std::vector<std::int64_t> reference;
  run(p, *build(p), input, fast);
  conv_accumulate_reference(p, input, reference);
  return std::equal(fast.begin(), fast.end(), reference.begin(), reference.end());
}

}  // namespace

bool onednn_int8_exact() {
  static const bool exact = [] {
    if (!cpu_has_vnni()) return false;
    try {
      return self_check();
    } catch (const dnnl::error&) {
      return false;
    }
  }();
  return exact;
}

bool conv_accumulate_onednn_int8(const ConvParams& p, const std::vector<std::int32_t>& input,
                                 std::vector<std::int32_t>& acc, OneDnnInt8State& state) {
  if (!eligible(p) || !onednn_int8_exact()) return false;
  try {
    if (!state) state = std::shared_ptr<Int8Conv>(build(p).release());
    run(p, *static_cast<Int8Conv*>(state.get()), input, acc);
    return true;
  } catch (const dnnl::error&) {
    return false;
  } catch (const std::out_of_range&) {
    return false;  // a bias that does not fit int32: the exact GEMM path takes it
  }
}

}  // namespace npusim::golden
