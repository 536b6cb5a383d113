// Depth dataset loading (models/data/depth_dataset.h): layouts, units, and the errors for
// missing pairs, wrong bit depths, size mismatches and bad .npy values.
#include "models/data/depth_dataset.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "quant/io/npy.h"

namespace npusim::data {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("npusim_dataset_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "rgb");
  fs::create_directories(dir / "depth");
  return dir;
}

void write_rgb(const fs::path& path, int height, int width) {
  RgbImage image;
  image.height = height;
  image.width = width;
  image.rgb.assign(static_cast<std::size_t>(height) * width * 3, 90);
  write_png_rgb8(path.string(), image);
}

void write_depth(const fs::path& path, int height, int width, std::uint16_t code) {
  Gray16Image image;
  image.height = height;
  image.width = width;
  image.values.assign(static_cast<std::size_t>(height) * width, code);
  write_png_gray16(path.string(), image);
}

template <typename Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(DepthDataset, FoldersPairedByName) {
  const fs::path dir = fresh_dir("pairs");
  write_rgb(dir / "rgb/b.png", 4, 6);
  write_depth(dir / "depth/b.png", 4, 6, 512);
  write_rgb(dir / "rgb/a.png", 4, 6);
  write_depth(dir / "depth/a.png", 4, 6, 1500);
  const DepthDataset dataset = open_depth_dataset(dir.string(), {});
  ASSERT_EQ(dataset.samples.size(), 2u);
  EXPECT_EQ(dataset.samples[0].name, "a");  // sorted by name
  const DepthPair pair = load_depth_pair(dataset.samples[0], DepthPngUnit::kKitti256);
  EXPECT_EQ(pair.image.height, 4);
  EXPECT_FLOAT_EQ(pair.depth.depth_m[0], 1500.0f / 256.0f);  // KITTI: 5.859375 m
  // The same file read as NYU millimetres: 1.5 m.
  EXPECT_FLOAT_EQ(load_depth_map(dataset.samples[0].depth_path, DepthPngUnit::kMillimetre).depth_m[0], 1.5f);

  DepthDatasetOptions first_only;
  first_only.limit = 1;
  EXPECT_EQ(open_depth_dataset(dir.string(), first_only).samples.size(), 1u);
}

TEST(DepthDataset, MissingPairsAreNamed) {
  const fs::path dir = fresh_dir("missing");
  write_rgb(dir / "rgb/a.png", 4, 6);
  write_depth(dir / "depth/a.png", 4, 6, 256);
  write_rgb(dir / "rgb/orphan.png", 4, 6);
  std::string message = error_of([&] { open_depth_dataset(dir.string(), {}); });
  EXPECT_NE(message.find("orphan.png"), std::string::npos) << message;
  EXPECT_NE(message.find("no depth map"), std::string::npos) << message;

  fs::remove(dir / "rgb/orphan.png");
  write_depth(dir / "depth/lonely.png", 4, 6, 256);
  message = error_of([&] { open_depth_dataset(dir.string(), {}); });
  EXPECT_NE(message.find("lonely.png"), std::string::npos) << message;
  // Without the need for images (range-study), depth maps alone are fine.
  DepthDatasetOptions depth_only;
  depth_only.require_rgb = false;
  EXPECT_EQ(open_depth_dataset(dir.string(), depth_only).samples.size(), 2u);

  message = error_of([&] { open_depth_dataset((dir / "nope").string(), {}); });
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
  const fs::path empty = fresh_dir("empty");
  message = error_of([&] { open_depth_dataset(empty.string(), {}); });
  EXPECT_NE(message.find("no .png or .npy"), std::string::npos) << message;
}

TEST(DepthDataset, ManifestEntriesMustExist) {
  const fs::path dir = fresh_dir("manifest");
  write_rgb(dir / "rgb/000000.png", 4, 6);
  write_depth(dir / "depth/000000.png", 4, 6, 256);
  std::ofstream(dir / "manifest.json")
      << R"({"images": [{"rgb": "rgb/000000.png", "depth": "depth/000000.png"},
                        {"rgb": "rgb/000001.png", "depth": "depth/000001.png"}]})";
  const std::string message = error_of([&] { open_depth_dataset(dir.string(), {}); });
  EXPECT_NE(message.find("000001.png"), std::string::npos) << message;
  std::ofstream(dir / "manifest.json") << "{ not json";
  EXPECT_NE(error_of([&] { open_depth_dataset(dir.string(), {}); }).find("not valid JSON"), std::string::npos);
}

