// The storage format of one tensor in a QuantPlan: float32, a small float format (FP16,
// BF16, FP8), an affine integer format (INT2..INT16, UINT2..UINT16) or the log2 format.
// Names: "fp32", "fp16", "bf16", "fp8_e4m3", "fp8_e5m2", "int4", "int8", "int16", "uint8",
// "uint16", any "intN"/"uintN" with N in 2..16, and "log2" (its bits given separately).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "quant/formats/float_formats.h"

namespace npusim::quant {

enum class TensorFormatKind { kFloat32, kMiniFloat, kInteger, kLog2 };

struct TensorFormat {
  TensorFormatKind kind = TensorFormatKind::kFloat32;
  const MiniFloatFormat* minifloat = nullptr;  // kMiniFloat only
  int bits = 32;                               // kInteger: 2..16; kMiniFloat: 8 or 16; kLog2: 1..7
  bool is_signed = true;                       // kInteger only

  std::string name() const;  // inverse of parse_tensor_format (log2 -> "log2")
  bool operator==(const TensorFormat& other) const;
  bool operator!=(const TensorFormat& other) const { return !(*this == other); }
};

// nullopt for an unknown name.
std::optional<TensorFormat> parse_tensor_format(std::string_view name);

}  // namespace npusim::quant
