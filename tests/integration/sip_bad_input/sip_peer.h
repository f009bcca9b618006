// Raw SIP peers for the bad-input tests against the real cmr-server: a UDP
// socket and a TCP connection that send bytes and collect parsed messages
// with deadlines, and a scripted next hop (the callee) that answers INVITEs
// busy or lets them ring forever.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sip/message/message.h"

namespace cmr::test {

using namespace std::chrono_literals;

struct received {
  std::string bytes;
  std::optional<sip::message> msg;  // nullopt when it did not parse
  std::uint16_t to_port = 0;         // which of our sockets got it (UDP)
};

// Bound UDP sockets on one loopback address (one per port) that receive
// from the server; the first one sends.
class udp_peer {
public:
  // Ports 0 pick free ones. Throws when a port cannot be bound.
  udp_peer(const std::string& address, const std::vector<std::uint16_t>& ports);
  ~udp_peer();
  udp_peer(const udp_peer&) = delete;
  udp_peer& operator=(const udp_peer&) = delete;

  [[nodiscard]] const std::string& address() const { return address_; }
  [[nodiscard]] std::uint16_t port(std::size_t i = 0) const { return ports_[i]; }
  void send(std::uint16_t to_port, const std::string& bytes) const;
  // The next datagram on any socket, nullopt after `timeout`.
  std::optional<received> receive(std::chrono::milliseconds timeout) const;
  // Raw fd of socket i (for an RTP receiver).
  [[nodiscard]] int fd(std::size_t i = 0) const { return fds_[i]; }

private:
  std::string address_;
  std::vector<int> fds_;
  std::vector<std::uint16_t> ports_;
};

class tcp_peer {
public:
  explicit tcp_peer(std::uint16_t port);  // connects to 127.0.0.1:port
  ~tcp_peer();
  tcp_peer(const tcp_peer&) = delete;
  tcp_peer& operator=(const tcp_peer&) = delete;
  [[nodiscard]] bool connected() const { return fd_ >= 0; }
  [[nodiscard]] std::uint16_t local_port() const { return local_port_; }
  bool send(const std::string& bytes) const;
  // The next framed message (Content-Length framing), nullopt on timeout or EOF.
  std::optional<received> receive(std::chrono::milliseconds timeout);
  // True once the server closed the connection (reads until EOF or timeout;
  // data read meanwhile is kept for receive()).
  bool wait_closed(std::chrono::milliseconds timeout);
  [[nodiscard]] bool closed() const { return eof_; }
  [[nodiscard]] const std::string& raw() const { return buffer_; }  // received, not yet framed

private:
  std::optional<received> frame();
  int fd_ = -1;
  std::uint16_t local_port_ = 0;
  std::string buffer_;
  bool eof_ = false;
};

// The next hop: answers INVITEs whose Request-URI user starts with
// `ring_prefix` with 180 and never more (CANCEL gets 200 and 487), every
// other INVITE with 486; BYE and others 200; ACK nothing.
class callee {
public:
  explicit callee(std::string ring_prefix);
  ~callee();
  callee(const callee&) = delete;
  callee& operator=(const callee&) = delete;
  [[nodiscard]] std::uint16_t port() const { return peer_.port(); }
  [[nodiscard]] std::size_t invites() const { return invites_.load(); }
  [[nodiscard]] std::size_t busy() const { return busy_.load(); }
  // Call-IDs that got a CANCEL.
  std::vector<std::string> cancelled() const;
  // The last INVITE received (empty message before the first).
  sip::message last_invite() const;

private:
  void run();
  udp_peer peer_;
  std::string ring_prefix_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> invites_{0}, busy_{0};
  mutable std::mutex mutex_;
  std::map<std::string, sip::message> ringing_;  // Call-ID -> the INVITE
  std::vector<std::string> cancelled_;
  sip::message last_invite_;
  std::thread thread_;
};

}  // namespace cmr::test
