// Geometry of the procedural depth scenes: a small vector type, rays and the primitives the
// generator places (room interiors, ground plane, yaw-rotated boxes, spheres, vertical
// cylinders, a ring of far mountains). Plain structs with free intersection functions: the
// renderer tests a few dozen primitives per ray, so there is no acceleration structure.
//
// Conventions: metres, y up. A camera ray's direction is NOT normalised: its component
// along the camera's optical axis is 1, so the ray parameter t at a hit *is* the z-depth
// that depth datasets store (KITTI, NYU), with no division per pixel.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace npusim::data {

struct Vec3 {
  float x = 0, y = 0, z = 0;
};
inline Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline Vec3 operator*(Vec3 a, float s) { return {a.x * s, a.y * s, a.z * s}; }
inline Vec3 operator*(Vec3 a, Vec3 b) { return {a.x * b.x, a.y * b.y, a.z * b.z}; }
inline float dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
inline Vec3 normalized(Vec3 a) { return a * (1.0f / std::sqrt(dot(a, a))); }

struct Ray {
  Vec3 origin;
  Vec3 direction;  // camera rays: unit length along the optical axis (see above)
};

// What a ray hit: distance parameter, surface normal (unit, facing the ray's side of the
// surface), the point in the primitive's own frame (textures are solid textures evaluated
// there, so a rotated box's stripes turn with it) and the material index.
struct Hit {
  float t = 0;
  Vec3 normal;
  Vec3 local_point;
  int material = -1;
};

// The inside of an axis-aligned box: floor, ceiling and four walls seen from within.
struct RoomInterior {
  Vec3 min_corner, max_corner;
  int floor_material = 0, ceiling_material = 0, wall_material = 0, end_wall_material = 0;
};

// The plane y = height seen from above, unbounded.
struct GroundPlane {
  float height_m = 0;
  int material = 0;
};

// A box rotated by yaw about the vertical axis through its centre.
struct OrientedBox {
  Vec3 center;
  Vec3 half_size;
  float cos_yaw = 1, sin_yaw = 0;
  int material = 0;
};

struct Sphere {
  Vec3 center;
  float radius_m = 1;
  int material = 0;
};

// A vertical, capped cylinder (tree trunks, columns, lamps, cans).
struct VerticalCylinder {
  float center_x = 0, center_z = 0;
  float bottom_y = 0, top_y = 1;
  float radius_m = 1;
  int material = 0;
};

// A ring of mountains at a fixed horizontal distance around a centre: the far background.
// The ridge height at azimuth a is base + sum_k amplitude_k * sin(k a + phase_k), with
// integer k so the ridge closes on itself. Rays above the ridge see the sky (no depth).
struct MountainRing {
  float center_x = 0, center_z = 0;
  float radius_m = 200;
  float base_height_m = 10;
  static constexpr int kHarmonics = 4;
  float amplitude_m[kHarmonics] = {0, 0, 0, 0};
  float phase[kHarmonics] = {0, 0, 0, 0};
  int frequency[kHarmonics] = {2, 5, 11, 23};
  int material = 0;
};

// `v` (a direction, or a point minus box.center) in the box's own frame: R(-yaw) * v.
Vec3 into_box_frame(const OrientedBox& box, Vec3 v);
// Horizontal (x-z) distance from the point (x, z) to the box's footprint; 0 inside it.
float footprint_distance_m(const OrientedBox& box, float x_m, float z_m);

// Each function keeps `hit` unchanged unless it finds an intersection with
// t_min < t < hit->t; it returns whether it did.
bool intersect_room(const Ray& ray, const RoomInterior& room, float t_min, Hit* hit);
bool intersect_ground(const Ray& ray, const GroundPlane& ground, float t_min, Hit* hit);
bool intersect_box(const Ray& ray, const OrientedBox& box, float t_min, Hit* hit);
bool intersect_sphere(const Ray& ray, const Sphere& sphere, float t_min, Hit* hit);
bool intersect_cylinder(const Ray& ray, const VerticalCylinder& cylinder, float t_min, Hit* hit);
bool intersect_mountains(const Ray& ray, const MountainRing& ring, float t_min, Hit* hit);

}  // namespace npusim::data
