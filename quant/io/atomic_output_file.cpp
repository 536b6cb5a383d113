#include "quant/io/atomic_output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "quant/io/output_set.h"

namespace npusim::io {
namespace {

// Why a file cannot be opened for writing, in terms of the path the user gave.
std::string open_failure(const std::string& final_path, int saved_errno) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_directory(final_path, error)) {
    return "output file '" + final_path + "' is a folder, not a file";
  }
  const fs::path parent = fs::path(final_path).parent_path();
  if (!parent.empty() && !fs::exists(parent, error)) {
    return "cannot write output file '" + final_path + "': folder '" + parent.string() + "' does not exist";
  }
  if (!parent.empty() && !fs::is_directory(parent, error)) {
    return "cannot write output file '" + final_path + "': '" + parent.string() + "' is not a folder";
  }
  return "cannot open output file '" + final_path + "' for writing: " + std::strerror(saved_errno);
}

}  // namespace

AtomicOutputFile::AtomicOutputFile(std::string final_path, bool binary, CommitMode mode)
    : final_path_(std::move(final_path)), mode_(mode) {
  // Found now, not at the rename: by then the command's other outputs may be in place.
  std::error_code error;
  if (std::filesystem::is_directory(final_path_, error)) {
    committed_ = true;  // nothing to remove
    throw std::runtime_error("output file '" + final_path_ + "' is a folder, not a file");
  }
  auto guard = output_set_detail::lock();  // a signal must not find an unregistered temporary
  staged_final_ = output_set_detail::staged_location(final_path_);
  temp_path_ = output_set_detail::register_temporary(staged_final_);
  errno = 0;
  stream_.open(temp_path_, binary ? std::ios::out | std::ios::binary | std::ios::trunc
                                  : std::ios::out | std::ios::trunc);
  if (!stream_) {
    const int saved_errno = errno;
    output_set_detail::forget_temporary(temp_path_);
    committed_ = true;  // nothing to remove
    throw std::runtime_error(open_failure(final_path_, saved_errno));
  }
}

AtomicOutputFile::~AtomicOutputFile() {
  if (!committed_) {
    stream_.close();
    auto guard = output_set_detail::lock();
    std::remove(temp_path_.c_str());
    output_set_detail::forget_temporary(temp_path_);
  }
}

void AtomicOutputFile::commit() {
  stream_.flush();
  if (!stream_) {
    throw std::runtime_error("write to '" + final_path_ + "' failed (disk full?)");
  }
  stream_.close();
  auto guard = output_set_detail::lock();
  if (mode_ == CommitMode::kWithOutputSet && output_set_detail::deferring()) {
    output_set_detail::defer(temp_path_, staged_final_);
    committed_ = true;
    return;
  }
  if (std::rename(temp_path_.c_str(), staged_final_.c_str()) != 0) {
    throw std::runtime_error("cannot move finished output into place at '" + final_path_ + "': " +
                             std::strerror(errno));
  }
  output_set_detail::forget_temporary(temp_path_);
  committed_ = true;
}

}  // namespace npusim::io
