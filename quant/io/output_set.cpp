#include "quant/io/output_set.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <pthread.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

namespace npusim::io {
namespace {

namespace fs = std::filesystem;

struct StagedFolder {
  fs::path final_path;  // absolute, normalised, no trailing separator
  fs::path temp_path;
};

struct Deferred {
  std::string temp_path;
  std::string staged_final;
};

struct State {
  std::mutex mutex;
  int open_scopes = 0;
  unsigned long counter = 0;
  bool watcher_started = false;
  std::vector<std::string> temporaries;  // every temporary file not yet renamed into place
  std::vector<Deferred> deferred;        // finished files waiting for the scope's commit
  std::vector<StagedFolder> folders;     // new folders built under a temporary name
};

// Per thread: a scratch writer on one thread must not make another thread's outputs immediate.
thread_local int immediate_guards = 0;

// Never destroyed: the signal watcher may still use it while static destructors run.
State& state() {
  static State* instance = new State;
  return *instance;
}

fs::path normalised(const std::string& path) {
  fs::path result = fs::absolute(fs::path(path)).lexically_normal();
  if (result.filename().empty() && result.has_parent_path()) result = result.parent_path();
  return result;
}

bool is_inside(const fs::path& path, const fs::path& folder) {
  auto p = path.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
    if (p == path.end() || *p != *f) return false;
  }
  return true;
}

std::string unique_suffix(State& s) {
  return ".partial." + std::to_string(::getpid()) + "." + std::to_string(s.counter++);
}

// Caller holds the mutex. Best effort: this runs on failure paths and from the watcher.
void remove_temporaries(State& s) {
  std::error_code ignored;
  for (const std::string& temp : s.temporaries) fs::remove(temp, ignored);
  for (const StagedFolder& folder : s.folders) fs::remove_all(folder.temp_path, ignored);
  s.temporaries.clear();
  s.deferred.clear();
  s.folders.clear();
}

// Blocks the termination signals in this thread (and every thread started later) and lets
// one thread wait for them: it can take the mutex and use the filesystem safely, which a
// signal handler could not.
void start_signal_watcher(State& s) {
  if (s.watcher_started) return;
  s.watcher_started = true;
  sigset_t signals;
  sigemptyset(&signals);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction current {};
    sigaction(sig, nullptr, &current);
    // A signal the parent told us to ignore (nohup, background job) stays ignored.
    if (current.sa_handler != SIG_IGN) sigaddset(&signals, sig);
  }
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) return;
    State& st = state();
    st.mutex.lock();  // held until the process is gone: no new temporaries appear
    remove_temporaries(st);
    std::signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
    std::raise(sig);
    ::_exit(128 + sig);
  }).detach();
}

}  // namespace

OutputSetScope::OutputSetScope() {
  State& s = state();
  std::lock_guard<std::mutex> guard(s.mutex);
  start_signal_watcher(s);
  ++s.open_scopes;
}

OutputSetScope::~OutputSetScope() {
  State& s = state();
  std::lock_guard<std::mutex> guard(s.mutex);
  if (!committed_) remove_temporaries(s);
  --s.open_scopes;
}

void OutputSetScope::commit() {
  State& s = state();
  std::lock_guard<std::mutex> guard(s.mutex);
  // Every target is checked before anything moves, so a blocked one fails the set as a whole.
  for (const Deferred& file : s.deferred) {
    std::error_code error;
    if (fs::is_directory(file.staged_final, error)) {
      throw std::runtime_error("cannot move finished output into place at '" + file.staged_final +
                               "': a folder is there");
    }
  }
  for (const StagedFolder& folder : s.folders) {
    std::error_code error;
    if (fs::exists(folder.final_path, error)) {
      throw std::runtime_error("cannot move finished output folder into place at '" + folder.final_path.string() +
                               "': something else appeared there meanwhile");
    }
  }
  // Files first (some live inside staged folders), then the folders themselves.
  while (!s.deferred.empty()) {
    const Deferred file = s.deferred.front();
    std::error_code error;
    fs::rename(file.temp_path, file.staged_final, error);
    if (error) {
      throw std::runtime_error("cannot move finished output into place at '" + file.staged_final +
                               "': " + error.message());
    }
    s.deferred.erase(s.deferred.begin());
    s.temporaries.erase(std::remove(s.temporaries.begin(), s.temporaries.end(), file.temp_path), s.temporaries.end());
  }
  while (!s.folders.empty()) {
    const StagedFolder folder = s.folders.front();
    std::error_code error;
    fs::rename(folder.temp_path, folder.final_path, error);
    if (error) {
      throw std::runtime_error("cannot move finished output folder into place at '" + folder.final_path.string() +
                               "': " + error.message());
    }
    s.folders.erase(s.folders.begin());
  }
  committed_ = true;
}

