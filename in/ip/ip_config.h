// Settings of the intelligent peripheral (gsmSRF, DESIGN.md section 8): the
// composition root converts the "ip" VTY node (sigtran/ip_settings.h) into
// this; tests fill it directly.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "in/codec/codec_types.h"
#include "media/rtp/port_pool.h"
#include "sigtran/sccp_types.h"
#include "sip/transaction/timer_config.h"
#include "sip/transport/transport.h"

namespace cmr::in::ip {

// "ip / assist-prefix FAMILY DIGITS": a routing number starting with DIGITS
// belongs to that protocol family (docs/cs-delivery.md 4).
struct assist_prefix {
  codec::protocol_variant variant = codec::protocol_variant::cap_v2;
  std::string digits;
};

struct ip_config {
  std::string address = "127.0.0.1";
  std::uint16_t port = 5070;  // UDP and TCP; 0: a free port (the same for both when possible)
  boost::asio::ip::address media_address = boost::asio::ip::make_address("127.0.0.1");
  media::rtp::port_range rtp;
  std::vector<assist_prefix> prefixes = {
      {codec::protocol_variant::cap_v2, "49602"},
      {codec::protocol_variant::cap_v3, "49603"},
      {codec::protocol_variant::cap_v4, "49604"},
      {codec::protocol_variant::inap_cs1, "49601"}};
  // Where AssistRequestInstructions go: CAP families to scp_cap, INAP to
  // scp_inap (point code and SSN).
  sigtran::sccp_address scp_cap;
  sigtran::sccp_address scp_inap;
  // A bearer is released (BYE) after this long, whatever happens.
  std::chrono::milliseconds max_call_duration{std::chrono::seconds(600)};
  // Routing-number form: after the SCP ended the assist dialogue, the SSF's
  // BYE (DisconnectForwardConnection) is awaited this long before the IP
  // releases the bearer itself (avoids two BYEs crossing in the normal flow).
  std::chrono::milliseconds release_grace{std::chrono::seconds(2)};
  // Routing-number form: no PlayAnnouncement this long after the ARI: the
  // dialogue is aborted and the bearer released.
  std::chrono::milliseconds instruction_timeout{std::chrono::seconds(20)};
  sip::transport_options transport;
  sip::timer_config timers;
};

}  // namespace cmr::in::ip