TEST(DepthDataset, WrongBitDepthAndSizeMismatch) {
  const fs::path dir = fresh_dir("formats");
  // An 8-bit RGB file where a depth map belongs.
  write_rgb(dir / "rgb/a.png", 4, 6);
  write_rgb(dir / "depth/a.png", 4, 6);
  const DepthDataset dataset = open_depth_dataset(dir.string(), {});
  std::string message = error_of([&] { load_depth_pair(dataset.samples[0], DepthPngUnit::kKitti256); });
  EXPECT_NE(message.find("expected a 16-bit"), std::string::npos) << message;
  EXPECT_NE(message.find("depth/a.png"), std::string::npos) << message;

  write_depth(dir / "depth/a.png", 5, 6, 256);
  message = error_of([&] { load_depth_pair(dataset.samples[0], DepthPngUnit::kKitti256); });
  EXPECT_NE(message.find("size mismatch"), std::string::npos) << message;
  EXPECT_NE(message.find("4x6"), std::string::npos) << message;
  EXPECT_NE(message.find("5x6"), std::string::npos) << message;
}

TEST(DepthDataset, NpyDepthMaps) {
  const fs::path dir = fresh_dir("npy");
  write_rgb(dir / "rgb/a.png", 2, 2);
  io::save_npy((dir / "depth/a.npy").string(), io::make_npy_float32({1, 2, 2}, {1.0f, 2.5f, 0.0f, 40.0f}));
  const DepthDataset dataset = open_depth_dataset(dir.string(), {});
  const DepthPair pair = load_depth_pair(dataset.samples[0], DepthPngUnit::kKitti256);
  EXPECT_EQ(pair.depth.depth_m, (std::vector<float>{1.0f, 2.5f, 0.0f, 40.0f}));

  // Integer .npy codes follow the PNG unit: 1500 -> 1.5 m in millimetres.
  io::save_npy((dir / "depth/a.npy").string(), io::make_npy_int64({2, 2}, {1500, 0, 1000, 2000}));
  EXPECT_FLOAT_EQ(load_depth_map((dir / "depth/a.npy").string(), DepthPngUnit::kMillimetre).depth_m[0], 1.5f);

  const float nan = std::numeric_limits<float>::quiet_NaN();
  io::save_npy((dir / "depth/a.npy").string(), io::make_npy_float32({2, 2}, {1.0f, nan, 1.0f, 1.0f}));
  std::string message = error_of([&] { load_depth_map((dir / "depth/a.npy").string(), DepthPngUnit::kKitti256); });
  EXPECT_NE(message.find("row 0, column 1"), std::string::npos) << message;
  io::save_npy((dir / "depth/a.npy").string(), io::make_npy_float32({2, 2}, {1.0f, 1.0f, -3.0f, 1.0f}));
  message = error_of([&] { load_depth_map((dir / "depth/a.npy").string(), DepthPngUnit::kKitti256); });
  EXPECT_NE(message.find("row 1, column 0"), std::string::npos) << message;
  io::save_npy((dir / "depth/a.npy").string(), io::make_npy_float32({2, 2, 2}, std::vector<float>(8, 1.0f)));
  message = error_of([&] { load_depth_map((dir / "depth/a.npy").string(), DepthPngUnit::kKitti256); });
  EXPECT_NE(message.find("shape"), std::string::npos) << message;
}

}  // namespace
}  // namespace npusim::data
