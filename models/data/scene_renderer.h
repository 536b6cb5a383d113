// Ray casts a Scene into an RGB image and a z-depth map, one primary ray per pixel through
// the pixel centre, with a directional sun, ambient light, shadow rays and (outdoors)
// aerial perspective.
#pragma once

#include <vector>

#include "models/data/png_io.h"
#include "models/data/scene.h"

namespace npusim::data {

struct RenderedScene {
  RgbImage image;
  // z-depth in metres along the optical axis, row-major; 0 where the ray sees the sky.
  std::vector<float> depth_m;
};

// height_px, width_px >= 1. Deterministic: the same scene gives the same bytes.
RenderedScene render_scene(const Scene& scene, int height_px, int width_px);

}  // namespace npusim::data
