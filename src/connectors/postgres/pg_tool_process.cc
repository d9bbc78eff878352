#include "connectors/postgres/pg_tool_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

extern char** environ;

namespace ferry {
namespace {

using Clock = std::chrono::steady_clock;

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read;
  Fd write;
};

Status MakePipe(Pipe* pipe) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Status::IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  pipe->read.Reset(fds[0]);
  pipe->write.Reset(fds[1]);
  return Status::OK();
}

// The caller's environment, with `env` replacing or adding variables.
std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    std::string key = entry.substr(0, entry.find('='));
    if (!env.contains(key)) out.push_back(std::move(entry));
  }
  for (const auto& [key, value] : env) out.push_back(key + "=" + value);
  return out;
}

// posix_spawn(p) with stdin from /dev/null and stdout, stderr to the pipes.
Result<pid_t> Spawn(const PgToolRun& run, Pipe& out, Pipe& err) {
  std::vector<std::string> env = ChildEnvironment(run.env);
  std::vector<char*> argv, envp;
  argv.push_back(const_cast<char*>(run.program.c_str()));
  for (const std::string& a : run.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.write.get(), 2);
  // The child starts with default signal handling (the caller may ignore SIGPIPE).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  bool on_path = run.program.find('/') == std::string::npos;
  int rc = on_path ? posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data())
                   : posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) {
    return Status::NotFound(run.program + " not found" + (on_path ? " on PATH" : ""));
  }
  if (rc != 0) {
    return Status::IoError("cannot start " + run.program + ": " + std::strerror(rc));
  }
  return pid;
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int MillisLeft(std::optional<Clock::time_point> deadline) {
  if (!deadline) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

// Reads both pipes until they close or the deadline passes; false on timeout.
bool Drain(Fd& out, Fd& err, PgToolOutput* output, std::optional<Clock::time_point> deadline) {
  char buffer[65536];
  while (out.get() >= 0 || err.get() >= 0) {
    pollfd fds[2] = {{out.get(), POLLIN, 0}, {err.get(), POLLIN, 0}};
    int left = MillisLeft(deadline);
    if (left == 0) return false;
    int ready = ::poll(fds, 2, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return false;
    if (ready < 0) return true;  // poll failed: stop reading, the exit status tells
    Fd* pipes[2] = {&out, &err};
    std::string* sinks[2] = {&output->out, &output->err};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        pipes[i]->Close();
      }
    }
  }
  return true;
}

// Waits for the child to exit; false when the deadline passes first.
bool Reap(pid_t pid, int* status, std::optional<Clock::time_point> deadline) {
  while (true) {
    pid_t done = ::waitpid(pid, status, deadline ? WNOHANG : 0);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) {
      *status = -1;
      return true;
    }
    if (deadline && MillisLeft(deadline) == 0) return false;
    if (deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

Result<PgToolOutput> RunPgTool(const PgToolRun& run) {
  Pipe out, err;
  FERRY_RETURN_IF_ERROR(MakePipe(&out));
  FERRY_RETURN_IF_ERROR(MakePipe(&err));
  std::optional<Clock::time_point> deadline;
  if (run.timeout_seconds > 0) deadline = Clock::now() + std::chrono::seconds(run.timeout_seconds);
  FERRY_ASSIGN_OR_RETURN(pid_t pid, Spawn(run, out, err));
  out.write.Close();
  err.write.Close();
  PgToolOutput output;
  int status = 0;
  if (!Drain(out.read, err.read, &output, deadline) || !Reap(pid, &status, deadline)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return Status::Timeout(run.program + " did not finish within " +
                           std::to_string(run.timeout_seconds) + " s and was stopped");
  }
  output.exit_code = ExitCode(status);
  return output;
}

}  // namespace ferry
