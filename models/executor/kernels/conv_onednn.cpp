// Convolution and deconvolution through oneDNN primitives. The primitive, its reordered
// weights and bias are built once per node and kept in the node's KernelState; activations
// stay in plain NCHW outside, reordered in and out when oneDNN prefers a blocked layout.
#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>

#include "models/executor/kernels/conv.h"

namespace npusim::models::kernels {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

bool same_geometry(const ConvGeometry& a, const ConvGeometry& b) {
  return std::memcmp(&a, &b, sizeof(ConvGeometry)) == 0;
}

struct OneDnnConv {
  ConvGeometry geometry;
  const float* weights_source = nullptr;  // the weights the cached reorder was made from
  const float* bias_source = nullptr;
  dnnl::primitive primitive;
  memory::desc src_desc, dst_desc;        // what the primitive wants
  memory::desc user_src_desc, user_dst_desc;
  memory weights, bias;
};

memory::dims weight_dims(const ConvGeometry& g) {
  const memory::dim in_per_group = g.in_channels / g.groups;
  const memory::dim out_per_group = g.out_channels / g.groups;
  if (g.groups == 1) return {g.out_channels, g.in_channels, g.kernel_height, g.kernel_width};
  return {g.groups, out_per_group, in_per_group, g.kernel_height, g.kernel_width};
}

// ONNX Conv weights are [M, C/g, kH, kW] = oihw (goihw grouped); ConvTranspose weights are
// [C, M/g, kH, kW], which in oneDNN's (o, i) naming is iohw (giohw grouped).
tag user_weight_tag(const ConvGeometry& g) {
  if (g.transposed) return g.groups == 1 ? tag::iohw : tag::giohw;
  return g.groups == 1 ? tag::oihw : tag::goihw;
}

// Creates the (de)convolution primitive for the given descriptors, stores it with the
// layouts it chose in `conv`, and returns the weight layout it wants.
template <typename Primitive>
memory::desc make_primitive(dnnl::algorithm algorithm, const memory::desc& src, const memory::desc& weights,
                            const memory::desc& bias, const memory::desc& dst, const memory::dims& strides,
                            const memory::dims& dilations, const memory::dims& pad_begin,
                            const memory::dims& pad_end, OneDnnConv* conv) {
  typename Primitive::desc desc(dnnl::prop_kind::forward_inference, algorithm, src, weights, bias, dst, strides,
                                dilations, pad_begin, pad_end);
  typename Primitive::primitive_desc pd(desc, cpu_engine());
  conv->primitive = Primitive(pd);
  conv->src_desc = pd.src_desc();
  conv->dst_desc = pd.dst_desc();
  return pd.weights_desc();
}

std::unique_ptr<OneDnnConv> build(const ConvGeometry& g, const float* weights, const float* bias) {
  auto conv = std::make_unique<OneDnnConv>();
  conv->geometry = g;
  const memory::dims src_dims{g.batch, g.in_channels, g.in_height, g.in_width};
  const memory::dims dst_dims{g.batch, g.out_channels, g.out_height, g.out_width};
  const memory::dims strides{g.stride_height, g.stride_width};
  const memory::dims dilations{g.dilation_height - 1, g.dilation_width - 1};  // oneDNN counts the gaps
  const memory::dims pad_begin{g.pad_top, g.pad_left};
  const memory::dims pad_end{g.pad_bottom, g.pad_right};
  const memory::desc src_any(src_dims, dt::f32, tag::any);
  const memory::desc dst_any(dst_dims, dt::f32, tag::any);
  const memory::desc weights_any(weight_dims(g), dt::f32, tag::any);
  const memory::desc bias_desc({g.out_channels}, dt::f32, tag::x);
  dnnl::engine& engine = cpu_engine();

  const memory::desc chosen_weights =
      g.transposed ? make_primitive<dnnl::deconvolution_forward>(dnnl::algorithm::deconvolution_direct, src_any,
                                                                 weights_any, bias_desc, dst_any, strides, dilations,
                                                                 pad_begin, pad_end, conv.get())
                   : make_primitive<dnnl::convolution_forward>(dnnl::algorithm::convolution_direct, src_any,
                                                               weights_any, bias_desc, dst_any, strides, dilations,
                                                               pad_begin, pad_end, conv.get());
  conv->user_src_desc = memory::desc(src_dims, dt::f32, tag::nchw);
  conv->user_dst_desc = memory::desc(dst_dims, dt::f32, tag::nchw);

  dnnl::stream stream(engine);
  const memory user_weights(memory::desc(weight_dims(g), dt::f32, user_weight_tag(g)), engine,
                            const_cast<float*>(weights));
  conv->weights = memory(chosen_weights, engine);
  dnnl::reorder(user_weights, conv->weights).execute(stream, const_cast<memory&>(user_weights), conv->weights);
  conv->bias = memory(bias_desc, engine);
  float* bias_data = static_cast<float*>(conv->bias.get_data_handle());
  for (std::int64_t c = 0; c < g.out_channels; ++c) bias_data[c] = bias ? bias[c] : 0.0f;
  stream.wait();
  conv->weights_source = weights;
  conv->bias_source = bias;
  return conv;
}

}  // namespace

bool conv_onednn(const ConvGeometry& g, const float* input, const float* weights, const float* bias, float* output,
                 KernelState& state) {
  // oneDNN has no output_padding: it is folded into a smaller end padding, which must stay >= 0.
  if (g.pad_bottom < 0 || g.pad_right < 0 || g.pad_top < 0 || g.pad_left < 0) return false;
  if (g.transposed) {
    const std::int64_t full_height = g.stride_height * (g.in_height - 1) + (g.kernel_height - 1) * g.dilation_height + 1;
    const std::int64_t full_width = g.stride_width * (g.in_width - 1) + (g.kernel_width - 1) * g.dilation_width + 1;
    if (full_height - g.pad_top - g.pad_bottom != g.out_height || full_width - g.pad_left - g.pad_right != g.out_width) {
      return false;  // output_padding present: oneDNN's deconvolution cannot express it
    }
  }
  try {
    auto* conv = static_cast<OneDnnConv*>(state.get());
    if (conv == nullptr || !same_geometry(conv->geometry, g) || conv->weights_source != weights ||
        conv->bias_source != bias) {
      std::shared_ptr<OneDnnConv> fresh(build(g, weights, bias).release());
      state = fresh;
      conv = fresh.get();
    }
    dnnl::engine& engine = cpu_engine();
    dnnl::stream stream(engine);
    memory user_src(conv->user_src_desc, engine, const_cast<float*>(input));
    memory user_dst(conv->user_dst_desc, engine, output);
    memory src = user_src;
    if (conv->src_desc != conv->user_src_desc) {
      src = memory(conv->src_desc, engine);
      dnnl::reorder(user_src, src).execute(stream, user_src, src);
    }
    memory dst = conv->dst_desc != conv->user_dst_desc ? memory(conv->dst_desc, engine) : user_dst;
    conv->primitive.execute(stream, {{DNNL_ARG_SRC, src},
                                     {DNNL_ARG_WEIGHTS, conv->weights},
                                     {DNNL_ARG_BIAS, conv->bias},
                                     {DNNL_ARG_DST, dst}});
    if (dst != user_dst) dnnl::reorder(dst, user_dst).execute(stream, dst, user_dst);
    stream.wait();
    return true;
  } catch (const dnnl::error&) {
    return false;  // not expressible in oneDNN: the caller runs the reference
  }
}

}  // namespace npusim::models::kernels
