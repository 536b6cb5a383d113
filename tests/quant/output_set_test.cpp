// quant/io/output_set.h: a command's files and folders appear together at commit, or none do.
#include "quant/io/output_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "quant/io/atomic_output_file.h"

namespace npusim::io {
namespace {

namespace fs = std::filesystem;

class OutputSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("npusim_output_set_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static void write(const std::string& file, const std::string& text) {
    AtomicOutputFile out(file);
    out.stream() << text;
    out.commit();
  }
  static std::string read(const std::string& file) {
    std::ifstream in(file);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  int entries() const { return static_cast<int>(std::distance(fs::directory_iterator(dir_), {})); }

  fs::path dir_;
};

TEST_F(OutputSetTest, FilesAppearOnlyAtCommit) {
  OutputSetScope scope;
  write(path("a.txt"), "A");
  write(path("b.txt"), "B");
  EXPECT_FALSE(fs::exists(path("a.txt")));  // committed to the set, not yet in place
  scope.commit();
  EXPECT_EQ(read(path("a.txt")), "A");
  EXPECT_EQ(read(path("b.txt")), "B");
  EXPECT_EQ(entries(), 2);  // no temporaries left
}

TEST_F(OutputSetTest, WithoutCommitThePreviousStateStays) {
  write(path("a.txt"), "old");  // no scope: in place at once
  {
    OutputSetScope scope;
    write(path("a.txt"), "new");
    write(path("b.txt"), "B");
    create_output_directories(path("dump/inner"));
    write(path("dump/inner/x.npy"), "X");
  }
  EXPECT_EQ(read(path("a.txt")), "old");
  EXPECT_EQ(entries(), 1);
}

TEST_F(OutputSetTest, NewFolderIsBuiltAsideAndRenamedWhole) {
  OutputSetScope scope;
  create_output_directories(path("set/rgb"));
  write(path("set/rgb/0.png"), "P");
  write(path("set/manifest.json"), "M");
  EXPECT_FALSE(fs::exists(path("set")));
  scope.commit();
  EXPECT_EQ(read(path("set/rgb/0.png")), "P");
  EXPECT_EQ(read(path("set/manifest.json")), "M");
  EXPECT_EQ(entries(), 1);
}

TEST_F(OutputSetTest, FolderWhereAFileGoesFailsAtOpen) {
  fs::create_directories(path("blocked.csv"));
  OutputSetScope scope;
  write(path("first.csv"), "1");
  EXPECT_THROW(write(path("blocked.csv"), "2"), std::runtime_error);
}

TEST_F(OutputSetTest, ImmediateOutputsAreInPlaceAtOnce) {
  OutputSetScope scope;
  {
    ImmediateOutputs scratch;
    create_output_directories(path("scratch"));
    write(path("scratch/s.txt"), "S");
  }
  EXPECT_EQ(read(path("scratch/s.txt")), "S");
  AtomicOutputFile resumable(path("r.json"), false, CommitMode::kImmediately);
  resumable.stream() << "R";
  resumable.commit();
  EXPECT_EQ(read(path("r.json")), "R");
}

TEST_F(OutputSetTest, AFileWhereAFolderMustBeIsNamed) {
  write(path("file"), "F");
  OutputSetScope scope;
  try {
    create_output_directories(path("file/sub"));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("file/sub"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace npusim::io
