// The transport layer's two small interfaces: a transport sends bytes and
// reports what it received (already parsed) to its transport_user.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "sip/message/message.h"
#include "sip/message/parser.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip {

struct transport_options {
  parse_limits limits;
  // SO_RCVBUF / SO_SNDBUF bytes, 0 keeps the system default. A burst of
  // datagrams overflows the stock 208 KiB long before the CPU is the limit
  // (FACTS.md); the kernel caps the value at net.core.rmem_max/wmem_max.
  int receive_buffer = 4 * 1024 * 1024;
  int send_buffer = 4 * 1024 * 1024;
  // TCP only.
  std::chrono::seconds idle_timeout{300};
  // The name of the transport's counter group ("as", "ip"; common/counters.h).
  std::string instance;
  std::size_t max_connections = 1024;
  std::size_t max_write_queue = 4 * 1024 * 1024;  // per connection, bytes
};

class transport_user {
public:
  virtual ~transport_user() = default;
  virtual void on_message(message msg, const endpoint& peer, connection_id conn) = 0;
  // A datagram or stream segment that did not parse; `f.partial` may allow
  // answering a request (400/505/513).
  virtual void on_parse_error(const parse_failure& f, const endpoint& peer, connection_id conn) = 0;
};

class transport {
public:
  virtual ~transport() = default;
  [[nodiscard]] virtual transport_kind kind() const = 0;
  // The bound address and port (the chosen one when opened with port 0).
  [[nodiscard]] virtual endpoint local_endpoint() const = 0;
  // Sends one serialized message. Stream transports use `conn` when it is
  // still open, else a connection to `to` (opened on demand). Returns false
  // when it could not even be queued.
  virtual bool send(const endpoint& to, std::string bytes, connection_id conn = 0) = 0;
  virtual void close() = 0;
  [[nodiscard]] bool reliable() const { return kind() == transport_kind::tcp; }
};

}  // namespace cmr::sip
