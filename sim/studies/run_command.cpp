#include "sim/studies/run_command.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

extern char** environ;

namespace npusim::studies {
namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (int fd : fds) if (fd >= 0) close(fd);
  }
  void close_end(int i) {
    if (fds[i] >= 0) close(fds[i]);
    fds[i] = -1;
  }
};

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::invalid_argument("run_command: empty argv");
  Pipe out_pipe, err_pipe;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe.fds[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe.fds[0]);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // The parent blocks SIGINT/SIGTERM for its output-set watcher (quant/io/output_set.h);
  // the child must get them as usual.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    throw std::runtime_error("cannot run '" + argv[0] + "': " + std::strerror(spawn_error) +
                             (spawn_error == ENOENT ? " (not installed or not on PATH)" : ""));
  }
  out_pipe.close_end(1);
  err_pipe.close_end(1);

  // Both pipes are drained together, so a child that fills one while we wait on the
  // other cannot dead-lock.
  CommandResult result;
  pollfd fds[2] = {{out_pipe.fds[0], POLLIN, 0}, {err_pipe.fds[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[4096];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string self_executable_path() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("cannot find this program's own path (/proc/self/exe): " + error.message());
  return path.string();
}

}  // namespace npusim::studies
