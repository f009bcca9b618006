// Where a SIP message comes from or goes to.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>

namespace cmr::sip {

enum class transport_kind { udp, tcp };

inline const char* to_string(transport_kind k) {
  return k == transport_kind::udp ? "UDP" : "TCP";
}

struct endpoint {
  boost::asio::ip::address address;
  std::uint16_t port = 0;
  transport_kind kind = transport_kind::udp;

  [[nodiscard]] std::string to_string() const {
    const auto a = address.to_string();
    return (address.is_v6() ? "[" + a + "]" : a) + ":" + std::to_string(port) + "/" +
           sip::to_string(kind);
  }
  bool operator==(const endpoint&) const = default;
};

// Connection handle for stream transports; 0 means "none / datagram".
using connection_id = std::uint64_t;

}  // namespace cmr::sip
