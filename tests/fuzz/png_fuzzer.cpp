// PNG images through libpng (models/data/png_io): 8-bit RGB images (gray and palette
// expanded, alpha dropped) and 16-bit depth maps, plus the depth-map reader on top.
#include <exception>

#include "models/data/depth_dataset.h"
#include "models/data/png_io.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  const std::string path = fuzz::write_scratch_file("image.png", data, size);
  try {
    const data::RgbImage image = data::read_png_rgb8(path);
    fuzz::check(image.rgb.size() == static_cast<std::size_t>(image.height) * image.width * 3, "rgb size");
  } catch (const std::exception&) {
  }
  try {
    const data::Gray16Image image = data::read_png_gray16(path);
    fuzz::check(image.values.size() == static_cast<std::size_t>(image.height) * image.width, "gray16 size");
  } catch (const std::exception&) {
  }
  try {
    const data::DepthMap depth = data::load_depth_map(path, data::DepthPngUnit::kKitti256);
    fuzz::check(depth.depth_m.size() == static_cast<std::size_t>(depth.height) * depth.width, "depth map size");
  } catch (const std::exception&) {
  }
  return 0;
}
