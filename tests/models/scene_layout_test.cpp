// Layout rules of the scene families (models/data/scene_layout.h), checked on what the camera
// sees rather than on the layout code's own arithmetic.
#include "models/data/scene_layout.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "models/data/scene_renderer.h"

namespace npusim::data {
namespace {

// In an open field the camera stands on open ground: the nearest things it can see are a
// shed wall at least 1 m away (z-depth >= 1 m * cos of the widest ray angle, ~0.75 m at
// 65 degrees horizontal and 16x20 pixels), a tree crown at least 3 - 2.8 = 0.2 m away, and
// the ground 0.6-1.6 m below the lens. So no pixel may be nearer than 0.15 m. Before the
// clearance rule, about 0.6 % of open fields put the camera inside a shed or against its
// wall (every pixel a few millimetres deep; seed 3's image 35 in the third session).
TEST(SceneLayout, OpenFieldCameraNeverStandsInsideOrAgainstAShed) {
  const SceneMix only_open_field{/*close_up=*/0, /*room=*/0, /*street=*/0, /*open_field=*/1};
  int too_near = 0;
  float nearest_m = 1e30f;
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    const Scene scene = build_scene(seed, only_open_field);
    ASSERT_EQ(scene.kind, SceneKind::kOpenField);
    const RenderedScene render = render_scene(scene, 16, 20);
    float scene_nearest_m = 1e30f;
    for (float depth_m : render.depth_m) {
      if (depth_m > 0) scene_nearest_m = std::min(scene_nearest_m, depth_m);
    }
    nearest_m = std::min(nearest_m, scene_nearest_m);
    if (scene_nearest_m < 0.15f) ++too_near;
  }
  EXPECT_EQ(too_near, 0) << "open-field scenes with a pixel nearer than 0.15 m; nearest " << nearest_m << " m";
}

}  // namespace
}  // namespace npusim::data
