// A PNG's header declares its size; the pixels (and the float tensor made from them) must fit
// the memory budget before anything is decoded, and odd paths are named like every input file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "models/data/png_io.h"
#include "quant/io/memory_budget.h"

namespace npusim::data {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

TEST(PngBudgetTest, ImageOverTheBudgetIsRefusedNamingFileAndSize) {
  const fs::path path = fs::temp_directory_path() / ("png_budget_" + std::to_string(getpid()) + ".png");
  RgbImage image;
  image.height = 100;
  image.width = 120;
  image.rgb.assign(100 * 120 * 3, 7);
  write_png_rgb8(path.string(), image);
  // 36000 bytes of pixels: refused when they exceed a quarter of the budget (pixels + floats).
  io::set_memory_budget_bytes(64 * 1024);
  const std::string message = error_of([&] { read_png_rgb8(path.string()); });
  io::set_memory_budget_bytes(0);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("100x120"), std::string::npos) << message;
  EXPECT_NE(message.find("--max-memory"), std::string::npos) << message;
  EXPECT_EQ(read_png_rgb8(path.string()).rgb.size(), 36000u);  // the default budget reads it
  fs::remove(path);
}

TEST(PngBudgetTest, FifoAndFolderAreNamed) {
  const fs::path dir = fs::temp_directory_path() / ("png_paths_" + std::to_string(getpid()));
  fs::create_directories(dir / "folder.png");
  ASSERT_EQ(mkfifo((dir / "fifo.png").c_str(), 0600), 0);
  EXPECT_NE(error_of([&] { read_png_rgb8((dir / "fifo.png").string()); }).find("fifo.png: not a regular file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_png_rgb8((dir / "folder.png").string()); }).find("folder.png: is a directory"),
            std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace npusim::data
