// .npy tensors: quant/io/npy (header, dtype, shape, data size) and the depth-map reader on
// top of it (models/data: shape squeezing, integer codes, NaN/negative checks).
#include <exception>
#include <vector>

#include "models/data/depth_dataset.h"
#include "quant/io/npy.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  const std::vector<std::uint8_t> bytes(data, data + size);
  try {
    const io::NpyArray array = io::parse_npy(bytes, "fuzz.npy");
    // What parse accepted must be self-consistent: the converters index bytes by the shape.
    fuzz::check(array.element_count() >= 0, "negative element count");
    fuzz::check(static_cast<std::size_t>(array.element_count()) * io::npy_element_bytes(array.dtype) ==
                    array.bytes.size(),
                "shape and data size disagree");
    fuzz::check(array.to_float().size() == static_cast<std::size_t>(array.element_count()), "to_float size");
    try {
      (void)array.to_int64();
    } catch (const std::exception&) {  // float dtypes: documented to throw
    }
  } catch (const std::exception&) {
  }
  try {
    const std::string path = fuzz::write_scratch_file("depth.npy", data, size);
    for (const auto unit : {data::DepthPngUnit::kKitti256, data::DepthPngUnit::kMillimetre}) {
      const data::DepthMap depth = data::load_depth_map(path, unit);
      fuzz::check(depth.depth_m.size() == static_cast<std::size_t>(depth.height) * depth.width, "depth map size");
    }
  } catch (const std::exception&) {
  }
  return 0;
}
