// manifest.json paths stay inside the dataset folder, like an ONNX model's external data.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "models/data/depth_dataset.h"

namespace npusim::data {
namespace {

namespace fs = std::filesystem;

class ManifestConfinementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("manifest_confinement_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes manifest.json with one entry and returns the error opening the dataset ("" if none).
  std::string open_with(const std::string& rgb, const std::string& depth) {
    std::ofstream(dir_ / "manifest.json") << "{\"images\": [{\"rgb\": \"" << rgb << "\", \"depth\": \"" << depth
                                          << "\"}]}";
    try {
      open_depth_dataset(dir_.string(), {});
    } catch (const std::exception& error) {
      return error.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(ManifestConfinementTest, RelativePathsInsideTheFolderAreAccepted) {
  fs::create_directories(dir_ / "depth");
  fs::create_directories(dir_ / "rgb");
  std::ofstream(dir_ / "depth" / "a.png") << "x";
  std::ofstream(dir_ / "rgb" / "a.png") << "x";
  EXPECT_EQ(open_with("rgb/a.png", "depth/a.png"), "");
  EXPECT_EQ(open_with("rgb/a.png", "./depth/a.png"), "");
}

TEST_F(ManifestConfinementTest, EscapingAbsoluteEmptyAndNulPathsAreRefused) {
  std::string message = open_with("../outside.png", "depth/a.png");
  EXPECT_NE(message.find("'../outside.png' leaves the dataset folder"), std::string::npos) << message;
  EXPECT_NE(message.find("images[0] 'rgb'"), std::string::npos) << message;
  message = open_with("rgb/a.png", "depth/../../x.png");
  EXPECT_NE(message.find("leaves the dataset folder"), std::string::npos) << message;
  message = open_with("/etc/passwd", "depth/a.png");
  EXPECT_NE(message.find("'/etc/passwd' is absolute"), std::string::npos) << message;
  message = open_with("", "depth/a.png");
  EXPECT_NE(message.find("empty path"), std::string::npos) << message;
  // JSON "\u0000": a NUL inside the name would otherwise cut the path silently.
  message = open_with("rgb/a.png\\u0000.txt", "depth/a.png");
  EXPECT_NE(message.find("NUL byte"), std::string::npos) << message;
}

TEST_F(ManifestConfinementTest, InvalidJsonIsReportedWithoutTheLibraryText) {
  std::ofstream(dir_ / "manifest.json") << "{ images: [";
  try {
    open_depth_dataset(dir_.string(), {});
    FAIL() << "accepted";
  } catch (const std::exception& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("manifest.json' is not valid JSON"), std::string::npos) << message;
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace npusim::data
