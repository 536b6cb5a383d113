#include "quant/plan/tensor_format.h"

#include <cctype>

namespace npusim::quant {

std::string TensorFormat::name() const {
  switch (kind) {
    case TensorFormatKind::kFloat32: return "fp32";
    case TensorFormatKind::kMiniFloat: return minifloat->name;
    case TensorFormatKind::kInteger: return (is_signed ? "int" : "uint") + std::to_string(bits);
    case TensorFormatKind::kLog2: return "log2";
  }
  return "fp32";
}

bool TensorFormat::operator==(const TensorFormat& other) const {
  return kind == other.kind && minifloat == other.minifloat && bits == other.bits && is_signed == other.is_signed;
}

std::optional<TensorFormat> parse_tensor_format(std::string_view name) {
  TensorFormat format;
  if (name == "fp32") return format;
  if (name == "log2") {
    format.kind = TensorFormatKind::kLog2;
    format.bits = 4;  // the plan's "bits" field overrides
    return format;
  }
  if (const MiniFloatFormat* minifloat = find_minifloat_format(name)) {
    format.kind = TensorFormatKind::kMiniFloat;
    format.minifloat = minifloat;
    format.bits = minifloat_total_bits(*minifloat);
    return format;
  }
  std::string_view digits;
  if (name.substr(0, 4) == "uint") {
    format.is_signed = false;
    digits = name.substr(4);
  } else if (name.substr(0, 3) == "int") {
    digits = name.substr(3);
  } else {
    return std::nullopt;
  }
  // "int8", not "int08" or "int+8": one or two digits, no leading zero.
  if (digits.empty() || digits.size() > 2 || digits[0] == '0') return std::nullopt;
  int bits = 0;
  for (char digit : digits) {
    if (!std::isdigit(static_cast<unsigned char>(digit))) return std::nullopt;
    bits = bits * 10 + (digit - '0');
  }
  if (bits < 2 || bits > 16) return std::nullopt;
  format.kind = TensorFormatKind::kInteger;
  format.bits = bits;
  return format;
}

}  // namespace npusim::quant