ImmediateOutputs::ImmediateOutputs() { ++immediate_guards; }

ImmediateOutputs::~ImmediateOutputs() { --immediate_guards; }

void create_output_directories(const std::string& dir) {
  if (dir.empty()) throw std::runtime_error("empty output folder name");
  State& s = state();
  std::lock_guard<std::mutex> guard(s.mutex);
  const fs::path target = normalised(dir);
  std::error_code error;
  // The nearest ancestor that exists must be a folder, or nothing can be created below it.
  fs::path existing = target;
  std::vector<fs::path> missing;
  while (!fs::exists(existing, error) && existing.has_parent_path() && existing != existing.parent_path()) {
    missing.push_back(existing);
    existing = existing.parent_path();
  }
  const bool staging = s.open_scopes > 0 && immediate_guards == 0;
  const fs::path staged = staging ? fs::path(output_set_detail::staged_location(target.string())) : target;
  if (staged == target && !fs::is_directory(existing)) {
    throw std::runtime_error("cannot create output folder '" + dir + "': '" + existing.string() +
                             "' is a file, not a folder");
  }
  if (missing.empty() || staged != target) {
    // Already there, or inside a folder this command is building: create it in place.
    if (staged == target && !fs::is_directory(target)) {
      throw std::runtime_error("output folder '" + dir + "' is a file, not a folder");
    }
    fs::create_directories(staged, error);
    if (error) throw std::runtime_error("cannot create output folder '" + dir + "': " + error.message());
    return;
  }
  if (!staging) {
    fs::create_directories(target, error);
    if (error) throw std::runtime_error("cannot create output folder '" + dir + "': " + error.message());
    return;
  }
  // Build the topmost missing folder under a temporary sibling name; rename at commit.
  const fs::path top = missing.back();
  const fs::path temp = top.string() + unique_suffix(s);
  fs::create_directory(temp, error);
  if (error) throw std::runtime_error("cannot create output folder '" + dir + "': " + error.message());
  s.folders.push_back({top, temp});
  fs::create_directories(output_set_detail::staged_location(target.string()), error);
  if (error) throw std::runtime_error("cannot create output folder '" + dir + "': " + error.message());
}

namespace output_set_detail {

std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(state().mutex); }

std::string staged_location(const std::string& final_path) {
  State& s = state();
  if (s.folders.empty()) return final_path;
  const fs::path target = normalised(final_path);
  for (const StagedFolder& folder : s.folders) {
    if (!is_inside(target, folder.final_path)) continue;
    return (folder.temp_path / target.lexically_relative(folder.final_path)).lexically_normal().string();
  }
  return final_path;
}

std::string register_temporary(const std::string& staged_final) {
  State& s = state();
  std::string temp = staged_final + unique_suffix(s);
  s.temporaries.push_back(temp);
  return temp;
}

void forget_temporary(const std::string& temp_path) {
  auto& temps = state().temporaries;
  temps.erase(std::remove(temps.begin(), temps.end(), temp_path), temps.end());
}

bool deferring() {
  const State& s = state();
  return s.open_scopes > 0 && immediate_guards == 0;
}

void defer(const std::string& temp_path, const std::string& staged_final) {
  state().deferred.push_back({temp_path, staged_final});
}

}  // namespace output_set_detail
}  // namespace npusim::io
