#include "media/rtp/port_pool.h"

namespace cmr::media::rtp {

namespace asio = boost::asio;
using asio::ip::udp;

port_pool::port_pool(port_range range) : range_(range) {
  if (range_.first != 0 && range_.last < range_.first) range_.last = range_.first;
}

cmr::result<udp::socket, std::string> port_pool::open(asio::io_context& io,
                                                      const asio::ip::address& address) {
  udp::socket sock(io);
  boost::system::error_code ec;
  sock.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
  if (ec) return cmr::unexpected{"rtp socket: " + ec.message()};
  if (range_.first == 0) {
    sock.bind({address, 0}, ec);
    if (ec) return cmr::unexpected{"rtp bind: " + ec.message()};
    return sock;
  }
  // Even ports only; every candidate is tried at most once per call.
  const std::uint32_t first = range_.first + (range_.first & 1U);
  const std::uint32_t count = range_.last >= first ? (range_.last - first) / 2 + 1 : 1;
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto port = static_cast<std::uint16_t>(first + 2 * (next_.fetch_add(1) % count));
    sock.bind({address, port}, ec);
    if (!ec) return sock;
  }
  return cmr::unexpected{"rtp: no free port in " + std::to_string(range_.first) + "-" +
                         std::to_string(range_.last)};
}

}  // namespace cmr::media::rtp
