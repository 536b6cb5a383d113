// Size arithmetic that cannot wrap: shapes, strides and offsets computed from attributes and
// constants of an untrusted model. An overflow is an error naming `what`, never a wrapped value.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace npusim::models {

inline std::int64_t checked_add(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t result = 0;
  if (__builtin_add_overflow(a, b, &result)) {
    throw std::runtime_error(what + ": " + std::to_string(a) + " + " + std::to_string(b) + " overflows int64");
  }
  return result;
}

inline std::int64_t checked_sub(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t result = 0;
  if (__builtin_sub_overflow(a, b, &result)) {
    throw std::runtime_error(what + ": " + std::to_string(a) + " - " + std::to_string(b) + " overflows int64");
  }
  return result;
}

inline std::int64_t checked_mul(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t result = 0;
  if (__builtin_mul_overflow(a, b, &result)) {
    throw std::runtime_error(what + ": " + std::to_string(a) + " * " + std::to_string(b) + " overflows int64");
  }
  return result;
}

// Two's-complement wrap-around, as ONNX Runtime's integer Add/Sub/Mul/Neg behave; signed
// overflow in C++ is undefined, so the arithmetic goes through uint64.
inline std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
inline std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
inline std::int64_t wrapping_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

}  // namespace npusim::models
