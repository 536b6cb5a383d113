// `npusim scenes`: writes a synthetic depth dataset
//   DIR/rgb/NNNNNN.png    8-bit RGB
//   DIR/depth/NNNNNN.png  16-bit gray, depth_m = value / 256, 0 = invalid (sky, > 255.99 m)
//   DIR/manifest.json     seed, size, per-image camera and depth statistics, pooled statistics
// Image i depends only on (seed, i, size): its scene seed is splitmix64(seed, i).
#pragma once

#include <cstdint>
#include <string>

#include "models/data/depth_statistics.h"
#include "models/data/scene.h"
#include "models/data/scene_layout.h"
#include "models/data/scene_renderer.h"

namespace npusim::data {

struct SceneGeneratorOptions {
  int count = 0;        // >= 1
  std::uint64_t seed = 0;
  int height_px = 128;  // 8..4096
  int width_px = 160;   // 8..4096
  std::string out_dir;
  SceneMix mix;
};

// One image of a run, in memory: the scene, its render and the 16-bit depth codes.
struct GeneratedScene {
  std::uint64_t scene_seed = 0;
  Scene scene;
  RenderedScene render;
  Gray16Image depth_codes;
};
GeneratedScene generate_scene(std::uint64_t run_seed, int index, int height_px, int width_px,
                              const SceneMix& mix = SceneMix{});

struct SceneGeneratorSummary {
  int images_written = 0;
  double seconds = 0;
  DepthStatistics pooled;  // over every valid pixel of every image, as decoded from the PNGs
  std::uint64_t invalid_pixels = 0;
};

// Throws std::invalid_argument for bad options (naming the field) and std::runtime_error
// for I/O failures. Every file is written atomically; the manifest is written last, so a
// directory with a manifest is complete.
SceneGeneratorSummary generate_scene_dataset(const SceneGeneratorOptions& options);

}  // namespace npusim::data
