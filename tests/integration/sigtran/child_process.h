// Test helper: a child process with a pipe to its stdin and from its stdout
// (line by line, with deadlines) and its stderr in a file. Used for sccp_peer,
// osmo-stp and tshark. The destructor SIGKILLs what is still running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "tests/common/free_port.h"

namespace cmr::test {

class child_process {
public:
  // argv[0] is the program path; stderr goes to `stderr_file`.
  child_process(const std::vector<std::string>& argv, const std::string& stderr_file);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  void write_line(const std::string& line);
  // The next stdout line, nothing on timeout or end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // The first line starting with one of `prefixes`, from lines passed over
  // by earlier calls first, then from the pipe. Lines that do not match are
  // kept for later calls: output of a peer interleaves answers to commands
  // with received messages.
  std::optional<std::string> wait_any(const std::vector<std::string>& prefixes,
                                       std::chrono::milliseconds timeout);
  std::optional<std::string> wait_line(const std::string& prefix, std::chrono::milliseconds timeout) {
    return wait_any({prefix}, timeout);
  }

  void send_signal(int signo) const;
  // Waits for exit (after a signal or "quit"); the waitpid status.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

private:
  pid_t pid_ = -1;
  int in_fd_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  std::deque<std::string> pending_;
};

// Whole file as a string ("" when missing).
std::string read_file(const std::string& path);
// free_port(host): tests/common/free_port.h, included above.

}  // namespace cmr::test
