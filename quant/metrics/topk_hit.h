// Top-k index hit rate (e.g. after softmax: does the quantized model still rank the same
// classes first?). For each slice of the tensors along `axis` (every other index fixed), the
// k largest entries of ref and of test are found (ties: the lower index ranks first); the
// slice's hit rate is |topk(ref) intersect topk(test)| / k; the result is the mean over slices.
// k = 1 is the argmax agreement rate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace npusim::quant {

// Throws std::invalid_argument when k < 1 or k exceeds the slice length, or the axis is out of
// range. Precondition: ref and test hold the elements of `shape` in C order.
double topk_hit_rate(const float* ref, const float* test, const std::vector<std::int64_t>& shape, int axis, int k);

// The k indices of the largest values (ties: lower index first), in rank order.
std::vector<std::size_t> topk_indices(const std::vector<float>& values, int k);

}  // namespace npusim::quant
