// One SIP-over-TCP connection: stream framing on receive, a bounded write
// queue, and an idle timer that closes connections nobody uses.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "sip/message/stream_framer.h"
#include "sip/transport/transport.h"

namespace cmr::sip {

class tcp_connection : public std::enable_shared_from_this<tcp_connection> {
public:
  using closed_fn = std::function<void(connection_id)>;

  tcp_connection(boost::asio::ip::tcp::socket socket, connection_id id, transport_user& user,
                 const transport_options& options, closed_fn on_closed);

  // For an accepted socket: start reading.
  void start(const endpoint& peer);
  // For an outbound connection: connect, then read and flush the queue.
  void connect(const endpoint& peer);
  bool send(std::string bytes);
  void close();

  [[nodiscard]] connection_id id() const { return id_; }
  [[nodiscard]] const endpoint& peer() const { return peer_; }
  [[nodiscard]] bool open() const { return !closed_; }

private:
  void read();
  void write_next();
  void touch();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer idle_;
  connection_id id_;
  transport_user& user_;
  const transport_options& options_;
  closed_fn on_closed_;
  endpoint peer_;
  stream_framer framer_;
  std::array<char, 16384> buffer_{};
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool connected_ = false;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace cmr::sip
