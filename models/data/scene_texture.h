// Procedural solid textures for the depth scenes. Texture size is fixed in metres, so a
// checker floor's squares shrink with distance: the perspective cue that makes depth
// learnable from appearance. Everything is a pure function of the point (no state).
#pragma once

#include <cstdint>

#include "models/data/scene_geometry.h"

namespace npusim::data {

enum class TextureKind : std::uint8_t {
  kChecker,  // alternating cells of size scale_m in all three axes
  kStripes,  // bands of width scale_m across one axis
  kNoise,    // two octaves of value noise with feature size scale_m, blending the two colours
  kTiles,    // colour_a cells of size scale_m separated by thin colour_b grout lines
};

struct Material {
  TextureKind kind = TextureKind::kNoise;
  Vec3 color_a{0.5f, 0.5f, 0.5f};  // linear reflectance, 0..1 per channel
  Vec3 color_b{0.3f, 0.3f, 0.3f};
  float scale_m = 0.5f;            // > 0
  int stripe_axis = 0;             // 0 = x, 1 = y, 2 = z (kStripes only)
  float grain = 0.1f;              // 0..1: fine value-noise modulation of brightness
};

// Reflectance at a point in the primitive's own frame.
Vec3 texture_albedo(const Material& material, Vec3 local_point);

// Value noise in [0, 1): a hashed lattice value per integer cell corner, trilinear with a
// smoothstep fade. Continuous, deterministic (integer hash), about 8 hashes per call.
float value_noise(Vec3 point);

}  // namespace npusim::data
