#include "quant/io/input_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "quant/io/memory_budget.h"

namespace npusim::io {

std::uint64_t check_input_file(const std::string& path, const std::string& what, std::uint64_t max_bytes) {
  if (path.empty()) throw std::runtime_error("an empty path was given for the " + what + " file");
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw std::runtime_error(path + ": no such " + what + " file");
    throw std::runtime_error(path + ": cannot read the " + what + " file (" + std::strerror(errno) + ")");
  }
  if (S_ISDIR(info.st_mode)) throw std::runtime_error(path + ": is a directory, expected a " + what + " file");
  if (!S_ISREG(info.st_mode)) {
    throw std::runtime_error(path + ": not a regular file (a FIFO, device or socket), expected a " + what + " file");
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (max_bytes != 0 && size > max_bytes) {
    throw std::runtime_error(path + ": " + what + " file is " + format_mebibytes(size) + ", larger than the " +
                             format_mebibytes(max_bytes) + " this loader accepts");
  }
  return size;
}

std::vector<std::uint8_t> read_input_file(const std::string& path, const std::string& what, std::uint64_t max_bytes) {
  const std::uint64_t size = check_input_file(path, what, max_bytes);
  reserve_memory(size, "reading the " + what + " file", path);
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw std::runtime_error(path + ": cannot open the " + what + " file");
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<std::uint64_t>(stream.gcount()) != size) {
    throw std::runtime_error(path + ": the " + what + " file changed or could not be read completely");
  }
  return bytes;
}

std::string read_input_text(const std::string& path, const std::string& what, std::uint64_t max_bytes) {
  const std::vector<std::uint8_t> bytes = read_input_file(path, what, max_bytes);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace npusim::io
