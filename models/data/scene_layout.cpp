#include "models/data/scene_layout.h"

#include <algorithm>
#include <cmath>

#include "models/data/scene_random.h"

namespace npusim::data {
namespace {

constexpr float kPi = 3.14159265358979f;
// Open ground around the camera: no shed wall nearer than this (metres).
constexpr float kShedClearanceM = 1.0f;

Vec3 random_color(Pcg32& rng, float low, float high) {
  return {rng.uniform(low, high), rng.uniform(low, high), rng.uniform(low, high)};
}

// A random material: the kind, two colours of contrasting brightness, a texture size and
// some grain. The size is drawn log-uniformly from a band of +-kTextureSpread around the
// geometric centre of [min_scale_m, max_scale_m]: like real tiles, planks and bricks, a kind
// of surface has a typical metric size, and that is what lets a network read distance from
// how large the pattern looks. (Drawing over the whole 10-15x range made scale ambiguous:
// docs/data.md, "Why one camera".)
constexpr float kTextureSpread = 1.25f;

int add_random_material(Scene* scene, Pcg32& rng, float min_scale_m, float max_scale_m) {
  Material material;
  material.kind = static_cast<TextureKind>(rng.uniform_int(0, 3));
  material.color_a = random_color(rng, 0.25f, 0.95f);
  material.color_b = material.color_a * rng.uniform(0.2f, 0.7f);
  const float centre_m = std::sqrt(min_scale_m * max_scale_m);
  material.scale_m = centre_m * std::exp(rng.uniform(-std::log(kTextureSpread), std::log(kTextureSpread)));
  material.stripe_axis = rng.uniform_int(0, 2);
  material.grain = rng.uniform(0.05f, 0.4f);
  scene->materials.push_back(material);
  return static_cast<int>(scene->materials.size()) - 1;
}

void set_indoor_lighting(Scene* scene, Pcg32& rng) {
  Lighting& light = scene->lighting;
  const float azimuth = rng.uniform(0.0f, 2.0f * kPi);
  const float elevation = rng.uniform(0.6f, 1.4f);
  light.sun_direction = {std::cos(elevation) * std::cos(azimuth), std::sin(elevation),
                         std::cos(elevation) * std::sin(azimuth)};
  const float warmth = rng.uniform(0.0f, 0.15f);
  const float strength = rng.uniform(0.55f, 0.9f);
  light.sun_color = Vec3{1.0f + warmth, 1.0f, 1.0f - warmth} * strength;
  light.ambient_color = Vec3{1, 1, 1} * rng.uniform(0.15f, 0.35f);
  light.fog_visibility_m = 0;
}

void set_outdoor_lighting(Scene* scene, Pcg32& rng) {
  Lighting& light = scene->lighting;
  const float azimuth = rng.uniform(0.0f, 2.0f * kPi);
  const float elevation = rng.uniform(0.25f, 1.2f);
  light.sun_direction = {std::cos(elevation) * std::cos(azimuth), std::sin(elevation),
                         std::cos(elevation) * std::sin(azimuth)};
  const float strength = rng.uniform(0.7f, 1.0f);
  light.sun_color = Vec3{1.05f, 1.0f, 0.92f} * strength;
  light.ambient_color = Vec3{0.75f, 0.85f, 1.0f} * rng.uniform(0.15f, 0.3f);
  light.sky_zenith = Vec3{0.25f, 0.45f, 0.9f} * rng.uniform(0.7f, 1.0f);
  light.sky_horizon = Vec3{0.75f, 0.82f, 0.92f} * rng.uniform(0.75f, 1.0f);
  light.fog_visibility_m = rng.uniform(150.0f, 700.0f);
}

OrientedBox make_box(Vec3 center, Vec3 half_size, float yaw_rad, int material) {
  OrientedBox box;
  box.center = center;
  box.half_size = half_size;
  box.cos_yaw = std::cos(yaw_rad);
  box.sin_yaw = std::sin(yaw_rad);
  box.material = material;
  return box;
}

void add_box(Scene* scene, Vec3 center, Vec3 half_size, float yaw_rad, int material) {
  scene->boxes.push_back(make_box(center, half_size, yaw_rad, material));
}

// Objects resting on the floor (y = floor_y) somewhere in [x0, x1] x [z0, z1], at least
// `clearance_m` (plus their own size) from the camera horizontally, sized by `size_scale`.
void scatter_objects(Scene* scene, Pcg32& rng, int count, float x0, float x1, float z0, float z1,
                     float floor_y, float size_scale, float clearance_m, float max_height_m) {
  const Vec3 camera = scene->camera.position;
  for (int i = 0; i < count; ++i) {
    const int shape = rng.uniform_int(0, 9);  // 0-4 box, 5-6 cylinder, 7-9 sphere
    const float width = size_scale * rng.uniform(0.15f, 1.0f);
    const float height = std::min(max_height_m, size_scale * rng.uniform(0.15f, 1.3f));
    const float depth = size_scale * rng.uniform(0.15f, 1.0f);
    const int material = add_random_material(scene, rng, 0.03f * size_scale / 0.5f + 0.01f, 0.4f * size_scale / 0.5f + 0.02f);
    float x = 0, z = 0;
    bool placed = false;
    for (int attempt = 0; attempt < 8 && !placed; ++attempt) {
      x = rng.uniform(x0, x1);
      z = rng.uniform(z0, z1);
      const float dx = x - camera.x, dz = z - camera.z;
      const float reach = clearance_m + 0.75f * std::max(width, depth);
      placed = dx * dx + dz * dz > reach * reach;
    }
    if (!placed) continue;
    if (shape <= 4) {
      add_box(scene, {x, floor_y + 0.5f * height, z}, {0.5f * width, 0.5f * height, 0.5f * depth},
              rng.uniform(-0.8f, 0.8f), material);
      // Sometimes something stands on top (a lamp on a table, a can on a box).
      if (rng.chance(0.3f)) {
        const float r = 0.2f * std::min(width, depth);
        scene->spheres.push_back({{x, floor_y + height + r, z}, r, add_random_material(scene, rng, 0.01f, 0.2f)});
      }
    } else if (shape <= 6) {
      VerticalCylinder cylinder;
      cylinder.center_x = x;
      cylinder.center_z = z;
      cylinder.bottom_y = floor_y;
      cylinder.top_y = floor_y + height;
      cylinder.radius_m = 0.35f * std::min(width, depth);
      cylinder.material = material;
      scene->cylinders.push_back(cylinder);
    } else {
      const float radius = 0.4f * std::min({width, depth, height + 0.1f * size_scale});
      scene->spheres.push_back({{x, floor_y + radius, z}, radius, material});
    }
  }
}

// One camera, as in a deployment: a single lens (kHorizontalFovDeg) on a mount whose height
// per family varies only by +-kMountJitterM. Yaw and pitch stay free; pitch shows in the
// image (horizon, vanishing lines). With the field of view drawn from 55-75 degrees and the
// mount from ranges of +-30 %, no network could tell a near small scene from a far large one.
constexpr float kHorizontalFovDeg = 65.0f;
constexpr float kMountJitterM = 0.04f;

void set_camera(Scene* scene, Pcg32& rng, Vec3 position, float yaw_spread_rad, float pitch_low_rad,
                float pitch_high_rad) {
  scene->camera.position = position;
  scene->camera.position.y += rng.uniform(-kMountJitterM, kMountJitterM);
  scene->camera.yaw_rad = rng.uniform(-yaw_spread_rad, yaw_spread_rad);
  scene->camera.pitch_rad = rng.uniform(pitch_low_rad, pitch_high_rad);
  scene->camera.horizontal_fov_rad = kHorizontalFovDeg * (kPi / 180.0f);
}

// A desk or shelf top seen from above at arm's length: the near mass of the distribution.
void build_close_up(Scene* scene, Pcg32& rng) {
  set_indoor_lighting(scene, rng);
  const float width = rng.uniform(1.8f, 3.5f);
  const float back_wall = rng.uniform(0.8f, 2.0f);
  scene->has_room = true;
  scene->room.min_corner = {-0.5f * width, 0.0f, -0.6f};
  scene->room.max_corner = {0.5f * width, rng.uniform(1.2f, 2.5f), back_wall};
  scene->room.floor_material = add_random_material(scene, rng, 0.02f, 0.3f);
  scene->room.ceiling_material = add_random_material(scene, rng, 0.1f, 0.5f);
  scene->room.wall_material = add_random_material(scene, rng, 0.05f, 0.6f);
  scene->room.end_wall_material = add_random_material(scene, rng, 0.05f, 0.6f);
  set_camera(scene, rng, {rng.uniform(-0.2f, 0.2f), 0.6f, rng.uniform(-0.3f, 0.0f)}, 0.35f,
             -0.7f, -0.25f);
  const int count = rng.uniform_int(3, 9);
  scatter_objects(scene, rng, count, -0.5f * width, 0.5f * width, 0.05f, back_wall, 0.0f, 0.35f, 0.55f, 0.8f);
}

// A furnished room: the middle of the distribution (1-8 m).
void build_room(Scene* scene, Pcg32& rng) {
  set_indoor_lighting(scene, rng);
  const float width = rng.uniform(2.5f, 6.0f);
  const float length = rng.uniform(4.0f, 16.0f);
  const float height = rng.uniform(2.4f, 3.2f);
  scene->has_room = true;
  scene->room.min_corner = {0.0f, 0.0f, 0.0f};
  scene->room.max_corner = {width, height, length};
  scene->room.floor_material = add_random_material(scene, rng, 0.1f, 0.7f);
  scene->room.ceiling_material = add_random_material(scene, rng, 0.2f, 1.0f);
  scene->room.wall_material = add_random_material(scene, rng, 0.1f, 1.2f);
  scene->room.end_wall_material = add_random_material(scene, rng, 0.1f, 1.2f);
  set_camera(scene, rng, {rng.uniform(0.5f, width - 0.5f), 1.3f, rng.uniform(0.2f, 1.2f)}, 0.6f,
             -0.45f, 0.1f);
  const int count = rng.uniform_int(3, 10);
  scatter_objects(scene, rng, count, 0.2f, width - 0.2f, 0.3f, length - 0.2f, 0.0f, 1.1f, 0.7f, 2.2f);
}

// The background ring: far mountains (110-235 m, the long tail of the distribution) in a
// minority of outdoor views, otherwise a tree line or hedge nearer by that closes the view.
void add_background_ring(Scene* scene, Pcg32& rng, bool far_view, float near_radius_low_m, float near_radius_high_m) {
  scene->has_mountains = true;
  MountainRing& ring = scene->mountains;
  ring.center_x = scene->camera.position.x;
  ring.center_z = scene->camera.position.z;
  ring.radius_m = far_view ? rng.uniform(110.0f, 232.0f) : rng.uniform(near_radius_low_m, near_radius_high_m);
  const float height_scale = far_view ? 1.0f : 0.3f;
  ring.base_height_m = height_scale * rng.uniform(4.0f, 25.0f);
  for (int k = 0; k < MountainRing::kHarmonics; ++k) {
    ring.amplitude_m[k] = height_scale * rng.uniform(2.0f, 18.0f) / static_cast<float>(k + 1);
    ring.phase[k] = rng.uniform(0.0f, 2.0f * kPi);
  }
  ring.material = far_view ? add_random_material(scene, rng, 5.0f, 40.0f) : add_random_material(scene, rng, 0.3f, 3.0f);
}

void add_tree(Scene* scene, Pcg32& rng, float x, float z, int trunk_material, int crown_material) {
  VerticalCylinder trunk;
  trunk.center_x = x;
  trunk.center_z = z;
  trunk.top_y = rng.uniform(1.5f, 4.0f);
  trunk.radius_m = rng.uniform(0.1f, 0.35f);
  trunk.material = trunk_material;
  scene->cylinders.push_back(trunk);
  const float crown = rng.uniform(1.0f, 2.8f);
  scene->spheres.push_back({{x, trunk.top_y + 0.7f * crown, z}, crown, crown_material});
}

// A street between rows of buildings: 2-60 m, some mountains and sky through the gaps.
void build_street(Scene* scene, Pcg32& rng) {
  set_outdoor_lighting(scene, rng);
  scene->has_ground = true;
  scene->ground.material = add_random_material(scene, rng, 0.3f, 3.0f);
  set_camera(scene, rng, {0.0f, 1.6f, 0.0f}, 0.35f, -0.2f, 0.05f);
  const float half_street = rng.uniform(3.0f, 8.0f);
  const bool far_view = rng.chance(0.08f);
  for (int side = -1; side <= 1; side += 2) {
    float z = rng.uniform(-10.0f, 0.0f);
    while (z < 140.0f) {
      const float length = rng.uniform(5.0f, 22.0f);
      const float depth = rng.uniform(6.0f, 15.0f);
      const float height = rng.uniform(4.0f, 30.0f);
      const float setback = rng.uniform(0.0f, 3.0f);
      const int material = add_random_material(scene, rng, 0.5f, 4.0f);
      add_box(scene, {side * (half_street + setback + 0.5f * depth), 0.5f * height, z + 0.5f * length},
              {0.5f * depth, 0.5f * height, 0.5f * length}, 0.0f, material);
      z += length + (rng.chance(0.3f) ? rng.uniform(2.0f, 15.0f) : 0.0f);
    }
  }
  if (!far_view) {
    const float z = rng.uniform(12.0f, 30.0f);
    const float height = rng.uniform(5.0f, 30.0f);
    add_box(scene, {rng.uniform(-10.0f, 10.0f), 0.5f * height, z + 6.0f}, {half_street + 25.0f, 0.5f * height, 6.0f},
            0.0f, add_random_material(scene, rng, 0.5f, 4.0f));
  }
  const int trunk_material = add_random_material(scene, rng, 0.05f, 0.3f);
  const int crown_material = add_random_material(scene, rng, 0.2f, 1.0f);
  const int trees = rng.uniform_int(0, 8);
  for (int i = 0; i < trees; ++i) {
    const float side = rng.chance(0.5f) ? -1.0f : 1.0f;
    add_tree(scene, rng, side * (half_street - rng.uniform(0.5f, 2.0f)), rng.uniform(3.0f, 60.0f), trunk_material,
             crown_material);
  }
  const int cars = rng.uniform_int(0, 5);
  for (int i = 0; i < cars; ++i) {
    const float x = rng.uniform(-half_street + 1.2f, half_street - 1.2f);
    const float z = rng.uniform(4.0f, 50.0f);
    add_box(scene, {x, 0.75f, z}, {0.9f, 0.75f, 2.25f}, rng.uniform(-0.15f, 0.15f),
            add_random_material(scene, rng, 0.2f, 1.5f));
  }
  add_background_ring(scene, rng, far_view, 12.0f, 26.0f);
}

// Open ground with trees and sheds, buildings further off: the far tail (up to ~230 m).
void build_open_field(Scene* scene, Pcg32& rng) {
  set_outdoor_lighting(scene, rng);
  scene->has_ground = true;
  scene->ground.material = add_random_material(scene, rng, 0.3f, 3.0f);
  set_camera(scene, rng, {0.0f, 1.6f, 0.0f}, 3.14f, -0.25f, 0.0f);
  const bool far_view = rng.chance(0.08f);
  const int trunk_material = add_random_material(scene, rng, 0.05f, 0.3f);
  const int crown_material = add_random_material(scene, rng, 0.2f, 1.0f);
  const int trees = rng.uniform_int(4, 16);
  for (int i = 0; i < trees; ++i) {
    const float distance = rng.uniform(3.0f, 25.0f);
    const float azimuth = rng.uniform(0.0f, 2.0f * kPi);
    add_tree(scene, rng, distance * std::cos(azimuth), distance * std::sin(azimuth), trunk_material, crown_material);
  }
  const int sheds = rng.uniform_int(1, 7);
  for (int i = 0; i < sheds; ++i) {
    float distance = rng.uniform(6.0f, 28.0f);
    const float azimuth = rng.uniform(0.0f, 2.0f * kPi);
    const float height = rng.uniform(2.5f, 20.0f);
    // The draws below are in the order the training sets were generated with (material,
    // yaw, then the two half sizes), so that only scenes with a shed moved by the clearance
    // rule differ from those sets.
    const int material = add_random_material(scene, rng, 0.3f, 3.0f);
    const float yaw_rad = rng.uniform(-kPi, kPi);
    const float half_x_m = rng.uniform(1.5f, 12.0f);
    const float half_z_m = rng.uniform(1.5f, 12.0f);
    // A 12 m half size can reach past the camera from 6 m away: without this the camera
    // sometimes stood inside a shed or against its wall (whole-image depth of a few
    // millimetres). Slide such a shed outwards, no extra random draws.
    OrientedBox shed = make_box({distance * std::cos(azimuth), 0.5f * height, distance * std::sin(azimuth)},
                                {half_x_m, 0.5f * height, half_z_m}, yaw_rad, material);
    while (footprint_distance_m(shed, 0.0f, 0.0f) < kShedClearanceM) {
      distance += 0.25f;
      shed.center = {distance * std::cos(azimuth), 0.5f * height, distance * std::sin(azimuth)};
    }
    scene->boxes.push_back(shed);
  }
  add_background_ring(scene, rng, far_view, 14.0f, 34.0f);
}

}  // namespace

Scene build_scene(std::uint64_t seed, const SceneMix& mix) {
  Pcg32 rng(seed);
  Scene scene;
  const float total = mix.close_up + mix.room + mix.street + mix.open_field;
  const float pick = rng.uniform01() * total;
  if (pick < mix.close_up) {
    scene.kind = SceneKind::kCloseUp;
    build_close_up(&scene, rng);
  } else if (pick < mix.close_up + mix.room) {
    scene.kind = SceneKind::kRoom;
    build_room(&scene, rng);
  } else if (pick < mix.close_up + mix.room + mix.street) {
    scene.kind = SceneKind::kStreet;
    build_street(&scene, rng);
  } else {
    scene.kind = SceneKind::kOpenField;
    build_open_field(&scene, rng);
  }
  return scene;
}

}  // namespace npusim::data
