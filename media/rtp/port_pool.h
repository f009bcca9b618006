// RTP ports for outgoing streams (DESIGN.md section 11: 16384-32767). Each
// stream binds its own UDP socket; the pool hands out even ports in turn
// (RFC 3550 11: RTP on an even port, RTCP on the next odd one) and moves on
// when one is taken by someone else. first == 0 lets the kernel pick (tests).
// Thread-safe: SIP and the intelligent peripheral may share one pool.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace cmr::media::rtp {

struct port_range {
  std::uint16_t first = 16384;  // 0: any free port
  std::uint16_t last = 32767;
};

class port_pool {
public:
  explicit port_pool(port_range range = {});

  // An open socket bound to `address` on a port from the range.
  cmr::result<boost::asio::ip::udp::socket, std::string> open(
      boost::asio::io_context& io, const boost::asio::ip::address& address);

  [[nodiscard]] port_range range() const { return range_; }

private:
  port_range range_;
  std::atomic<std::uint32_t> next_{0};
};

}  // namespace cmr::media::rtp
