// A generated network for PTQ and golden-executor tests that uses every integer operation
// kind: Conv+BatchNorm+Relu, MaxPool, Conv+LeakyRelu, residual Add+Relu, nearest Resize,
// Concat, a SiLU table (x * sigmoid(x)), AveragePool, linear Resize, Tanh, GlobalAveragePool,
// Flatten, Gemm+Relu, Softmax, Reshape, Transpose, LayerNormalization, MatMul with a constant
// and MatMul of two tensors. Weights are seeded random numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "models/graph/graph.h"

namespace npusim::models::testing {

// Input "image" [1, 3, 16, 16]; outputs "out_image" [1, 4, 16, 16], "out_probs" [1, 6],
// "out_tokens" [1, 64, 5], "out_attention" [1, 64, 64].
Graph generated_network(std::uint32_t seed = 7);

// Images in [0, 1] with some structure (gradients and noise), seeded.
std::vector<Tensor> generated_images(int count, std::uint32_t seed);

}  // namespace npusim::models::testing
