#include "tests/integration/sip_bad_input/sip_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "sip/message/parser.h"

namespace cmr::test {
namespace {

using clock_type = std::chrono::steady_clock;

sockaddr_in make_addr(const std::string& address, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  return sa;
}

int left_ms(clock_type::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
  return static_cast<int>(std::max<long>(left.count(), 0));
}

received parsed(std::string bytes, std::uint16_t port) {
  received r;
  r.to_port = port;
  if (auto m = sip::parse_message(bytes)) r.msg = std::move(*m);
  r.bytes = std::move(bytes);
  return r;
}

}  // namespace

udp_peer::udp_peer(const std::string& address, const std::vector<std::uint16_t>& ports)
    : address_(address) {
  for (const auto port : ports) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const int big = 4 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    auto sa = make_addr(address, port);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
      ::close(fd);
      for (const int f : fds_) ::close(f);
      throw std::runtime_error("cannot bind UDP " + address + ":" + std::to_string(port));
    }
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    fds_.push_back(fd);
    ports_.push_back(ntohs(sa.sin_port));
  }
}

udp_peer::~udp_peer() {
  for (const int f : fds_) ::close(f);
}

void udp_peer::send(std::uint16_t to_port, const std::string& bytes) const {
  const auto sa = make_addr("127.0.0.1", to_port);
  ::sendto(fds_[0], bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
}

std::optional<received> udp_peer::receive(std::chrono::milliseconds timeout) const {
  const auto deadline = clock_type::now() + timeout;
  std::vector<pollfd> p;
  for (const int f : fds_) p.push_back({f, POLLIN, 0});
  do {
    if (::poll(p.data(), p.size(), left_ms(deadline)) <= 0) continue;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if ((p[i].revents & POLLIN) == 0) continue;
      std::string buf(70000, '\0');
      const ssize_t n = ::recv(fds_[i], buf.data(), buf.size(), MSG_DONTWAIT);
      if (n < 0) continue;
      buf.resize(static_cast<std::size_t>(n));
      return parsed(std::move(buf), ports_[i]);
    }
  } while (clock_type::now() < deadline);
  return std::nullopt;
}

tcp_peer::tcp_peer(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const auto sa = make_addr("127.0.0.1", port);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  sockaddr_in local{};
  socklen_t len = sizeof local;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &len);
  local_port_ = ntohs(local.sin_port);
}

tcp_peer::~tcp_peer() {
  if (fd_ >= 0) ::close(fd_);
}

bool tcp_peer::send(const std::string& bytes) const {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// One message from the buffer by Content-Length (0 when absent).
std::optional<received> tcp_peer::frame() {
  const auto end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  std::size_t length = 0;
  for (const char* name : {"\r\nContent-Length:", "\r\nl:"}) {
    const auto at = buffer_.find(name);
    if (at != std::string::npos && at < end)
      length = std::stoul(buffer_.substr(at + std::strlen(name), 12));
  }
  if (buffer_.size() < end + 4 + length) return std::nullopt;
  auto r = parsed(buffer_.substr(0, end + 4 + length), local_port_);
  buffer_.erase(0, end + 4 + length);
  return r;
}

std::optional<received> tcp_peer::receive(std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    if (auto r = frame()) return r;
    if (eof_ || fd_ < 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, left_ms(deadline)) <= 0) return std::nullopt;
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      eof_ = true;
      continue;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

bool tcp_peer::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (!eof_ && fd_ >= 0) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, left_ms(deadline)) <= 0) return false;
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      eof_ = true;
    } else {
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }
  return true;
}

callee::callee(std::string ring_prefix)
    : peer_("127.0.0.1", {0}), ring_prefix_(std::move(ring_prefix)), thread_([this] { run(); }) {}

callee::~callee() {
  stop_ = true;
  thread_.join();
}

std::vector<std::string> callee::cancelled() const {
  const std::lock_guard lock(mutex_);
  return cancelled_;
}

sip::message callee::last_invite() const {
  const std::lock_guard lock(mutex_);
  return last_invite_;
}

void callee::run() {
  const std::string contact = "<sip:callee@127.0.0.1:" + std::to_string(peer_.port()) + ">";
  auto reply = [&](const sip::message& req, int status, const std::string& tag) {
    auto rsp = sip::make_response(req, status, {}, tag);
    if (status == 180) rsp.add_header("Contact", contact);
    // Back to the Via's sent-by (the server's own address and port).
    const auto via = req.top_via();
    peer_.send(via && via->port ? *via->port : 5060, rsp.serialize());
  };
  while (!stop_) {
    auto in = peer_.receive(50ms);
    if (!in || !in->msg || !in->msg->is_request()) continue;
    const auto& req = *in->msg;
    const std::string tag = "callee" + std::to_string(std::hash<std::string>{}(req.call_id()) % 100000);
    if (req.method == "INVITE") {
      {
        const std::lock_guard lock(mutex_);
        last_invite_ = req;
      }
      ++invites_;
      if (req.request_uri.user.rfind(ring_prefix_, 0) == 0) {
        {
          const std::lock_guard lock(mutex_);
          ringing_.emplace(req.call_id(), req);
        }
        reply(req, 180, tag);
      } else {
        ++busy_;
        reply(req, 486, tag);
      }
    } else if (req.method == "CANCEL") {
      reply(req, 200, tag);
      const std::lock_guard lock(mutex_);
      cancelled_.push_back(req.call_id());
      if (auto it = ringing_.find(req.call_id()); it != ringing_.end()) {
        reply(it->second, 487, tag);
        ringing_.erase(it);
      }
    } else if (req.method != "ACK") {
      reply(req, 200, tag);
    }
  }
}

}  // namespace cmr::test
