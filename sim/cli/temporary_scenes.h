// Fresh synthetic depth scenes in a temporary folder that is removed with everything in it
// when the object goes: the default data of commands run without --data (compare, simulate).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace npusim::cli {

class TemporaryScenes {
 public:
  TemporaryScenes(int count, std::uint64_t seed, int height = 128, int width = 160);
  ~TemporaryScenes();
  TemporaryScenes(const TemporaryScenes&) = delete;
  TemporaryScenes& operator=(const TemporaryScenes&) = delete;
  std::string path() const { return (folder_ / "scenes").string(); }

 private:
  std::filesystem::path folder_;
};

}  // namespace npusim::cli
