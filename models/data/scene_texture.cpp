#include "models/data/scene_texture.h"

#include <cmath>

namespace npusim::data {
namespace {

// Integer hash of a lattice corner to [0, 1). Unsigned arithmetic wraps (well defined);
// the multiplier constants are the xxHash/Murmur finaliser primes.
float lattice_value(std::int32_t x, std::int32_t y, std::int32_t z) {
  std::uint32_t h = static_cast<std::uint32_t>(x) * 0x8DA6B343u ^ static_cast<std::uint32_t>(y) * 0xD8163841u ^
                    static_cast<std::uint32_t>(z) * 0xCB1AB31Fu;
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  h *= 0x297A2D39u;
  h ^= h >> 15;
  return static_cast<float>(h >> 8) * (1.0f / 16777216.0f);
}

float smooth_fade(float t) { return t * t * (3.0f - 2.0f * t); }
float lerp(float a, float b, float t) { return a + (b - a) * t; }
Vec3 mix(Vec3 a, Vec3 b, float t) { return a + (b - a) * t; }

// floor() to int for the cell index; coordinates stay far below 2^31 (scenes are < 1 km).
std::int32_t cell(float v) { return static_cast<std::int32_t>(std::floor(v)); }

// A fixed, irrational-looking offset so grid lines never coincide with the axis-aligned
// planes the layouts use (a floor at exactly y = 0 would otherwise flicker between cells).
constexpr float kOffsetX = 0.3719f, kOffsetY = 0.6113f, kOffsetZ = 0.1327f;

}  // namespace

float value_noise(Vec3 p) {
  const std::int32_t x0 = cell(p.x), y0 = cell(p.y), z0 = cell(p.z);
  const float fx = smooth_fade(p.x - static_cast<float>(x0));
  const float fy = smooth_fade(p.y - static_cast<float>(y0));
  const float fz = smooth_fade(p.z - static_cast<float>(z0));
  const float c000 = lattice_value(x0, y0, z0), c100 = lattice_value(x0 + 1, y0, z0);
  const float c010 = lattice_value(x0, y0 + 1, z0), c110 = lattice_value(x0 + 1, y0 + 1, z0);
  const float c001 = lattice_value(x0, y0, z0 + 1), c101 = lattice_value(x0 + 1, y0, z0 + 1);
  const float c011 = lattice_value(x0, y0 + 1, z0 + 1), c111 = lattice_value(x0 + 1, y0 + 1, z0 + 1);
  const float y_low = lerp(lerp(c000, c100, fx), lerp(c010, c110, fx), fy);
  const float y_high = lerp(lerp(c001, c101, fx), lerp(c011, c111, fx), fy);
  return lerp(y_low, y_high, fz);
}

Vec3 texture_albedo(const Material& material, Vec3 local_point) {
  const float inverse_scale = 1.0f / material.scale_m;
  const Vec3 p{local_point.x * inverse_scale + kOffsetX, local_point.y * inverse_scale + kOffsetY,
               local_point.z * inverse_scale + kOffsetZ};
  Vec3 albedo;
  switch (material.kind) {
    case TextureKind::kChecker:
      albedo = ((cell(p.x) + cell(p.y) + cell(p.z)) & 1) ? material.color_b : material.color_a;
      break;
    case TextureKind::kStripes: {
      const float along = material.stripe_axis == 0 ? p.x : (material.stripe_axis == 1 ? p.y : p.z);
      albedo = (cell(along) & 1) ? material.color_b : material.color_a;
      break;
    }
    case TextureKind::kNoise: {
      const float n = 0.65f * value_noise(p) + 0.35f * value_noise(p * 3.1f);
      albedo = mix(material.color_a, material.color_b, n);
      break;
    }
    case TextureKind::kTiles: {
      // Grout where any coordinate is within 6 % of a cell edge (on a wall one axis is
      // constant; its fractional part is fixed by the offset above and stays inside a cell).
      const float gx = p.x - std::floor(p.x), gy = p.y - std::floor(p.y), gz = p.z - std::floor(p.z);
      const auto near_edge = [](float f) { return f < 0.06f || f > 0.94f; };
      albedo = (near_edge(gx) || near_edge(gy) || near_edge(gz)) ? material.color_b : material.color_a;
      break;
    }
  }
  if (material.grain > 0.0f) {
    // Fine grain at 1/8 of the texture scale: brightness varies by +-grain/2.
    const float g = value_noise(p * 8.0f);
    albedo = albedo * (1.0f + material.grain * (g - 0.5f));
  }
  return albedo;
}

}  // namespace npusim::data
