#include "models/data/scene_renderer.h"

#include <algorithm>
#include <cmath>

namespace npusim::data {
namespace {

constexpr float kNoHit = 1e30f;

// Nearest hit over every primitive; hit.t stays kNoHit when the ray escapes to the sky.
Hit trace_nearest(const Scene& scene, const Ray& ray) {
  Hit hit;
  hit.t = kNoHit;
  if (scene.has_room) intersect_room(ray, scene.room, 0.0f, &hit);
  if (scene.has_ground) intersect_ground(ray, scene.ground, 0.0f, &hit);
  for (const auto& box : scene.boxes) intersect_box(ray, box, 0.0f, &hit);
  for (const auto& sphere : scene.spheres) intersect_sphere(ray, sphere, 0.0f, &hit);
  for (const auto& cylinder : scene.cylinders) intersect_cylinder(ray, cylinder, 0.0f, &hit);
  if (scene.has_mountains) intersect_mountains(ray, scene.mountains, 0.0f, &hit);
  return hit;
}

// Whether any shadow-casting object blocks the way to the sun (stops at the first one).
bool sun_blocked(const Scene& scene, const Ray& ray) {
  Hit hit;
  hit.t = kNoHit;
  for (const auto& box : scene.boxes) {
    if (intersect_box(ray, box, 0.0f, &hit)) return true;
  }
  for (const auto& sphere : scene.spheres) {
    if (intersect_sphere(ray, sphere, 0.0f, &hit)) return true;
  }
  for (const auto& cylinder : scene.cylinders) {
    if (intersect_cylinder(ray, cylinder, 0.0f, &hit)) return true;
  }
  return false;
}

Vec3 sky_color(const Lighting& lighting, Vec3 direction) {
  const float elevation = std::max(0.0f, direction.y / std::sqrt(dot(direction, direction)));
  return lighting.sky_horizon + (lighting.sky_zenith - lighting.sky_horizon) * std::sqrt(elevation);
}

// Linear 0..1 to an 8-bit code with a gamma of 2 (sqrt: close to sRGB, much cheaper than
// pow), clamped, rounded half up.
std::uint8_t to_8bit(float linear) {
  const float encoded = std::sqrt(std::clamp(linear, 0.0f, 1.0f));
  return static_cast<std::uint8_t>(encoded * 255.0f + 0.5f);
}

}  // namespace

RenderedScene render_scene(const Scene& scene, int height_px, int width_px) {
  RenderedScene out;
  out.image.height = height_px;
  out.image.width = width_px;
  out.image.rgb.assign(static_cast<std::size_t>(height_px) * width_px * 3, 0);
  out.depth_m.assign(static_cast<std::size_t>(height_px) * width_px, 0.0f);

  const PinholeCamera& camera = scene.camera;
  const float inverse_focal = 1.0f / camera.focal_px(width_px);
  const float cx = 0.5f * static_cast<float>(width_px), cy = 0.5f * static_cast<float>(height_px);
  const Vec3 forward = camera.forward(), right = camera.right(), up = camera.up();
  const Lighting& light = scene.lighting;

  for (int y = 0; y < height_px; ++y) {
    const float down = (static_cast<float>(y) + 0.5f - cy) * inverse_focal;
    for (int x = 0; x < width_px; ++x) {
      const float across = (static_cast<float>(x) + 0.5f - cx) * inverse_focal;
      // Unit component along `forward`, so t is the z-depth (scene_geometry.h).
      const Ray ray{camera.position, forward + right * across - up * down};
      const Hit hit = trace_nearest(scene, ray);
      const std::size_t pixel = static_cast<std::size_t>(y) * width_px + x;
      Vec3 color;
      if (hit.t == kNoHit) {
        color = sky_color(light, ray.direction);
      } else {
        out.depth_m[pixel] = hit.t;
        const Material& material = scene.materials[static_cast<std::size_t>(hit.material)];
        Vec3 normal = hit.normal;
        if (dot(normal, ray.direction) > 0.0f) normal = normal * -1.0f;
        const Vec3 albedo = texture_albedo(material, hit.local_point);
        float sun = dot(normal, light.sun_direction);
        if (sun > 0.0f) {
          // Start the shadow ray off the surface by an offset growing with distance, to
          // stay clear of binary32 self-intersection at 200 m.
          const Vec3 point = ray.origin + ray.direction * hit.t;
          const Ray shadow{point + normal * (1e-3f + 1e-4f * hit.t), light.sun_direction};
          if (sun_blocked(scene, shadow)) sun = 0.0f;
        } else {
          sun = 0.0f;
        }
        color = albedo * (light.ambient_color + light.sun_color * sun);
        if (light.fog_visibility_m > 0.0f) {
          const float transmittance = std::exp(-hit.t / light.fog_visibility_m);
          color = color * transmittance + light.sky_horizon * (1.0f - transmittance);
        }
      }
      std::uint8_t* rgb = &out.image.rgb[pixel * 3];
      rgb[0] = to_8bit(color.x);
      rgb[1] = to_8bit(color.y);
      rgb[2] = to_8bit(color.z);
    }
  }
  return out;
}

}  // namespace npusim::data
