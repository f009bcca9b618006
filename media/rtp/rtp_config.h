// The RTP settings of a node that sends media (the "sip" and "ip" nodes), in
// one spelling:
//
//    media-address 127.0.0.1
//    rtp-ports 16384 32767
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/system/error_code.hpp>
#include <string>

#include "common/config_node.h"
#include "media/rtp/port_pool.h"

namespace cmr::media::rtp {

// "media-address A.B.C.D": the RTP source address, written into SDP.
inline config::command media_address_command(boost::asio::ip::address& address) {
  return {"media-address A.B.C.D", "RTP source address, written into SDP\nIPv4 address\n",
          [&address](config::args a) -> config::outcome {
            boost::system::error_code ec;
            const auto parsed = boost::asio::ip::make_address(std::string(a[0]), ec);
            if (ec)
              return config::refuse("media-address " + std::string(a[0]) + ": " + ec.message());
            address = parsed;
            return ok;
          }};
}

// "rtp-ports FIRST LAST" (0 0: any free port).
inline config::command rtp_ports_command(port_range& range) {
  return {"rtp-ports <0-65535> <0-65535>",
          "UDP ports of RTP streams\nFirst port (0: any free port)\nLast port\n",
          [&range](config::args a) -> config::outcome {
            const auto first = config::number<std::uint16_t>(a[0]);
            const auto last = config::number<std::uint16_t>(a[1]);
            if (first != 0 && last <= first)
              return config::refuse(
                  "rtp-ports: the range needs at least two ports (0 0: any free port)");
            range = {first, last};
            return ok;
          }};
}

inline void write_media_lines(config::writer& w, const boost::asio::ip::address& address,
                              const port_range& range) {
  w.line(" media-address ", address.to_string());
  w.line(" rtp-ports ", range.first, " ", range.last);
}

}  // namespace cmr::media::rtp
