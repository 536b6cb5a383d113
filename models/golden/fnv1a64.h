// FNV-1a, 64 bits: a fast mismatch detector for fingerprints (models/golden/graph_fingerprint.h,
// sweep folders), not a security feature.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace npusim::golden {

class Fnv1a64 {
 public:
  void bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      hash_ ^= p[i];
      hash_ *= 0x100000001b3ULL;
    }
  }
  void integer(std::int64_t value) { bytes(&value, sizeof value); }
  // Length-prefixed, so "ab"+"c" and "a"+"bc" differ.
  void text(const std::string& value) {
    integer(static_cast<std::int64_t>(value.size()));
    bytes(value.data(), value.size());
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace npusim::golden
