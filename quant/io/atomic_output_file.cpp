#include "quant/io/atomic_output_file.h"

#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace npusim::io {

AtomicOutputFile::AtomicOutputFile(std::string final_path, bool binary)
    : final_path_(std::move(final_path)),
      temp_path_(final_path_ + ".partial." + std::to_string(::getpid())) {
  stream_.open(temp_path_, binary ? std::ios::out | std::ios::binary | std::ios::trunc
                                  : std::ios::out | std::ios::trunc);
  if (!stream_) {
    throw std::runtime_error("cannot open output file '" + final_path_ + "' for writing");
  }
}

AtomicOutputFile::~AtomicOutputFile() {
  if (!committed_) {
    stream_.close();
    std::remove(temp_path_.c_str());
  }
}

void AtomicOutputFile::commit() {
  stream_.flush();
  if (!stream_) {
    throw std::runtime_error("write to '" + final_path_ + "' failed (disk full?)");
  }
  stream_.close();
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    throw std::runtime_error("cannot move finished output into place at '" + final_path_ + "'");
  }
  committed_ = true;
}

}  // namespace npusim::io
