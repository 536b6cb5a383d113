// An output file that appears under its final name only when complete.
// Writes go to a temporary file beside the target; commit() renames it into place.
// If the writer throws before commit(), the destructor removes the temporary, so a failed
// command never leaves a partial output file behind (a project-wide contract).
// While a command's OutputSetScope is open (quant/io/output_set.h), commit() hands the
// finished temporary to the set, which renames all of the command's outputs at its end;
// CommitMode::kImmediately is for outputs that must appear at once (resumable results).
#pragma once

#include <fstream>
#include <string>

namespace npusim::io {

enum class CommitMode { kWithOutputSet, kImmediately };

class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::string final_path, bool binary = false,
                            CommitMode mode = CommitMode::kWithOutputSet);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ofstream& stream() { return stream_; }
  const std::string& final_path() const { return final_path_; }
  // Where the content is written until commit(), for writers that open files themselves
  // (e.g. a VCD tracer): they write here, then commit() is called as usual.
  const std::string& temp_path() const { return temp_path_; }
  // Flushes, checks the stream state and renames the temporary into place.
  // Throws std::runtime_error naming the file when any write failed.
  void commit();

 private:
  std::string final_path_;
  std::string staged_final_;  // final_path_, or its place inside a folder being built
  std::string temp_path_;
  CommitMode mode_;
  std::ofstream stream_;
  bool committed_ = false;
};

}  // namespace npusim::io
