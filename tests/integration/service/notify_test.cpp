// cmr-server under a service manager: the test owns the NOTIFY_SOCKET (a
// unix datagram socket) and sets WATCHDOG_USEC, as systemd does for a
// Type=notify unit with WatchdogSec=, and checks what the server says and
// when (apps/cmr-server/service_notify.h).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/server/server_process.h"

namespace cmr::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// The service manager's end of NOTIFY_SOCKET.
class notify_socket {
public:
  explicit notify_socket(std::string path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::strncpy(sa.sun_path, path_.c_str(), sizeof sa.sun_path - 1);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~notify_socket() {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(path_.c_str());
  }
  notify_socket(const notify_socket&) = delete;
  notify_socket& operator=(const notify_socket&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  // The next datagram, nothing when none came within `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<std::size_t>(n));
  }
  // The first datagram containing `needle` within `timeout`; the ones before
  // it are appended to *seen when given.
  std::optional<std::string> wait_for(const std::string& needle, std::chrono::milliseconds timeout,
                                      std::vector<std::string>* seen = nullptr) {
    const auto deadline = clock_type::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      if (left.count() <= 0) return std::nullopt;
      auto m = receive(left);
      if (!m) return std::nullopt;
      if (m->find(needle) != std::string::npos) return m;
      if (seen != nullptr) seen->push_back(*m);
    }
  }
  // Every datagram within `period`.
  std::vector<std::string> collect(std::chrono::milliseconds period) {
    std::vector<std::string> out;
    const auto deadline = clock_type::now() + period;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      if (left.count() <= 0) return out;
      if (auto m = receive(left)) out.push_back(*m);
    }
  }

private:
  std::string path_;
  int fd_ = -1;
};

int count_containing(const std::vector<std::string>& msgs, const std::string& needle) {
  int n = 0;
  for (const auto& m : msgs) n += m.find(needle) != std::string::npos ? 1 : 0;
  return n;
}

bool tcp_connects(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0;
  ::close(fd);
  return ok;
}

// Starts `p` with the given service-manager environment (the child inherits
// it at fork; the test process drops it again at once).
void start_with_env(server_process& p, const std::string& cfg, const char* notify_socket_path,
                    const char* watchdog_usec) {
  if (notify_socket_path != nullptr) ::setenv("NOTIFY_SOCKET", notify_socket_path, 1);
  if (watchdog_usec != nullptr) ::setenv("WATCHDOG_USEC", watchdog_usec, 1);
  p.start({"-c", cfg});
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
}

// One server start for the whole protocol, in the order a service's life
// goes: READY, STATUS, keep-alives, a stopped process, reload, stop.
TEST(ServiceNotify, ReadyStatusWatchdogReloadAndStop) {
  server_process p;
  notify_socket sock(p.dir() + "/notify");
  ASSERT_TRUE(sock.ok());
  const auto cfg = p.write_file("cmr-server.cfg", demo_config());
  // 1 s: a keep-alive every 500 ms, each side checks in every 250 ms.
  start_with_env(p, cfg, sock.path().c_str(), "1000000");

  // READY=1 comes once every listener is up: the management port accepts a
  // connection at the moment READY=1 is read.
  std::vector<std::string> before;
  const auto ready = sock.wait_for("READY=1", 60s, &before);
  ASSERT_TRUE(ready) << p.err();
  const unsigned short mgmt = p.mgmt_port();
  ASSERT_NE(mgmt, 0) << "READY=1 before the management start-up line\n" << p.err();
  EXPECT_TRUE(tcp_connects(mgmt));
  EXPECT_EQ(count_containing(before, "READY=1"), 0);
  // The one-line STATUS= with it.
  EXPECT_NE(ready->find("STATUS=VTY 127.0.0.1:" + std::to_string(p.vty_port())), std::string::npos)
      << *ready;
  EXPECT_NE(ready->find("mgmt 127.0.0.1:" + std::to_string(mgmt)), std::string::npos) << *ready;
  EXPECT_NE(ready->find("SCP: 0 calls"), std::string::npos) << *ready;
  EXPECT_NE(p.err().find("systemd watchdog: keep-alive every 500 ms"), std::string::npos)
      << p.err();

  // Keep-alives, repeatedly (about twelve in 6 s: 5 s is STATUS='s period).
  const auto running = sock.collect(6s);
  EXPECT_GE(count_containing(running, "WATCHDOG=1"), 6) << running.size();
  EXPECT_GE(count_containing(running, "STATUS=VTY"), 1);

  // A stopped process sends nothing: systemd would restart it. SIGCONT and
  // the keep-alives resume.
  p.send_signal(SIGSTOP);
  std::this_thread::sleep_for(100ms);
  sock.collect(100ms);  // what was sent before the stop took effect
  const auto stopped = sock.collect(1500ms);
  EXPECT_EQ(count_containing(stopped, "WATCHDOG=1"), 0);
  p.send_signal(SIGCONT);
  EXPECT_TRUE(sock.wait_for("WATCHDOG=1", 5s)) << p.err();

  // Reload: RELOADING=1 with MONOTONIC_USEC, the logs reopened, READY=1.
  p.send_signal(SIGHUP);
  const auto reloading = sock.wait_for("RELOADING=1", 5s);
  ASSERT_TRUE(reloading) << p.err();
  EXPECT_NE(reloading->find("MONOTONIC_USEC="), std::string::npos) << *reloading;
  EXPECT_TRUE(sock.wait_for("READY=1", 5s));
  EXPECT_TRUE(p.wait_for_err("SIGHUP: log files reopened", 5s)) << p.err();
  EXPECT_TRUE(p.running());

  // Stop: STOPPING=1, then a clean exit.
  p.send_signal(SIGTERM);
  EXPECT_TRUE(sock.wait_for("STOPPING=1", 10s)) << p.err();
  const auto status = p.wait_exit(20s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

// A NOTIFY_SOCKET nobody listens on and a WATCHDOG_USEC that is no number:
// the server runs as without them (no watchdog), SIGHUP only reopens the
// logs, SIGTERM stops it cleanly.
TEST(ServiceNotify, UnreachableSocketAndBadWatchdogValueAreHarmless) {
  server_process p;
  const auto cfg = p.write_file("cmr-server.cfg", demo_config());
  const std::string missing = p.dir() + "/no-such-socket";
  start_with_env(p, cfg, missing.c_str(), "soon");
  ASSERT_TRUE(p.wait_for_err("started", 60s)) << p.err();
  EXPECT_EQ(p.err().find("systemd watchdog"), std::string::npos) << p.err();
  p.send_signal(SIGHUP);
  EXPECT_TRUE(p.wait_for_err("SIGHUP: log files reopened", 5s)) << p.err();
  EXPECT_TRUE(p.running());
  p.send_signal(SIGTERM);
  const auto status = p.wait_exit(20s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

}  // namespace
}  // namespace cmr::test
