// One procedural depth scene: camera, lighting, materials and primitives. Built by
// scene_layout.h from a seed, drawn by scene_renderer.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/data/scene_geometry.h"
#include "models/data/scene_texture.h"

namespace npusim::data {

// The layout families. Their mix sets the depth distribution (docs/data.md):
// close-ups give the near mass (median ~1.6 m), rooms the middle, outdoor views the tail.
enum class SceneKind : std::uint8_t { kCloseUp, kRoom, kStreet, kOpenField };
const char* scene_kind_name(SceneKind kind);

// A pinhole camera with square pixels. Yaw turns about the vertical axis, pitch tilts the
// optical axis up (positive) or down. The principal point is the image centre.
struct PinholeCamera {
  Vec3 position;
  float yaw_rad = 0, pitch_rad = 0;
  float horizontal_fov_rad = 1.0f;
  // Derived for an image of width W: focal_px = (W / 2) / tan(fov / 2).
  float focal_px(int width_px) const;
  // The unit vectors of the camera frame in world coordinates.
  Vec3 forward() const;
  Vec3 right() const;
  Vec3 up() const;
};

struct Lighting {
  Vec3 sun_direction{0, 1, 0};  // unit vector towards the sun
  Vec3 sun_color{1, 1, 1};      // irradiance per channel for a surface facing the sun
  Vec3 ambient_color{0.2f, 0.2f, 0.2f};
  Vec3 sky_zenith{0.3f, 0.5f, 0.9f}, sky_horizon{0.7f, 0.8f, 0.95f};
  float fog_visibility_m = 0;    // 0 = no aerial perspective (indoor)
};

struct Scene {
  SceneKind kind = SceneKind::kRoom;
  PinholeCamera camera;
  Lighting lighting;
  std::vector<Material> materials;

  bool has_room = false;
  RoomInterior room;
  bool has_ground = false;
  GroundPlane ground;
  bool has_mountains = false;
  MountainRing mountains;

  // Objects: these, and only these, cast shadows (room walls and the ground do not, so an
  // indoor "sun" acts as a ceiling light that the ceiling does not block).
  std::vector<OrientedBox> boxes;
  std::vector<Sphere> spheres;
  std::vector<VerticalCylinder> cylinders;
};

}  // namespace npusim::data
