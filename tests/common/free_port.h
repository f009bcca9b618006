// A port number for a server a test starts (cmr-server, osmo-stp, sipp, ...),
// which must be written into its configuration before it runs.
//
// Asking the kernel for one (bind to port 0, read it back, close) hands out
// an ephemeral port, and the kernel hands the same range out to every socket
// that sends or connects without binding: RTP senders, SIP clients, the
// other tests running in parallel. Between our close and the server's bind
// one of them may take it ("Address already in use" at the server's start,
// seen in CI). So the number is drawn at random from below the ephemeral
// range (net.ipv4.ip_local_port_range), which the kernel never assigns by
// itself, and kept only when both TCP and UDP can bind it on `host` right
// now; only another test drawing the same number at the same moment can
// still collide.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

namespace cmr::test {

namespace detail {

inline bool can_bind(const sockaddr_in& a, int type) {
  const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// The first port of the kernel's ephemeral range (32768 when unreadable).
inline unsigned ephemeral_low() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0;
  if (!(in >> low) || low <= 11024) return 32768;
  return low;
}

}  // namespace detail

// A port free for TCP and UDP on `host` (an IPv4 literal), below the
// ephemeral range. Throws when none is found (the host is not a local
// address, or 1000 draws all taken).
inline unsigned short free_port(const std::string& host = "127.0.0.1") {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  if (::inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1)
    throw std::runtime_error("free_port: not an IPv4 address: " + host);
  static std::mt19937 rng(
      static_cast<unsigned>(::getpid()) ^
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  const unsigned low = 10000;
  const unsigned high = detail::ephemeral_low();  // exclusive
  std::uniform_int_distribution<unsigned> pick(low, high - 1);
  for (int i = 0; i < 1000; ++i) {
    const auto port = static_cast<unsigned short>(pick(rng));
    a.sin_port = htons(port);
    if (detail::can_bind(a, SOCK_STREAM) && detail::can_bind(a, SOCK_DGRAM)) return port;
  }
  throw std::runtime_error("free_port: no free port on " + host);
}

}  // namespace cmr::test
