// Dataset manifests (models/data/depth_dataset: DIR/manifest.json as `npusim scenes` writes
// it), then every listed pair loaded the way eval does. The dataset folder holds one valid
// pair (rgb/a.png, depth/a.png) and a depth .npy so that entries naming them get past
// opening and into the loaders.
#include <exception>
#include <filesystem>
#include <vector>

#include "models/data/depth_dataset.h"
#include "models/data/png_io.h"
#include "quant/io/npy.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// More samples than this would only repeat the same loads.
constexpr std::size_t kMaxSamplesLoaded = 8;

const std::string& dataset_dir() {
  static const std::string dir = [] {
    using namespace npusim;
    const std::string root = fuzz::scratch_dir() + "/dataset";
    std::filesystem::create_directories(root + "/rgb");
    std::filesystem::create_directories(root + "/depth");
    data::RgbImage image{2, 3, std::vector<std::uint8_t>(2 * 3 * 3, 100)};
    data::write_png_rgb8(root + "/rgb/a.png", image);
    data::Gray16Image depth{2, 3, {0, 256, 512, 1000, 2000, 65535}};
    data::write_png_gray16(root + "/depth/a.png", depth);
    io::save_npy(root + "/depth/b.npy", io::make_npy_float32({2, 3}, {0.0f, 1.0f, 2.5f, 3.0f, 10.0f, 80.0f}));
    return root;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  const std::string& root = dataset_dir();
  fuzz::write_scratch_file("dataset/manifest.json", data, size);
  try {
    data::DepthDatasetOptions options;
    options.require_rgb = size % 2 == 0;  // both modes, chosen by the input
    const data::DepthDataset dataset = data::open_depth_dataset(root, options);
    std::size_t loaded = 0;
    for (const data::DepthSample& sample : dataset.samples) {
      if (loaded++ == kMaxSamplesLoaded) break;
      try {
        if (sample.rgb_path.empty()) {
          (void)data::load_depth_map(sample.depth_path, options.png_unit);
        } else {
          const data::DepthPair pair = data::load_depth_pair(sample, options.png_unit);
          fuzz::check(pair.image.height == pair.depth.height && pair.image.width == pair.depth.width,
                      "a pair's image and depth map differ in size");
        }
      } catch (const std::exception&) {
      }
    }
  } catch (const std::exception&) {
  }
  return 0;
}
