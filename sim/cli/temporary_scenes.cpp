#include "sim/cli/temporary_scenes.h"

#include <random>

#include "models/data/scene_generator.h"
#include "quant/io/output_set.h"

namespace npusim::cli {

TemporaryScenes::TemporaryScenes(int count, std::uint64_t seed, int height, int width) {
  std::random_device random;
  folder_ = std::filesystem::temp_directory_path() /
            ("npusim-scenes-" + std::to_string(random()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(folder_);
  try {
    // Scratch data the command reads back at once, not an output: written in place.
    io::ImmediateOutputs scratch;
    data::SceneGeneratorOptions options;
    options.count = count;
    options.seed = seed;
    options.height_px = height;
    options.width_px = width;
    options.out_dir = path();
    data::generate_scene_dataset(options);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
    throw;
  }
}

TemporaryScenes::~TemporaryScenes() {
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace npusim::cli
