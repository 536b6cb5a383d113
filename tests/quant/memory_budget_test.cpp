// The process-wide memory budget (--max-memory) and the input-file checks every loader uses.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "quant/io/input_file.h"
#include "quant/io/memory_budget.h"
#include "quant/io/npy.h"

namespace npusim::io {
namespace {

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

// Restores the default budget when a test ends, whatever it set.
struct BudgetGuard {
  ~BudgetGuard() { set_memory_budget_bytes(0); }
};

TEST(MemoryBudgetTest, ParsesSizesWithBinarySuffixes) {
  std::uint64_t bytes = 0;
  ASSERT_TRUE(parse_memory_size("512M", &bytes));
  EXPECT_EQ(bytes, 512ull << 20);
  ASSERT_TRUE(parse_memory_size("4G", &bytes));
  EXPECT_EQ(bytes, 4ull << 30);
  ASSERT_TRUE(parse_memory_size("1.5KiB", &bytes));
  EXPECT_EQ(bytes, 1536u);
  ASSERT_TRUE(parse_memory_size("2tb", &bytes));
  EXPECT_EQ(bytes, 2ull << 40);
  ASSERT_TRUE(parse_memory_size("1048576", &bytes));
  EXPECT_EQ(bytes, 1048576u);
}

TEST(MemoryBudgetTest, RefusesZeroNegativeAndGarbage) {
  std::uint64_t bytes = 7;
  for (const char* text : {"0", "0M", "-1", "-5G", "", "M", "lots", "4Q", "1.2.3G", "4 G", "0.5", "99999999999T"}) {
    EXPECT_FALSE(parse_memory_size(text, &bytes)) << text;
  }
  EXPECT_EQ(bytes, 7u);  // untouched
}

TEST(MemoryBudgetTest, DefaultIsHalfOfPhysicalMemoryAtMost) {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  const std::uint64_t half = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 2;
  EXPECT_LE(default_memory_budget_bytes(), half);
  EXPECT_GT(default_memory_budget_bytes(), 0u);
}

TEST(MemoryBudgetTest, RequestOverBudgetNamesSizePlaceAndOption) {
  BudgetGuard guard;
  set_memory_budget_bytes(1ull << 20);
  EXPECT_NO_THROW(reserve_memory(1ull << 20, "a tensor", "m.onnx"));  // exactly the budget fits
  const std::string message = error_of([] { reserve_elements(1024 * 1024, 4, "a float32 tensor", "m.onnx: Conv 'c'"); });
  EXPECT_NE(message.find("m.onnx: Conv 'c'"), std::string::npos) << message;
  EXPECT_NE(message.find("4.0 MiB"), std::string::npos) << message;
  EXPECT_NE(message.find("1.0 MiB"), std::string::npos) << message;
  EXPECT_NE(message.find("--max-memory"), std::string::npos) << message;
  // An element count whose byte size overflows 64 bits is refused, not wrapped to a small size.
  EXPECT_NE(error_of([] { reserve_elements(1ull << 62, 8, "x", "y"); }).find("more than the memory budget"),
            std::string::npos);
}

TEST(MemoryBudgetTest, NpyArrayOverBudgetIsRefusedBeforeCopying) {
  BudgetGuard guard;
  const NpyArray array = make_npy_float32({256, 256}, std::vector<float>(256 * 256, 1.0f));  // 256 KiB
  const std::string path = (std::filesystem::temp_directory_path() / ("budget_" + std::to_string(getpid()) + ".npy"));
  save_npy(path, array);
  set_memory_budget_bytes(64 * 1024);
  const std::string message = error_of([&] { load_npy(path); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("memory budget"), std::string::npos) << message;
  set_memory_budget_bytes(0);
  EXPECT_EQ(load_npy(path).shape, (std::vector<std::int64_t>{256, 256}));
  std::filesystem::remove(path);
}

TEST(NpyShapeTest, ZeroDimensionDoesNotHideAnAbsurdShape) {
  // (0, 3, 2^30, 2^30) holds no data, but the other dimensions overflow any stride.
  const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3, 1073741824, 1073741824), }";
  std::vector<std::uint8_t> bytes = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  std::string padded = header;
  while ((10 + padded.size() + 1) % 64 != 0) padded += ' ';
  padded += '\n';
  bytes.push_back(static_cast<std::uint8_t>(padded.size() & 0xff));
  bytes.push_back(static_cast<std::uint8_t>(padded.size() >> 8));
  bytes.insert(bytes.end(), padded.begin(), padded.end());
  const std::string message = error_of([&] { parse_npy(bytes, "zero.npy"); });
  EXPECT_NE(message.find("zero.npy"), std::string::npos) << message;
  EXPECT_NE(message.find("absurd shape"), std::string::npos) << message;
}

class InputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("input_file_test_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(InputFileTest, EachKindOfBadPathHasItsOwnMessage) {
  const std::string missing = (dir_ / "none.onnx").string();
  EXPECT_EQ(error_of([&] { check_input_file(missing, "model"); }), missing + ": no such model file");
  const std::string folder = (dir_ / "folder.onnx").string();
  std::filesystem::create_directories(folder);
  EXPECT_EQ(error_of([&] { check_input_file(folder, "model"); }), folder + ": is a directory, expected a model file");
  const std::string fifo = (dir_ / "fifo.onnx").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(error_of([&] { check_input_file(fifo, "model"); }).find(fifo + ": not a regular file"), std::string::npos);
  EXPECT_NE(error_of([] { check_input_file("/dev/zero", ".npy"); }).find("/dev/zero: not a regular file"),
            std::string::npos);
}

TEST_F(InputFileTest, SizeLimitAndContent) {
  const std::string path = (dir_ / "plan.json").string();
  std::ofstream(path) << "0123456789";
  EXPECT_EQ(check_input_file(path, "plan"), 10u);
  EXPECT_EQ(read_input_text(path, "plan"), "0123456789");
  const std::string message = error_of([&] { read_input_file(path, "plan", 4); });
  EXPECT_NE(message.find(path + ": plan file is"), std::string::npos) << message;
  EXPECT_NE(message.find("larger than"), std::string::npos) << message;
}

}  // namespace
}  // namespace npusim::io
