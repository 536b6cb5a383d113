// 16-bit depth PNG codes <-> metres.
//   KITTI convention (the project's format): depth_m = code / 256, code 0 = invalid.
//   NYU-style millimetres (read only):       depth_m = code / 1000, code 0 = invalid.
#pragma once

#include <cstdint>
#include <string>

namespace npusim::data {

enum class DepthPngUnit { kKitti256, kMillimetre };

// Parses "kitti" / "256" and "mm" / "millimetre"; throws std::invalid_argument otherwise.
DepthPngUnit parse_depth_png_unit(const std::string& text);
const char* depth_png_unit_name(DepthPngUnit unit);

// Largest depth a KITTI code can hold: 65535 / 256 = 255.996 m.
constexpr float kMaxKittiDepthM = 65535.0f / 256.0f;

// code = floor(depth_m * 256 + 1/2) (round half up; the product is exact in binary32 for
// depths below 65536 m since 256 is a power of two). Code 0 means invalid, so:
//   depth <= 0, NaN or Inf          -> 0 (invalid: sky, no return)
//   rounds to a code above 65535    -> 0 (beyond the range: treated as invalid, like sky)
//   0 < depth < 1/512 m (rounds to 0) -> 1 (the nearest valid code, so a valid pixel never
//                                        turns into "invalid")
std::uint16_t encode_depth_kitti(float depth_m);

// Code to metres for either unit; 0 stays 0 (invalid).
float decode_depth_code(std::uint16_t code, DepthPngUnit unit);

}  // namespace npusim::data
