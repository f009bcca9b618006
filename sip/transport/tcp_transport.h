// SIP over TCP (RFC 3261 18): a listener plus connections opened on demand,
// reused for everything sent to the same peer, each closed when idle.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <string>

#include "sip/transport/tcp_connection.h"
#include "sip/transport/transport.h"
#include "common/result.h"

namespace cmr::sip {

class tcp_transport final : public transport {
public:
  static result<std::unique_ptr<tcp_transport>, std::string> open(
      boost::asio::io_context& io, transport_user& user, const boost::asio::ip::address& address,
      std::uint16_t port, const transport_options& options = {});
  ~tcp_transport() override;

  [[nodiscard]] transport_kind kind() const override { return transport_kind::tcp; }
  [[nodiscard]] endpoint local_endpoint() const override { return local_; }
  bool send(const endpoint& to, std::string bytes, connection_id conn = 0) override;
  void close() override;
  [[nodiscard]] std::size_t connection_count() const { return connections_.size(); }

private:
  tcp_transport(boost::asio::io_context& io, transport_user& user, transport_options options);
  void accept();
  std::shared_ptr<tcp_connection> make_connection(boost::asio::ip::tcp::socket socket);
  void apply_buffers(boost::asio::ip::tcp::socket& s);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  transport_user& user_;
  transport_options options_;
  endpoint local_;
  connection_id next_id_ = 1;
  std::map<connection_id, std::shared_ptr<tcp_connection>> connections_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cmr::sip
