// A peer process a test starts and must never leave behind (linphonec,
// kamailio): its own process group, killed with the test process
// (PR_SET_PDEATHSIG, so a crashed or killed test binary leaves no orphan
// holding a port), optionally a pipe on its stdin, stdout and stderr in a
// file, extra environment variables (a private HOME).
//
// stop(): the given signal to the group, a grace period, then SIGKILL to the
// group; the destructor stops a process still running.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace cmr::test {

struct process_spec {
  std::vector<std::string> argv;
  std::string output_file;                               // stdout and stderr
  std::vector<std::pair<std::string, std::string>> env;  // set in the child
  bool stdin_pipe = false;                               // else /dev/null
  int parent_death_signal = SIGKILL;  // SIGTERM for peers that must end their children
};

class owned_process {
public:
  explicit owned_process(const process_spec& spec) {
    int in[2] = {-1, -1};
    if (spec.stdin_pipe && ::pipe2(in, O_CLOEXEC) != 0) return;
    std::vector<std::string> args = spec.argv;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The child's environment is built here: after fork only
    // async-signal-safe calls.
    std::vector<std::string> env_store;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      bool replaced = false;
      for (const auto& kv : spec.env) replaced |= entry.rfind(kv.first + "=", 0) == 0;
      if (!replaced) env_store.push_back(entry);
    }
    for (const auto& [name, value] : spec.env) env_store.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, spec.parent_death_signal);
      if (::getppid() != parent) ::_exit(125);  // the test died before prctl
      const int out = ::open(spec.output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out < 0) ::_exit(126);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      const int input = spec.stdin_pipe ? in[0] : ::open("/dev/null", O_RDONLY);
      if (input >= 0) ::dup2(input, STDIN_FILENO);
      ::execvpe(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    if (pid_ > 0) ::setpgid(pid_, pid_);  // both sides: no race with kill(-pid)
    if (spec.stdin_pipe) {
      ::close(in[0]);
      stdin_ = in[1];
    }
  }
  ~owned_process() { stop(SIGTERM, std::chrono::milliseconds(0)); }
  owned_process(const owned_process&) = delete;
  owned_process& operator=(const owned_process&) = delete;

  pid_t pid() const { return pid_; }
  // Writes to the child's stdin (stdin_pipe); false when it is gone.
  bool write_stdin(const std::string& text) {
    if (stdin_ < 0) return false;
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(stdin_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  void close_stdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
  }
  // True while the child runs (reaps it when it has exited).
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = status;
      pid_ = -1;
      return false;
    }
    return true;
  }
  // Waits up to `limit` for the child to exit by itself: its wait status, -1
  // when it still runs.
  int wait(std::chrono::milliseconds limit) {
    for (const auto deadline = std::chrono::steady_clock::now() + limit;;) {
      if (!running()) return status_;
      if (std::chrono::steady_clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  // `signo` to the process group, up to `grace` for the child to exit, then
  // SIGKILL to the group. The wait status (-1 when it had to be killed).
  int stop(int signo, std::chrono::milliseconds grace) {
    close_stdin();
    if (pid_ <= 0) return status_;
    const pid_t group = pid_;
    ::kill(-group, signo);
    const int status = wait(grace);
    // Children the leader left behind, then the leader itself (kamailio's
    // main process ends its children on SIGTERM; the group kill is for a
    // leader that had to be killed).
    ::kill(-group, SIGKILL);
    if (pid_ > 0) {
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    return status;
  }

private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int status_ = -1;
};

}  // namespace cmr::test
