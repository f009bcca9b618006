// Settings of the intelligent peripheral (gsmSRF, DESIGN.md section 8): the
// "ip" node fills them (in/ip/ip_settings.h, in/ip/ip_config_node.h), tests
// fill them directly. The defaults are the node's.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "in/assist_prefixes.h"
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

// One prefix per family, in the order of the families.
inline std::vector<assist_prefix> prefix_list(const assist_prefixes& p) {
  std::vector<assist_prefix> list;
  for (const auto& f : assist_families) list.push_back({f.value, p.of(f.value)});
  return list;
}

// An SCCP address of a subsystem, its point code to be filled in.
inline sigtran::sccp_address ssn_address(std::uint8_t ssn) {
  sigtran::sccp_address a;
  a.ssn = ssn;
  return a;
}

struct ip_config {
  std::string address = "127.0.0.1";
  std::uint16_t port = 5070;  // UDP and TCP; 0: a free port (the same for both when possible)
  boost::asio::ip::address media_address = boost::asio::ip::make_address("127.0.0.1");
  media::rtp::port_range rtp;
  std::vector<assist_prefix> prefixes = prefix_list(assist_prefixes{});
  // Where AssistRequestInstructions go: CAP families to scp_cap, INAP to
  // scp_inap (point code and SSN).
  sigtran::sccp_address scp_cap = ssn_address(146);
  sigtran::sccp_address scp_inap = ssn_address(241);
  // A bearer is released (BYE) after this long, whatever happens.
  std::chrono::milliseconds max_call_duration{std::chrono::seconds(600)};
  // Routing-number form: after the SCP ended the assist dialogue, the SSF's
  // BYE (DisconnectForwardConnection) is awaited this long before the IP
  // releases the bearer itself (avoids two BYEs crossing in the normal flow).
  std::chrono::milliseconds release_grace{std::chrono::seconds(2)};
  // Routing-number form: no PlayAnnouncement this long after the ARI: the
  // dialogue is aborted and the bearer released.
  std::chrono::milliseconds instruction_timeout{std::chrono::seconds(20)};
  // WIN role (docs/cdma-delivery.md, win-resource): a seizure's TLDN is this
  // prefix + 6 digits the IP allocates; no bearer to it within tldn_timeout:
  // the seize transaction is aborted and the TLDN is free again.
  std::string tldn_prefix = "49608";
  std::chrono::milliseconds tldn_timeout{std::chrono::seconds(10)};
  sip::transport_options transport;
  sip::timer_config timers;
};

}  // namespace cmr::in::ip
