// The scene generator's own random numbers, so a seed gives the same scenes with every
// compiler and standard library (std::uniform_*_distribution output is implementation-defined).
#pragma once

#include <cstdint>

namespace npusim::data {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix. Used to derive
// independent per-image seeds from (run seed, image index) so images can be made in any order.
inline std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline std::uint64_t image_seed(std::uint64_t run_seed, std::uint64_t image_index) {
  return splitmix64_mix(run_seed + (image_index + 1) * 0x9E3779B97F4A7C15ULL);
}

// PCG32 (O'Neill 2014, XSH-RR output, 64-bit LCG state). All arithmetic is unsigned and
// wraps modulo 2^64 by definition, so the stream is identical on every platform.
class Pcg32 {
 public:
  explicit Pcg32(std::uint64_t seed, std::uint64_t stream = 0x14057B7EF767814FULL)
      : increment_((stream << 1) | 1u) {
    next_u32();
    state_ += seed;
    next_u32();
  }

  std::uint32_t next_u32() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + increment_;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rotation = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rotation) | (xorshifted << ((32u - rotation) & 31u));
  }

  // Uniform in [0, 1): the top 24 bits scaled by 2^-24, exact in binary32 (never returns 1).
  float uniform01() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }
  // Uniform in [low, high). low + (high - low) * u rounds in binary32; the result is the same
  // everywhere because it is one IEEE multiply and one add (no FMA: the build does not contract).
  float uniform(float low, float high) { return low + (high - low) * uniform01(); }
  // Uniform integer in [low, high] by multiply-shift (Lemire); the bias is < 2^-32 per draw, irrelevant here.
  int uniform_int(int low, int high) {
    const auto span = static_cast<std::uint64_t>(high - low + 1);
    return low + static_cast<int>((static_cast<std::uint64_t>(next_u32()) * span) >> 32);
  }
  bool chance(float probability) { return uniform01() < probability; }

 private:
  std::uint64_t state_ = 0;
  std::uint64_t increment_;
};

}  // namespace npusim::data
