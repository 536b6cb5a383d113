#include "tests/fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace npusim::fuzz {
namespace fs = std::filesystem;

namespace {

struct ScratchDir {
  std::string path;
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    const fs::path base = tmp != nullptr && *tmp != '\0' ? fs::path(tmp) : fs::path("/tmp");
    // The pid keeps parallel fuzz jobs (-jobs/-workers) and CTest runs apart.
    path = (base / ("npusim-fuzz-" + std::to_string(::getpid()))).string();
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

const std::string& scratch_dir() {
  static const ScratchDir dir;
  return dir.path;
}

std::string write_scratch_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  check(out.good(), "could not write the scratch file");
  return path;
}

void check(bool condition, const char* message) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", message);
    std::abort();
  }
}

}  // namespace npusim::fuzz
