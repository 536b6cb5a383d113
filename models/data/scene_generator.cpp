#include "models/data/scene_generator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "models/data/depth_encoding.h"
#include "models/data/scene_random.h"
#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"

namespace npusim::data {
namespace {

constexpr float kRadToDeg = 57.2957795f;

std::string image_file_name(int index) {
  char name[32];
  std::snprintf(name, sizeof(name), "%06d.png", index);
  return name;
}

void validate(const SceneGeneratorOptions& options) {
  if (options.count < 1) throw std::invalid_argument("count must be >= 1 (got " + std::to_string(options.count) + ")");
  if (options.count > 999999) throw std::invalid_argument("count must be <= 999999 (six-digit file names)");
  const auto check_side = [](int value, const char* name) {
    if (value < 8 || value > 4096) {
      throw std::invalid_argument(std::string(name) + " must lie in 8..4096 pixels (got " + std::to_string(value) + ")");
    }
  };
  check_side(options.height_px, "height");
  check_side(options.width_px, "width");
  if (options.out_dir.empty()) throw std::invalid_argument("output directory is empty");
}

nlohmann::json statistics_json(const DepthStatistics& stats) {
  return {{"valid_pixels", stats.count}, {"min_m", stats.min_m},       {"p05_m", stats.p05_m},
          {"p25_m", stats.p25_m},        {"median_m", stats.median_m}, {"mean_m", stats.mean_m},
          {"std_m", stats.std_m},        {"p75_m", stats.p75_m},       {"p90_m", stats.p90_m},
          {"p95_m", stats.p95_m},        {"p99_m", stats.p99_m},       {"p99_9_m", stats.p999_m},
          {"max_m", stats.max_m}};
}

nlohmann::json camera_json(const PinholeCamera& camera, int height_px, int width_px) {
  const float focal = camera.focal_px(width_px);
  return {{"fx_px", focal},
          {"fy_px", focal},
          {"cx_px", 0.5 * width_px},
          {"cy_px", 0.5 * height_px},
          {"horizontal_fov_deg", camera.horizontal_fov_rad * kRadToDeg},
          {"height_m", camera.position.y},
          {"pitch_deg", camera.pitch_rad * kRadToDeg},
          {"yaw_deg", camera.yaw_rad * kRadToDeg}};
}

}  // namespace

GeneratedScene generate_scene(std::uint64_t run_seed, int index, int height_px, int width_px, const SceneMix& mix) {
  GeneratedScene out;
  out.scene_seed = image_seed(run_seed, static_cast<std::uint64_t>(index));
  out.scene = build_scene(out.scene_seed, mix);
  out.render = render_scene(out.scene, height_px, width_px);
  out.depth_codes.height = height_px;
  out.depth_codes.width = width_px;
  out.depth_codes.values.resize(out.render.depth_m.size());
  std::transform(out.render.depth_m.begin(), out.render.depth_m.end(), out.depth_codes.values.begin(),
                 encode_depth_kitti);
  return out;
}

SceneGeneratorSummary generate_scene_dataset(const SceneGeneratorOptions& options) {
  validate(options);
  const auto start = std::chrono::steady_clock::now();
  namespace fs = std::filesystem;
  const fs::path root(options.out_dir);
  // Staged with the command's other outputs: a run stopped part-way leaves no folder.
  for (const fs::path& dir : {root, root / "rgb", root / "depth"}) io::create_output_directories(dir.string());

  nlohmann::json images = nlohmann::json::array();
  // Pooled statistics in constant memory: a count per 16-bit code, not every pixel.
  DepthCodeHistogram pooled_codes;
  SceneGeneratorSummary summary;
  std::vector<float> image_depths;
  for (int index = 0; index < options.count; ++index) {
    const GeneratedScene generated = generate_scene(options.seed, index, options.height_px, options.width_px, options.mix);
    const std::string name = image_file_name(index);
    write_png_rgb8((root / "rgb" / name).string(), generated.render.image);
    write_png_gray16((root / "depth" / name).string(), generated.depth_codes);

    // Statistics of what the file holds (decoded codes), not of the float render.
    image_depths.clear();
    for (std::uint16_t code : generated.depth_codes.values) {
      pooled_codes.add(code);
      if (code == 0) {
        ++summary.invalid_pixels;
      } else {
        image_depths.push_back(decode_depth_code(code, DepthPngUnit::kKitti256));
      }
    }
    const DepthStatistics image_stats = compute_depth_statistics(image_depths);
    const double valid_fraction = static_cast<double>(image_stats.count) / generated.depth_codes.values.size();
    images.push_back({{"index", index},
                      {"rgb", "rgb/" + name},
                      {"depth", "depth/" + name},
                      {"scene_seed", generated.scene_seed},
                      {"kind", scene_kind_name(generated.scene.kind)},
                      {"camera", camera_json(generated.scene.camera, options.height_px, options.width_px)},
                      {"depth_stats",
                       {{"valid_fraction", valid_fraction},
                        {"min_m", image_stats.min_m},
                        {"median_m", image_stats.median_m},
                        {"mean_m", image_stats.mean_m},
                        {"max_m", image_stats.max_m}}}});
    ++summary.images_written;
  }
  summary.pooled = pooled_codes.statistics(DepthPngUnit::kKitti256);

  const nlohmann::json manifest = {
      {"format", "npusim-depth-scenes"},
      {"format_version", 1},
      {"generator", "npusim scenes"},
      {"seed", options.seed},
      {"count", options.count},
      {"height_px", options.height_px},
      {"width_px", options.width_px},
      {"rgb_png", "8-bit RGB"},
      {"depth_png", {{"bits", 16}, {"depth_m", "value / 256"}, {"invalid_value", 0}, {"depth_kind", "z-depth along the optical axis"}}},
      {"mix",
       {{"close_up", options.mix.close_up},
        {"room", options.mix.room},
        {"street", options.mix.street},
        {"open_field", options.mix.open_field}}},
      {"invalid_pixels", summary.invalid_pixels},
      {"depth_stats", statistics_json(summary.pooled)},
      {"images", images}};
  io::AtomicOutputFile file((root / "manifest.json").string());
  file.stream() << manifest.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  file.commit();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace npusim::data
