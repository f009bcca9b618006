// The "ip" config node's typed configuration: the intelligent peripheral
// (docs/cs-delivery.md sections 4 and 5, docs/configuration.md "ip"). The
// node (in/ip/ip_config_node.h) fills it; at start the composition root
// resolves the SCP's point code with the cs7 instance (scp_point_code) and
// runs an ip_node with `config`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "in/assist_prefixes.h"
#include "in/ip/ip_config.h"

namespace cmr::in::ip {

struct ip_settings {
  // The node appeared in the configuration (its "ip" line, even without
  // commands): the intelligent peripheral starts unless "shutdown" is set.
  bool configured = false;
  bool shutdown = false;
  [[nodiscard]] bool enabled() const { return configured && !shutdown; }

  // ip / bind ADDR PORT, media-address ADDR, rtp-ports FIRST LAST,
  // max-call-duration S, and the SSNs of "scp ... ssn N inap-ssn M".
  ip_config config;
  // ip / scp point-code PC ...: as written, parsed with the cs7 instance's
  // format at start; empty: the instance's own point code (the SCP in the
  // same server).
  std::string scp_point_code;
  // ip / local-ssn N: the IP's own SCCP user (must be among the sigtran
  // node's "sccp-user ssn" lines).
  std::uint8_t local_ssn = 12;
  // ip / win-ssn N: the SCCP user of the WIN role (ANSI TCAP, SeizeResource
  // from the SCP; also a "sigtran / sccp-user ssn"); "no win-ssn": no WIN role.
  std::optional<std::uint8_t> win_ssn = 148;
  // ip / assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS; config.prefixes
  // at start.
  assist_prefixes assist_prefix;
};

}  // namespace cmr::in::ip
