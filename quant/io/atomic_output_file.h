// An output file that appears under its final name only when complete.
// Writes go to a temporary file beside the target; commit() renames it into place.
// If the writer throws before commit(), the destructor removes the temporary, so a failed
// command never leaves a partial output file behind (a project-wide contract).
#pragma once

#include <fstream>
#include <string>

namespace npusim::io {

class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::string final_path, bool binary = false);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ofstream& stream() { return stream_; }
  const std::string& final_path() const { return final_path_; }
  // Flushes, checks the stream state and renames the temporary into place.
  // Throws std::runtime_error naming the file when any write failed.
  void commit();

 private:
  std::string final_path_;
  std::string temp_path_;
  std::ofstream stream_;
  bool committed_ = false;
};

}  // namespace npusim::io
