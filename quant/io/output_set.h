// A command's outputs, made visible all together or not at all.
//
// While an OutputSetScope is open (sim/cli/main.cpp opens one around every subcommand),
// AtomicOutputFile::commit() does not rename its temporary into place: the set keeps it and
// renames every file at OutputSetScope::commit(), after the command returned. Folders a
// command creates (create_output_directories) are built under a temporary sibling name and
// renamed into place at the same moment. If the command throws, the scope's destructor
// removes every temporary, so the files and folders that existed before are untouched and
// nothing half-written stays behind.
//
// SIGINT, SIGTERM and SIGHUP are handled by a watcher thread (the signals are blocked in
// every other thread): it removes the temporaries and then dies of the same signal, so a
// killed command also leaves the previous state. Children started with posix_spawn must
// reset their signal mask (sim/studies/run_command.cpp does).
//
// Outputs that must appear as soon as they are finished (a resumable sweep's per-
// configuration results, scripts handed to sbatch) use CommitMode::kImmediately, and
// scratch files the command reads back itself are written under an ImmediateOutputs guard.
#pragma once

#include <mutex>
#include <string>

namespace npusim::io {

// Opens the set for the rest of the process's current command.
class OutputSetScope {
 public:
  OutputSetScope();
  ~OutputSetScope();  // without commit(): removes every temporary (previous state kept)
  OutputSetScope(const OutputSetScope&) = delete;
  OutputSetScope& operator=(const OutputSetScope&) = delete;
  // Renames every staged file and folder into place. Throws naming the path that failed.
  void commit();

 private:
  bool committed_ = false;
};

// While alive, files this thread writes commit at once and folders are created directly
// (for scratch data a command writes and reads back itself, e.g. temporary scenes).
class ImmediateOutputs {
 public:
  ImmediateOutputs();
  ~ImmediateOutputs();
  ImmediateOutputs(const ImmediateOutputs&) = delete;
  ImmediateOutputs& operator=(const ImmediateOutputs&) = delete;
};

// Creates `dir` and its missing parents as outputs: staged under a temporary sibling while
// a set is open, plainly otherwise. Throws std::runtime_error naming the folder on failure
// (including when a file stands where a folder is needed).
void create_output_directories(const std::string& dir);

// The internals AtomicOutputFile uses; not for commands.
namespace output_set_detail {
std::unique_lock<std::mutex> lock();
// Where content destined for `final_path` is written now (inside a staged folder if one
// covers it). Caller holds lock().
std::string staged_location(const std::string& final_path);
// A fresh temporary name beside `staged_final`, registered for removal on failure/signal.
std::string register_temporary(const std::string& staged_final);
void forget_temporary(const std::string& temp_path);
// True when the rename must wait for the scope's commit (caller then calls defer()).
bool deferring();
void defer(const std::string& temp_path, const std::string& staged_final);
}  // namespace output_set_detail

}  // namespace npusim::io
