// The fast path: requantization of whole int32-accumulator tensors (the INT8 datapath),
// per-tensor or per-channel, bit-identical to the scalar golden `requantize` for every mode
// (tests/quant/requant_tensor_test.cpp checks it with the shared RequantizationTester).
//
// Why it can be fast and still exact: with |acc| <= 2^31 and M < 2^31 the product acc * M
// fits int64 (|acc * M| < 2^62), so every mode is a 64-bit multiply, an arithmetic shift and a
// remainder comparison per element; AVX-512 does 8 of them per instruction. The AVX-512 kernels
// are compiled with a target attribute and chosen at run time, so the portable build still runs
// on any x86-64 (or other) CPU through the portable kernel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quant/requant/requant.h"

namespace npusim::quant {

enum class VectorPath {
  kAuto,      // AVX-512 where the CPU has it, else portable
  kPortable,  // plain C++ (64-bit integer arithmetic, no intrinsics)
  kAvx512,    // AVX-512F/DQ/VL/BW kernels; throws std::runtime_error where the CPU lacks them
};

// True when this CPU (and this build) can run VectorPath::kAvx512.
bool avx512_requant_available();
// The path kAuto resolves to on this CPU: "avx512" or "portable".
const char* auto_requant_path_name();

// out[i] = requantize(acc[i], params, mode) for i < count. `out` may alias `acc`.
// Throws std::invalid_argument for bad params (naming the field) and, for kTfliteDouble, for
// the first element violating the precondition (naming its index); `out` is then unspecified.
void requantize_tensor(const std::int32_t* acc, std::size_t count, const RequantParams& params, RoundingMode mode,
                       std::int32_t* out, VectorPath path = VectorPath::kAuto);

// Per-channel parameters, channel innermost (NHWC, [..., channels]): element i uses
// channel_params[i % channels]. count must be a multiple of channels.
void requantize_tensor_per_channel(const std::int32_t* acc, std::size_t count, const RequantParams* channel_params,
                                   std::size_t channels, RoundingMode mode, std::int32_t* out,
                                   VectorPath path = VectorPath::kAuto);

// Per-channel parameters, channel outermost (NCHW with N = 1, OIHW): channel c owns the
// contiguous block [c * count / channels, (c + 1) * count / channels).
void requantize_tensor_channel_blocks(const std::int32_t* acc, std::size_t count, const RequantParams* channel_params,
                                      std::size_t channels, RoundingMode mode, std::int32_t* out,
                                      VectorPath path = VectorPath::kAuto);

// The dual-output split over a tensor: hi[i] = wide[i] >> lo_bits, lo[i] = wide[i] & (2^lo_bits - 1).
void split_dual_output_tensor(const std::int32_t* wide, std::size_t count, int lo_bits, std::int32_t* hi,
                              std::int32_t* lo);

}  // namespace npusim::quant
