#include "sip/transport/listener_pair.h"

#include "sip/log.h"

namespace cmr::sip {

result<listener_pair, std::string> open_listener_pair(boost::asio::io_context& io,
                                                      transport_user& user,
                                                      const boost::asio::ip::address& address,
                                                      std::uint16_t port,
                                                      const transport_options& options) {
  // A fixed port gets one attempt; an ephemeral one a few, each with a new number.
  const int attempts = port == 0 ? 16 : 1;
  std::string last_error;
  for (int i = 0; i < attempts; ++i) {
    auto udp = udp_transport::open(io, user, address, port, options);
    if (!udp) return unexpected{"udp: " + udp.error()};
    auto tcp = tcp_transport::open(io, user, address, (*udp)->local_endpoint().port, options);
    if (tcp) return listener_pair{std::move(*udp), std::move(*tcp)};
    last_error = "tcp: " + tcp.error();
    if (port != 0) break;
    CMR_LOG(sip, info, "ephemeral port %u taken for TCP, trying another",
            static_cast<unsigned>((*udp)->local_endpoint().port));
  }
  return unexpected{last_error};
}

}  // namespace cmr::sip
