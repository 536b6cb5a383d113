// The golden convolution's fast path on CPUs whose int8 dot products accumulate in int32
// without saturation (AVX-512 VNNI, AVX-VNNI, AMX): oneDNN's u8 x s8 -> s32 convolution.
// On CPUs without VNNI oneDNN pairs products in saturating 16-bit sums (vpmaddubsw), which
// is not exact, so the path is refused there; a self-check against the reference loop at
// first use refuses it too if results ever differ. Callers fall back to the exact GEMM.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/golden/program.h"

namespace npusim::golden {

// Per-operation cache (primitive, reordered weights, compensation); empty at first.
using OneDnnInt8State = std::shared_ptr<void>;

// True when this CPU runs oneDNN's int8 convolution exactly (checked once per process).
bool onednn_int8_exact();

// acc as conv_accumulate computes it, in int32 (the INT8 datapath's accumulator). Returns
// false (acc untouched) when the operation is not an 8-bit convolution (codes spanning more
// than 256 values, weights outside int8, transposed, a bias beyond int32) or the CPU path is
// not exact.
bool conv_accumulate_onednn_int8(const ConvParams& params, const std::vector<std::int32_t>& input,
                                 std::vector<std::int32_t>& acc, OneDnnInt8State& state);

}  // namespace npusim::golden
