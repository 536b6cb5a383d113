#include "models/data/scene_geometry.h"

#include <algorithm>

namespace npusim::data {
namespace {

// Smallest root of a t^2 + b t + c = 0 above t_min (or the larger one when the smaller is
// behind), or -1 when none. Binary32 is enough: scene sizes span 1e-2..1e3 m.
float nearest_root(float a, float b, float c, float t_min) {
  const float discriminant = b * b - 4.0f * a * c;
  if (discriminant < 0.0f) return -1.0f;
  const float root = std::sqrt(discriminant);
  const float inv_2a = 0.5f / a;
  const float t_near = (-b - root) * inv_2a;
  if (t_near > t_min) return t_near;
  const float t_far = (-b + root) * inv_2a;
  return t_far > t_min ? t_far : -1.0f;
}

}  // namespace

bool intersect_room(const Ray& ray, const RoomInterior& room, float t_min, Hit* hit) {
  // From inside, the ray leaves through exactly one face: the smallest exit distance over
  // the three axes (each axis exits through the face its direction points to).
  float t_exit = hit->t;
  int exit_axis = -1;
  bool positive_side = false;
  const float origin[3] = {ray.origin.x, ray.origin.y, ray.origin.z};
  const float direction[3] = {ray.direction.x, ray.direction.y, ray.direction.z};
  const float low[3] = {room.min_corner.x, room.min_corner.y, room.min_corner.z};
  const float high[3] = {room.max_corner.x, room.max_corner.y, room.max_corner.z};
  for (int axis = 0; axis < 3; ++axis) {
    if (direction[axis] == 0.0f) continue;
    const bool towards_high = direction[axis] > 0.0f;
    const float t = ((towards_high ? high[axis] : low[axis]) - origin[axis]) / direction[axis];
    if (t > t_min && t < t_exit) {
      t_exit = t;
      exit_axis = axis;
      positive_side = towards_high;
    }
  }
  if (exit_axis < 0) return false;
  hit->t = t_exit;
  hit->local_point = ray.origin + ray.direction * t_exit;
  const float inward = positive_side ? -1.0f : 1.0f;
  if (exit_axis == 1) {
    hit->normal = {0, inward, 0};
    hit->material = positive_side ? room.ceiling_material : room.floor_material;
  } else if (exit_axis == 0) {
    hit->normal = {inward, 0, 0};
    hit->material = room.wall_material;
  } else {
    hit->normal = {0, 0, inward};
    hit->material = positive_side ? room.end_wall_material : room.wall_material;
  }
  return true;
}

bool intersect_ground(const Ray& ray, const GroundPlane& ground, float t_min, Hit* hit) {
  if (ray.direction.y >= 0.0f) return false;
  const float t = (ground.height_m - ray.origin.y) / ray.direction.y;
  if (t <= t_min || t >= hit->t) return false;
  hit->t = t;
  hit->local_point = ray.origin + ray.direction * t;
  hit->normal = {0, 1, 0};
  hit->material = ground.material;
  return true;
}

Vec3 into_box_frame(const OrientedBox& box, Vec3 v) {
  const float c = box.cos_yaw, s = box.sin_yaw;
  return {c * v.x - s * v.z, v.y, s * v.x + c * v.z};
}

float footprint_distance_m(const OrientedBox& box, float x_m, float z_m) {
  const Vec3 local = into_box_frame(box, {x_m - box.center.x, 0.0f, z_m - box.center.z});
  const float outside_x = std::max(std::fabs(local.x) - box.half_size.x, 0.0f);
  const float outside_z = std::max(std::fabs(local.z) - box.half_size.z, 0.0f);
  return std::sqrt(outside_x * outside_x + outside_z * outside_z);
}

bool intersect_box(const Ray& ray, const OrientedBox& box, float t_min, Hit* hit) {
  // Into the box frame: undo the yaw (local = R(-yaw) * (world - centre)).
  const Vec3 local_origin = into_box_frame(box, ray.origin - box.center);
  const Vec3 local_direction = into_box_frame(box, ray.direction);
  const float c = box.cos_yaw, s = box.sin_yaw;
  const float origin[3] = {local_origin.x, local_origin.y, local_origin.z};
  const float direction[3] = {local_direction.x, local_direction.y, local_direction.z};
  const float half[3] = {box.half_size.x, box.half_size.y, box.half_size.z};
  // Slab test. A zero direction component gives +-inf from the IEEE division, which the
  // min/max below handle, except 0 * inf when the origin lies exactly on a slab plane:
  // measure-zero for random scenes, and it only drops that one ray's hit.
  float t_enter = -1e30f, t_leave = 1e30f;
  int enter_axis = 0;
  float enter_sign = 1.0f;
  for (int axis = 0; axis < 3; ++axis) {
    const float inverse = 1.0f / direction[axis];
    float t0 = (-half[axis] - origin[axis]) * inverse;
    float t1 = (half[axis] - origin[axis]) * inverse;
    float sign = -1.0f;  // entering through the -half face
    if (t0 > t1) {
      std::swap(t0, t1);
      sign = 1.0f;
    }
    if (t0 > t_enter) {
      t_enter = t0;
      enter_axis = axis;
      enter_sign = sign;
    }
    t_leave = std::min(t_leave, t1);
  }
  if (t_enter > t_leave || t_enter <= t_min || t_enter >= hit->t) return false;
  hit->t = t_enter;
  hit->local_point = {origin[0] + direction[0] * t_enter, origin[1] + direction[1] * t_enter,
                      origin[2] + direction[2] * t_enter};
  float local_normal[3] = {0, 0, 0};
  local_normal[enter_axis] = enter_sign;
  // Back to world: R(yaw) * n.
  hit->normal = {c * local_normal[0] + s * local_normal[2], local_normal[1], -s * local_normal[0] + c * local_normal[2]};
  hit->material = box.material;
  return true;
}

bool intersect_sphere(const Ray& ray, const Sphere& sphere, float t_min, Hit* hit) {
  const Vec3 offset = ray.origin - sphere.center;
  const float t = nearest_root(dot(ray.direction, ray.direction), 2.0f * dot(offset, ray.direction),
                               dot(offset, offset) - sphere.radius_m * sphere.radius_m, t_min);
  if (t < 0.0f || t >= hit->t) return false;
  hit->t = t;
  hit->local_point = offset + ray.direction * t;
  hit->normal = hit->local_point * (1.0f / sphere.radius_m);
  hit->material = sphere.material;
  return true;
}

bool intersect_cylinder(const Ray& ray, const VerticalCylinder& cylinder, float t_min, Hit* hit) {
  const float ox = ray.origin.x - cylinder.center_x, oz = ray.origin.z - cylinder.center_z;
  const float dx = ray.direction.x, dz = ray.direction.z;
  const float r2 = cylinder.radius_m * cylinder.radius_m;
  bool found = false;
  // Side wall, only from outside (the camera is never inside a cylinder).
  const float a = dx * dx + dz * dz;
  if (a > 0.0f) {
    const float t = nearest_root(a, 2.0f * (ox * dx + oz * dz), ox * ox + oz * oz - r2, t_min);
    if (t > 0.0f && t < hit->t) {
      const float y = ray.origin.y + ray.direction.y * t;
      if (y >= cylinder.bottom_y && y <= cylinder.top_y) {
        hit->t = t;
        const float hx = ox + dx * t, hz = oz + dz * t;
        hit->local_point = {hx, y, hz};
        hit->normal = {hx / cylinder.radius_m, 0, hz / cylinder.radius_m};
        hit->material = cylinder.material;
        found = true;
      }
    }
  }
  // Caps: the top seen from above, the bottom from below.
  if (ray.direction.y != 0.0f) {
    const bool from_above = ray.direction.y < 0.0f;
    const float cap_y = from_above ? cylinder.top_y : cylinder.bottom_y;
    const float t = (cap_y - ray.origin.y) / ray.direction.y;
    if (t > t_min && t < hit->t) {
      const float hx = ox + dx * t, hz = oz + dz * t;
      if (hx * hx + hz * hz <= r2) {
        hit->t = t;
        hit->local_point = {hx, cap_y, hz};
        hit->normal = {0, from_above ? 1.0f : -1.0f, 0};
        hit->material = cylinder.material;
        found = true;
      }
    }
  }
  return found;
}

bool intersect_mountains(const Ray& ray, const MountainRing& ring, float t_min, Hit* hit) {
  const float ox = ray.origin.x - ring.center_x, oz = ray.origin.z - ring.center_z;
  const float dx = ray.direction.x, dz = ray.direction.z;
  const float a = dx * dx + dz * dz;
  if (a <= 0.0f) return false;
  // From inside the ring the far root is the one in front of the ray.
  const float b = 2.0f * (ox * dx + oz * dz);
  const float c = ox * ox + oz * oz - ring.radius_m * ring.radius_m;
  const float discriminant = b * b - 4.0f * a * c;
  if (discriminant < 0.0f) return false;
  const float t = (-b + std::sqrt(discriminant)) * (0.5f / a);
  if (t <= t_min || t >= hit->t) return false;
  const float hx = ox + dx * t, hz = oz + dz * t;
  const float y = ray.origin.y + ray.direction.y * t;
  const float azimuth = std::atan2(hz, hx);
  float ridge = ring.base_height_m;
  for (int k = 0; k < MountainRing::kHarmonics; ++k) {
    ridge += ring.amplitude_m[k] * std::sin(static_cast<float>(ring.frequency[k]) * azimuth + ring.phase[k]);
  }
  // The ridge never dips below 2 m, so the ground cannot show through beyond the ring.
  if (y > std::max(ridge, 2.0f)) return false;
  hit->t = t;
  hit->local_point = {hx, y, hz};
  // The slope faces the centre, tilted up a little so the sun lights it.
  hit->normal = normalized(Vec3{-hx / ring.radius_m, 0.6f, -hz / ring.radius_m});
  hit->material = ring.material;
  return true;
}

}  // namespace npusim::data
