#include "models/data/scene.h"

#include <cmath>

namespace npusim::data {

const char* scene_kind_name(SceneKind kind) {
  switch (kind) {
    case SceneKind::kCloseUp: return "close_up";
    case SceneKind::kRoom: return "room";
    case SceneKind::kStreet: return "street";
    case SceneKind::kOpenField: return "open_field";
  }
  return "unknown";
}

float PinholeCamera::focal_px(int width_px) const {
  return 0.5f * static_cast<float>(width_px) / std::tan(0.5f * horizontal_fov_rad);
}

Vec3 PinholeCamera::forward() const {
  return {std::sin(yaw_rad) * std::cos(pitch_rad), std::sin(pitch_rad), std::cos(yaw_rad) * std::cos(pitch_rad)};
}

Vec3 PinholeCamera::right() const { return {std::cos(yaw_rad), 0.0f, -std::sin(yaw_rad)}; }

// up = forward x right, orthonormal to both by construction.
Vec3 PinholeCamera::up() const {
  const Vec3 f = forward(), r = right();
  return {f.y * r.z - f.z * r.y, f.z * r.x - f.x * r.z, f.x * r.y - f.y * r.x};
}

}  // namespace npusim::data
