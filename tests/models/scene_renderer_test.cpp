// Geometry of the ray caster (models/data/scene_renderer.h) against depths worked out by
// hand for single primitives. A 9x9 image with a 90 degree field of view has focal length
// 4.5 px and principal point 4.5, so pixel (row r, column c) looks along
//   (across, -down, 1) with across = (c + 0.5 - 4.5) / 4.5, down = (r + 0.5 - 4.5) / 4.5
// and the centre pixel (4, 4) along the optical axis. Depth is z-depth (along the axis).
#include "models/data/scene_renderer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace npusim::data {
namespace {

constexpr int kSide = 9;
constexpr float kPi = 3.14159265358979f;

Scene empty_scene(Vec3 camera_position) {
  Scene scene;
  scene.camera.position = camera_position;
  scene.camera.yaw_rad = 0;
  scene.camera.pitch_rad = 0;
  scene.camera.horizontal_fov_rad = kPi / 2;
  Material plain;
  plain.kind = TextureKind::kChecker;
  plain.color_a = plain.color_b = {0.5f, 0.5f, 0.5f};
  plain.grain = 0;
  scene.materials.push_back(plain);
  scene.lighting.sun_direction = {0, 1, 0};
  return scene;
}

float depth_at(const RenderedScene& render, int row, int column) { return render.depth_m[row * kSide + column]; }

TEST(SceneRenderer, GroundPlaneDepthIsHeightOverSlope) {
  // Camera 1.5 m above the ground looking level: row r below the centre sees the ground at
  // z = 1.5 / down, the same for every column (z-depth, not ray length).
  Scene scene = empty_scene({0, 1.5f, 0});
  scene.has_ground = true;
  const RenderedScene render = render_scene(scene, kSide, kSide);
  // row 5: down = 1/4.5 -> z = 6.75; row 6: 2/4.5 -> 3.375; row 8: 4/4.5 -> 1.6875
  for (int column = 0; column < kSide; ++column) {
    EXPECT_NEAR(depth_at(render, 5, column), 6.75f, 1e-4f);
    EXPECT_NEAR(depth_at(render, 6, column), 3.375f, 1e-4f);
    EXPECT_NEAR(depth_at(render, 8, column), 1.6875f, 1e-4f);
    // The centre row looks level and rows above look up: sky, depth 0 (invalid).
    EXPECT_EQ(depth_at(render, 4, column), 0.0f);
    EXPECT_EQ(depth_at(render, 0, column), 0.0f);
  }
}

TEST(SceneRenderer, FacingWallHasOneDepth) {
  // The end wall of a wide room 3 m ahead: every pixel is at z = 3 (the widest ray,
  // across = 4/4.5, reaches x = 2.67 m there, inside the 5 m half width).
  Scene scene = empty_scene({0, 1, 0});
  scene.has_room = true;
  scene.room.min_corner = {-5, -5, -1};
  scene.room.max_corner = {5, 5, 3};
  const RenderedScene render = render_scene(scene, kSide, kSide);
  for (float depth : render.depth_m) EXPECT_NEAR(depth, 3.0f, 1e-5f);
}

TEST(SceneRenderer, SphereCylinderAndRotatedBoxOnTheAxis) {
  Scene sphere = empty_scene({0, 1.5f, 0});
  sphere.spheres.push_back({{0, 1.5f, 5}, 1.0f, 0});
  // Nearest point of a unit sphere centred 5 m ahead: 4 m.
  EXPECT_NEAR(depth_at(render_scene(sphere, kSide, kSide), 4, 4), 4.0f, 1e-5f);

  Scene cylinder = empty_scene({0, 1.5f, 0});
  VerticalCylinder can;
  can.center_x = 0;
  can.center_z = 5;
  can.bottom_y = 0;
  can.top_y = 3;
  can.radius_m = 0.5f;
  cylinder.cylinders.push_back(can);
  // Side wall of a 0.5 m cylinder 5 m ahead: 4.5 m.
  EXPECT_NEAR(depth_at(render_scene(cylinder, kSide, kSide), 4, 4), 4.5f, 1e-5f);

  Scene box = empty_scene({0, 1.5f, 0});
  OrientedBox cube;
  cube.center = {0, 1.5f, 6};
  cube.half_size = {1, 1, 1};
  cube.cos_yaw = std::cos(kPi / 4);
  cube.sin_yaw = std::sin(kPi / 4);
  box.boxes.push_back(cube);
  // A 2 m cube turned 45 degrees shows its vertical edge: 6 - sqrt(2) = 4.585786 m.
  EXPECT_NEAR(depth_at(render_scene(box, kSide, kSide), 4, 4), 6.0f - std::sqrt(2.0f), 1e-4f);
}

TEST(SceneRenderer, MountainRingDepthFollowsTheCircle) {
  // A 100 m ring, ridge 50 m high: the centre ray hits at z = 100; the ray with
  // across = a hits where x = a z and x^2 + z^2 = 100^2, so z = 100 / sqrt(1 + a^2).
  Scene scene = empty_scene({0, 1.5f, 0});
  scene.has_mountains = true;
  scene.mountains.center_x = 0;
  scene.mountains.center_z = 0;
  scene.mountains.radius_m = 100;
  scene.mountains.base_height_m = 50;
  const RenderedScene render = render_scene(scene, kSide, kSide);
  EXPECT_NEAR(depth_at(render, 4, 4), 100.0f, 1e-3f);
  const float a = 3.0f / 4.5f;  // column 7
  EXPECT_NEAR(depth_at(render, 4, 7), 100.0f / std::sqrt(1.0f + a * a), 1e-3f);
}

TEST(SceneRenderer, ShadowDarkensTheGroundUnderAnObject) {
  // Sun straight overhead, a 0.5 m ball 3 m above the ground point seen by pixel (6, 4)
  // (z = 3.375, x = 0). Its neighbours (6, 3) and (6, 5) see the ground 0.75 m to the side,
  // outside the shadow; the ball itself is above the view rays and never seen there.
  Scene scene = empty_scene({0, 1.5f, 0});
  scene.has_ground = true;
  scene.spheres.push_back({{0, 3.0f, 3.375f}, 0.5f, 0});
  const RenderedScene render = render_scene(scene, kSide, kSide);
  const auto green = [&](int row, int column) { return render.image.rgb[(row * kSide + column) * 3 + 1]; };
  EXPECT_NEAR(depth_at(render, 6, 4), 3.375f, 1e-4f);
  EXPECT_LT(green(6, 4), green(6, 3));
  EXPECT_LT(green(6, 4), green(6, 5));
  EXPECT_EQ(green(6, 3), green(6, 5));
}

}  // namespace
}  // namespace npusim::data
