// A minimal Osmocom CTRL client for the tests: IPA framing (2-byte length,
// protocol 0xEE "OSMO", extension byte 0x00 "CTRL") around the text
// commands libosmoctrl parses ("GET <id> <var>", "SET <id> <var> <value>")
// and sends ("GET_REPLY <id> <var> <value>", "SET_REPLY ...", "ERROR <id>
// <reason>", "TRAP 0 <var> <value>").
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace cmr::test {

class ctrl_client {
public:
  explicit ctrl_client(unsigned short port, const char* host = "127.0.0.1");
  ~ctrl_client();
  ctrl_client(const ctrl_client&) = delete;
  ctrl_client& operator=(const ctrl_client&) = delete;

  bool connected() const { return fd_ >= 0; }
  unsigned short local_port() const { return local_port_; }

  // One CTRL message in an IPA frame.
  bool send(const std::string& text);
  // Raw bytes, no framing (malformed input).
  bool send_raw(const std::string& bytes);
  // The text of the next CTRL frame; nothing on timeout or when the server
  // closed the connection (closed() tells which).
  std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool closed() const { return closed_; }

  // Sends "GET <id> <var>" and returns the answer to that id (TRAPs that
  // arrive meanwhile are skipped), e.g. "GET_REPLY 3 cmr.version 0.15.0".
  std::string get(const std::string& var);
  std::string set(const std::string& var, const std::string& value);
  // The value of a GET_REPLY / SET_REPLY line, or the whole line otherwise.
  static std::string value_of(const std::string& reply);
  // The reply without its id: "ERROR read-only", "SET_REPLY cmr.x 1".
  static std::string without_id(const std::string& reply);

private:
  std::string request(const std::string& verb, const std::string& rest);

  int fd_ = -1;
  unsigned short local_port_ = 0;
  unsigned next_id_ = 1;
  std::string buffer_;
  bool closed_ = false;
};

}  // namespace cmr::test
