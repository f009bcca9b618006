#include "tests/integration/ctrl/ctrl_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace cmr::test {
namespace {

constexpr unsigned char k_ipa_proto_osmo = 0xee;
constexpr unsigned char k_ipa_ext_ctrl = 0x00;

}  // namespace

ctrl_client::ctrl_client(unsigned short port, const char* host) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, host, &sa.sin_addr);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return;
  }
  socklen_t len = sizeof sa;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
  local_port_ = ntohs(sa.sin_port);
}

ctrl_client::~ctrl_client() {
  if (fd_ >= 0) ::close(fd_);
}

bool ctrl_client::send_raw(const std::string& bytes) {
  return fd_ >= 0 && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                         static_cast<ssize_t>(bytes.size());
}

bool ctrl_client::send(const std::string& text) {
  // The IPA length counts what follows the 3-byte header: extension + text.
  const std::size_t len = text.size() + 1;
  std::string frame;
  frame.push_back(static_cast<char>((len >> 8) & 0xff));
  frame.push_back(static_cast<char>(len & 0xff));
  frame.push_back(static_cast<char>(k_ipa_proto_osmo));
  frame.push_back(static_cast<char>(k_ipa_ext_ctrl));
  frame += text;
  return send_raw(frame);
}

std::optional<std::string> ctrl_client::receive(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (buffer_.size() >= 3) {
      const std::size_t len = std::size_t{static_cast<unsigned char>(buffer_[0])} * 256 +
                              std::size_t{static_cast<unsigned char>(buffer_[1])};
      if (buffer_.size() >= 3 + len) {
        std::string frame = buffer_.substr(3, len);
        const auto proto = static_cast<unsigned char>(buffer_[2]);
        buffer_.erase(0, 3 + len);
        if (proto != k_ipa_proto_osmo || frame.empty() ||
            static_cast<unsigned char>(frame[0]) != k_ipa_ext_ctrl)
          continue;  // not CTRL (an IPA PONG, say)
        return frame.substr(1);
      }
    }
    if (fd_ < 0 || closed_) return std::nullopt;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;
      return std::nullopt;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

std::string ctrl_client::request(const std::string& verb, const std::string& rest) {
  const std::string id = std::to_string(next_id_++);
  if (!send(verb + " " + id + " " + rest)) return "(not sent)";
  for (;;) {
    auto r = receive();
    if (!r) return closed_ ? "(closed)" : "(timeout)";
    // "GET_REPLY <id> ...", "SET_REPLY <id> ...", "ERROR <id> ...".
    const auto sp = r->find(' ');
    if (sp != std::string::npos && r->compare(sp + 1, id.size() + 1, id + " ") == 0) return *r;
  }
}

std::string ctrl_client::get(const std::string& var) {
  return request("GET", var);
}

std::string ctrl_client::set(const std::string& var, const std::string& value) {
  return request("SET", var + " " + value);
}

std::string ctrl_client::value_of(const std::string& reply) {
  if (reply.rfind("GET_REPLY ", 0) != 0 && reply.rfind("SET_REPLY ", 0) != 0) return reply;
  // "<type> <id> <var> <value>": the value is everything after the third space.
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    at = reply.find(' ', at);
    if (at == std::string::npos) return {};
    ++at;
  }
  return reply.substr(at);
}

std::string ctrl_client::without_id(const std::string& reply) {
  const auto a = reply.find(' ');
  if (a == std::string::npos) return reply;
  const auto b = reply.find(' ', a + 1);
  return reply.substr(0, a) + (b == std::string::npos ? "" : reply.substr(b));
}

}  // namespace cmr::test
