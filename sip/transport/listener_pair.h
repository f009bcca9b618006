// One SIP port number for UDP and TCP (RFC 3261 18: a server listening on a
// port listens on both). With port 0 the UDP socket picks the number and TCP
// takes the same one; when another program already holds that number for TCP
// the pair is given up and tried again with a fresh number.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <memory>
#include <string>

#include "sip/transport/tcp_transport.h"
#include "sip/transport/udp_transport.h"
#include "common/result.h"

namespace cmr::sip {

struct listener_pair {
  std::unique_ptr<udp_transport> udp;
  std::unique_ptr<tcp_transport> tcp;
};

result<listener_pair, std::string> open_listener_pair(boost::asio::io_context& io,
                                                      transport_user& user,
                                                      const boost::asio::ip::address& address,
                                                      std::uint16_t port,
                                                      const transport_options& options = {});

}  // namespace cmr::sip
