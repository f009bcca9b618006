#include "sip/transport/tcp_transport.h"

#include <boost/asio/socket_base.hpp>

#include "sip/log.h"

namespace cmr::sip {

tcp_transport::tcp_transport(boost::asio::io_context& io, transport_user& user,
                             transport_options options)
    : io_(io), acceptor_(io), user_(user), options_(std::move(options)) {}

tcp_transport::~tcp_transport() {
  *alive_ = false;
  close();
}

result<std::unique_ptr<tcp_transport>, std::string> tcp_transport::open(
    boost::asio::io_context& io, transport_user& user, const boost::asio::ip::address& address,
    std::uint16_t port, const transport_options& options) {
  std::unique_ptr<tcp_transport> t(new tcp_transport(io, user, options));
  boost::system::error_code ec;
  const boost::asio::ip::tcp::endpoint ep(address, port);
  t->acceptor_.open(ep.protocol(), ec);
  if (!ec) t->acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (!ec) t->acceptor_.bind(ep, ec);
  if (!ec) t->acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec)
    return unexpected("TCP " + address.to_string() + ":" + std::to_string(port) + ": " +
                      ec.message());
  const auto bound = t->acceptor_.local_endpoint(ec);
  t->local_ = endpoint{bound.address(), bound.port(), transport_kind::tcp};
  CMR_LOG(sip, info, "SIP TCP listening on %s", t->local_.to_string().c_str());
  t->accept();
  return t;
}

void tcp_transport::apply_buffers(boost::asio::ip::tcp::socket& s) {
  boost::system::error_code ec;
  if (options_.receive_buffer > 0)
    s.set_option(boost::asio::socket_base::receive_buffer_size(options_.receive_buffer), ec);
  if (options_.send_buffer > 0)
    s.set_option(boost::asio::socket_base::send_buffer_size(options_.send_buffer), ec);
  s.set_option(boost::asio::ip::tcp::no_delay(true), ec);
}

std::shared_ptr<tcp_connection> tcp_transport::make_connection(
    boost::asio::ip::tcp::socket socket) {
  const auto id = next_id_++;
  auto conn = std::make_shared<tcp_connection>(std::move(socket), id, user_, options_,
                                               [this, alive = alive_](connection_id closed) {
                                                 if (*alive) connections_.erase(closed);
                                               });
  connections_.emplace(id, conn);
  return conn;
}

void tcp_transport::accept() {
  acceptor_.async_accept([this, alive = alive_](const boost::system::error_code& ec,
                                                boost::asio::ip::tcp::socket socket) {
    if (!*alive || ec == boost::asio::error::operation_aborted) return;
    if (!ec) {
      if (connections_.size() >= options_.max_connections) {
        CMR_LOG(sip, notice, "TCP connection limit %zu reached, refusing",
                options_.max_connections);
        boost::system::error_code ignored;
        socket.close(ignored);
      } else {
        apply_buffers(socket);
        boost::system::error_code rec;
        const auto remote = socket.remote_endpoint(rec);
        if (!rec) {
          auto conn = make_connection(std::move(socket));
          conn->start(endpoint{remote.address(), remote.port(), transport_kind::tcp});
        }
      }
    }
    if (acceptor_.is_open()) accept();
  });
}

bool tcp_transport::send(const endpoint& to, std::string bytes, connection_id conn) {
  if (conn != 0) {
    if (auto it = connections_.find(conn); it != connections_.end() && it->second->open())
      return it->second->send(std::move(bytes));
  }
  for (auto& [id, c] : connections_)
    if (c->peer() == to && c->open()) return c->send(std::move(bytes));
  if (connections_.size() >= options_.max_connections) return false;
  boost::asio::ip::tcp::socket socket(io_);
  boost::system::error_code ec;
  socket.open(to.address.is_v6() ? boost::asio::ip::tcp::v6() : boost::asio::ip::tcp::v4(), ec);
  if (ec) return false;
  apply_buffers(socket);
  auto c = make_connection(std::move(socket));
  c->connect(endpoint{to.address, to.port, transport_kind::tcp});
  return c->send(std::move(bytes));
}

void tcp_transport::close() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  auto conns = std::move(connections_);
  connections_.clear();
  for (auto& [id, c] : conns) c->close();
}

}  // namespace cmr::sip
