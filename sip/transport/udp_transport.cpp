#include "sip/transport/udp_transport.h"

#include <boost/asio/socket_base.hpp>

#include "sip/log.h"

namespace cmr::sip {

namespace {

const counter_desc k_counters[] = {
    {"received", "SIP datagrams received"},
    {"sent", "SIP datagrams sent"},
    {"parse-errors", "Datagrams that did not parse as SIP"},
    {"send-errors", "Datagrams the socket refused"},
};
const counter_group_desc k_desc{"sip-udp", "SIP UDP transport", k_counters};

}  // namespace

udp_transport::counters::counters(std::string instance) : group(k_desc, 0, std::move(instance)) {}

udp_transport::udp_transport(boost::asio::io_context& io, transport_user& user,
                             transport_options options)
    : socket_(io), user_(user), options_(std::move(options)), stats_(options_.instance) {}

udp_transport::~udp_transport() {
  *alive_ = false;
  boost::system::error_code ec;
  socket_.close(ec);
}

result<std::unique_ptr<udp_transport>, std::string> udp_transport::open(
    boost::asio::io_context& io, transport_user& user, const boost::asio::ip::address& address,
    std::uint16_t port, const transport_options& options) {
  std::unique_ptr<udp_transport> t(new udp_transport(io, user, options));
  boost::system::error_code ec;
  const boost::asio::ip::udp::endpoint ep(address, port);
  t->socket_.open(ep.protocol(), ec);
  if (!ec && options.receive_buffer > 0)
    t->socket_.set_option(boost::asio::socket_base::receive_buffer_size(options.receive_buffer),
                          ec);
  if (!ec && options.send_buffer > 0)
    t->socket_.set_option(boost::asio::socket_base::send_buffer_size(options.send_buffer), ec);
  if (!ec) t->socket_.bind(ep, ec);
  if (ec)
    return unexpected("UDP " + ep.address().to_string() + ":" + std::to_string(port) + ": " +
                      ec.message());
  const auto bound = t->socket_.local_endpoint(ec);
  t->local_ = endpoint{bound.address(), bound.port(), transport_kind::udp};
  CMR_LOG(sip, info, "SIP UDP listening on %s", t->local_.to_string().c_str());
  t->receive();
  return t;
}

void udp_transport::receive() {
  socket_.async_receive_from(
      boost::asio::buffer(buffer_), sender_,
      [this, alive = alive_](const boost::system::error_code& ec, std::size_t n) {
        if (!*alive || ec == boost::asio::error::operation_aborted) return;
        if (!ec && n > 0) {
          ++stats_.received;
          const endpoint peer{sender_.address(), sender_.port(), transport_kind::udp};
          auto parsed = parse_message(std::string_view(buffer_.data(), n), options_.limits);
          if (parsed) {
            user_.on_message(std::move(*parsed), peer, 0);
          } else {
            ++stats_.parse_errors;
            CMR_LOG(sip, info, "UDP from %s: unparseable (%s: %s)", peer.to_string().c_str(),
                    to_string(parsed.error().code), parsed.error().detail.c_str());
            user_.on_parse_error(parsed.error(), peer, 0);
          }
          if (!*alive) return;  // the user closed us from the callback
        }
        if (socket_.is_open()) receive();
      });
}

bool udp_transport::send(const endpoint& to, std::string bytes, connection_id) {
  if (!socket_.is_open()) return false;
  // Datagrams go out synchronously: a UDP send does not block short of a full
  // send buffer, and keeping the order of retransmissions simple matters more.
  boost::system::error_code ec;
  socket_.send_to(boost::asio::buffer(bytes), boost::asio::ip::udp::endpoint(to.address, to.port),
                  0, ec);
  if (ec) {
    ++stats_.send_errors;
    CMR_LOG(sip, info, "UDP send to %s failed: %s", to.to_string().c_str(), ec.message().c_str());
    return false;
  }
  ++stats_.sent;
  return true;
}

void udp_transport::close() {
  boost::system::error_code ec;
  socket_.close(ec);
}

}  // namespace cmr::sip
