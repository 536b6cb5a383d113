// Replays fuzz inputs through a harness without libFuzzer: the default (GCC) build links
// every harness with this main so that CTest runs the committed corpus on every build.
//
//   <name>_fuzz_replay PATH...   each PATH a file or a folder (its files, sorted, not recursed)
//
// Prints one line per input, then a count. A crash or abort inside the harness ends the
// process (the test fails); so does finding no input at all, which would otherwise pass
// silently after a corpus folder was moved or mistyped.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_support.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path path(argv[i]);
    if (fs::is_directory(path)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      inputs.insert(inputs.end(), files.begin(), files.end());
    } else if (fs::is_regular_file(path)) {
      inputs.push_back(path);
    } else if (!fs::exists(path)) {
      // Optional folders (regressions/<name>) may not exist yet; a mistyped corpus folder
      // still fails below when nothing at all was found.
      std::printf("skip %s (absent)\n", path.c_str());
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "no fuzz inputs found in the paths given\n");
    return 2;
  }
  for (const fs::path& path : inputs) {
    const std::vector<std::uint8_t> bytes = read_bytes(path);
    std::printf("replay %s (%zu bytes)\n", path.c_str(), bytes.size());
    std::fflush(stdout);  // the last name printed is the input that crashed
    // libFuzzer never passes a null pointer; an empty vector's data() may be one.
    static const std::uint8_t kEmpty = 0;
    LLVMFuzzerTestOneInput(bytes.empty() ? &kEmpty : bytes.data(), bytes.size());
  }
  std::printf("%zu inputs replayed\n", inputs.size());
  return 0;
}
