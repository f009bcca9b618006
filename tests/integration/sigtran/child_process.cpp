#include "tests/integration/sigtran/child_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cmr::test {

using clock_type = std::chrono::steady_clock;

child_process::child_process(const std::vector<std::string>& argv, const std::string& stderr_file) {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  const int err = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (err < 0) throw std::runtime_error("cannot open " + stderr_file);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err, 2);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err);
  if (pid_ < 0) throw std::runtime_error("fork");
  in_fd_ = in[1];
  out_fd_ = out[0];
}

child_process::~child_process() {
  if (in_fd_ >= 0) ::close(in_fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void child_process::write_line(const std::string& line) {
  const std::string l = line + "\n";
  // A dead child gives EPIPE: the test then fails on the missing answer.
  const auto old = std::signal(SIGPIPE, SIG_IGN);
  [[maybe_unused]] const auto n = ::write(in_fd_, l.data(), l.size());
  std::signal(SIGPIPE, old);
}

std::optional<std::string> child_process::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    const auto n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) return std::nullopt;  // end of output
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> child_process::wait_any(const std::vector<std::string>& prefixes,
                                                   std::chrono::milliseconds timeout) {
  auto matches = [&](const std::string& line) {
    for (const auto& p : prefixes)
      if (line.rfind(p, 0) == 0) return true;
    return false;
  };
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (!matches(*it)) continue;
    std::string line = *it;
    pending_.erase(it);
    return line;
  }
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (left.count() <= 0) return std::nullopt;
    auto line = read_line(left);
    if (!line) return std::nullopt;
    if (matches(*line)) return line;
    pending_.push_back(*line);
  }
}

void child_process::send_signal(int signo) const {
  if (pid_ > 0) ::kill(pid_, signo);
}

std::optional<int> child_process::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (clock_type::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace cmr::test
