// One check for every file a loader reads (ONNX model, .npy, PNG, manifest, QuantPlan JSON,
// requant CSV ...), so each kind of bad path gets the same clear message naming it:
//   "<path>: no such <what> file"
//   "<path>: is a directory, expected a <what> file"
//   "<path>: not a regular file (a FIFO, device or socket), expected a <what> file"
//   "<path>: <what> file is 3.1 GiB, larger than the 2048 MiB this loader accepts"
// A FIFO or /dev/zero would otherwise block or never end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npusim::io {

// Throws std::runtime_error unless `path` names a readable regular file of at most
// `max_bytes` bytes (0: no size limit). Returns its size.
std::uint64_t check_input_file(const std::string& path, const std::string& what, std::uint64_t max_bytes = 0);

// check_input_file, then the whole content (the size also goes through the memory budget).
std::vector<std::uint8_t> read_input_file(const std::string& path, const std::string& what,
                                          std::uint64_t max_bytes = 0);
std::string read_input_text(const std::string& path, const std::string& what, std::uint64_t max_bytes = 0);

}  // namespace npusim::io
