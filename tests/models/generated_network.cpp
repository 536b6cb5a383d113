#include "tests/models/generated_network.h"

#include <random>

#include "tests/models/onnx_model_builder.h"

namespace npusim::models::testing {
namespace {

std::vector<float> random_values(std::mt19937& random, std::size_t count, float spread) {
  std::normal_distribution<float> normal(0.0f, spread);
  std::vector<float> values(count);
  for (float& v : values) v = normal(random);
  return values;
}

}  // namespace

Graph generated_network(std::uint32_t seed) {
  std::mt19937 random(seed);
  const auto he = [&](std::size_t count, int fan_in) { return random_values(random, count, std::sqrt(2.0f / fan_in)); };
  OnnxModelBuilder m(17);
  m.input("image", {1, 3, 16, 16});
  m.initializer("w1", {8, 3, 3, 3}, he(8 * 27, 27)).initializer("b1", {8}, random_values(random, 8, 0.1f));
  std::vector<float> gamma = random_values(random, 8, 0.2f), var = random_values(random, 8, 0.3f);
  for (float& g : gamma) g += 1.0f;
  for (float& v : var) v = v * v + 0.5f;
  m.initializer("bn_scale", {8}, gamma).initializer("bn_bias", {8}, random_values(random, 8, 0.1f))
      .initializer("bn_mean", {8}, random_values(random, 8, 0.1f)).initializer("bn_var", {8}, var);
  m.initializer("w2", {8, 8, 3, 3}, he(8 * 72, 72)).initializer("b2", {8}, random_values(random, 8, 0.1f));
  m.initializer("w3", {8, 16, 1, 1}, he(8 * 16, 16)).initializer("b3", {8}, random_values(random, 8, 0.1f));
  m.initializer("w4", {4, 8, 3, 3}, he(4 * 72, 72)).initializer("b4", {4}, random_values(random, 4, 0.1f));
  m.initializer("wg", {8, 6}, he(48, 8)).initializer("bg", {6}, random_values(random, 6, 0.1f));
  m.initializer("wt", {8, 5}, he(40, 8));
  std::vector<float> ln_gamma = random_values(random, 8, 0.1f);
  for (float& g : ln_gamma) g += 1.0f;
  m.initializer("ln_scale", {8}, ln_gamma).initializer("ln_bias", {8}, random_values(random, 8, 0.1f));
  m.initializer("roi", {0}, {}).initializer("up2", {4}, {1, 1, 2, 2});
  m.int_initializer("token_shape", {3}, {1, 8, 64});
  const std::vector<std::int64_t> k3{3, 3}, p1{1, 1, 1, 1}, k2{2, 2};
  m.node("Conv", {"image", "w1", "b1"}, {"c1"}, "conv1").attr("kernel_shape", k3).attr("pads", p1);
  m.node("BatchNormalization", {"c1", "bn_scale", "bn_bias", "bn_mean", "bn_var"}, {"n1"}, "bn1");
  m.node("Relu", {"n1"}, {"r1"}, "relu1");
  m.node("MaxPool", {"r1"}, {"p1"}, "pool1").attr("kernel_shape", k2).attr("strides", k2);
  m.node("Conv", {"p1", "w2", "b2"}, {"c2"}, "conv2").attr("kernel_shape", k3).attr("pads", p1);
  m.node("LeakyRelu", {"c2"}, {"l2"}, "leaky2").attr("alpha", 0.1f);
  m.node("Add", {"l2", "p1"}, {"s2"}, "add2");
  m.node("Relu", {"s2"}, {"a2"}, "relu2");
  m.node("Resize", {"a2", "roi", "up2"}, {"u2"}, "up_nearest").attr("mode", "nearest");
  m.node("Concat", {"u2", "r1"}, {"cat"}, "concat").attr("axis", 1);
  m.node("Conv", {"cat", "w3", "b3"}, {"c3"}, "conv3");
  m.node("Sigmoid", {"c3"}, {"sig3"}, "sigmoid3");
  m.node("Mul", {"c3", "sig3"}, {"silu3"}, "silu3");
  m.node("AveragePool", {"silu3"}, {"ap"}, "avgpool").attr("kernel_shape", k2).attr("strides", k2);
  m.node("Conv", {"ap", "w4", "b4"}, {"c4"}, "conv4").attr("kernel_shape", k3).attr("pads", p1);
  m.node("Resize", {"c4", "roi", "up2"}, {"u4"}, "up_linear").attr("mode", "linear");
  m.node("Tanh", {"u4"}, {"out_image"}, "tanh4");
  m.node("GlobalAveragePool", {"a2"}, {"gap"}, "gap");
  m.node("Flatten", {"gap"}, {"flat"}, "flatten");
  m.node("Gemm", {"flat", "wg", "bg"}, {"g"}, "gemm");
  m.node("Relu", {"g"}, {"gr"}, "gemm_relu");
  m.node("Softmax", {"gr"}, {"out_probs"}, "softmax").attr("axis", -1);
  m.node("Reshape", {"ap", "token_shape"}, {"tokens_cf"}, "reshape");
  m.node("Transpose", {"tokens_cf"}, {"tokens"}, "transpose").attr("perm", std::vector<std::int64_t>{0, 2, 1});
  m.node("LayerNormalization", {"tokens", "ln_scale", "ln_bias"}, {"ln"}, "layernorm").attr("axis", -1);
  m.node("MatMul", {"ln", "wt"}, {"out_tokens"}, "token_proj");
  m.node("Transpose", {"ln"}, {"ln_t"}, "transpose_ln").attr("perm", std::vector<std::int64_t>{0, 2, 1});
  m.node("MatMul", {"ln", "ln_t"}, {"out_attention"}, "attention");
  m.output("out_image").output("out_probs").output("out_tokens").output("out_attention");
  Graph graph = m.import();
  graph.source_path = "generated.onnx";
  return graph;
}

std::vector<Tensor> generated_images(int count, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  std::vector<Tensor> images;
  for (int i = 0; i < count; ++i) {
    const float gx = uniform(random), gy = uniform(random), base = 0.5f * uniform(random);
    std::vector<float> pixels(3 * 16 * 16);
    for (int c = 0; c < 3; ++c) {
      for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 16; ++x) {
          const float value = base + 0.3f * (gx * x + gy * y) / 16.0f + 0.2f * uniform(random) + 0.05f * c;
          // 8-bit pixels, as a camera gives (the models' input is value / 255).
          pixels[(c * 16 + y) * 16 + x] = std::round(std::clamp(value, 0.0f, 1.0f) * 255.0f) / 255.0f;
        }
      }
    }
    images.push_back(Tensor::from_floats({1, 3, 16, 16}, std::move(pixels)));
  }
  return images;
}

}  // namespace npusim::models::testing
