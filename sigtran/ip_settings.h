// The "ip" config node as plain C++ (filled by sigtran/ip_vty_node.cpp, read
// by apps/cmr-server and in/ip). See docs/cs-delivery.md sections 4 and 5 and
// docs/configuration.md ("ip").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace cmr {

struct ip_settings {
  // The node appeared in the configuration (any of its commands was given):
  // the intelligent peripheral starts unless "shutdown" is set.
  bool configured = false;
  bool shutdown = false;
  [[nodiscard]] bool enabled() const { return configured && !shutdown; }

  // ip / bind ADDR PORT (UDP and TCP; 0: a free port, logged)
  std::string address = "127.0.0.1";
  std::uint16_t port = 5070;
  // ip / media-address ADDR (RTP source, SDP c=); rtp-ports FIRST LAST (0 0: any)
  std::string media_address = "127.0.0.1";
  std::uint16_t rtp_first = 16384;
  std::uint16_t rtp_last = 32767;
  // ip / scp point-code PC ssn N [inap-ssn M]: where AssistRequestInstructions
  // go (CAP families to ssn, INAP to inap-ssn). Empty point code: the cs7
  // instance's own point code (the SCP in the same server).
  std::string scp_point_code;  // as written; parsed with the instance's format at start
  std::uint8_t scp_ssn = 146;
  std::uint8_t scp_inap_ssn = 241;
  // ip / local-ssn N: the IP's own SCCP user (must be among the sigtran
  // node's "sccp-user ssn" lines).
  std::uint8_t local_ssn = 12;
  // ip / assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS (docs/cs-delivery.md 4)
  std::string assist_prefix_cap_v2 = "49602";
  std::string assist_prefix_cap_v3 = "49603";
  std::string assist_prefix_cap_v4 = "49604";
  std::string assist_prefix_inap = "49601";
  // ip / max-call-duration S: a bearer is released (BYE) after this long.
  std::uint32_t max_call_duration_s = 600;
};

// "show cmr ip": the running peripheral's counters as '\n'-separated "name
// value" lines. Installed by the composition root (thread-safe; an empty
// function removes it before the peripheral goes); called on the osmo thread.
using ip_status_query = std::function<std::string()>;
void set_ip_status_query(ip_status_query query);

// Osmo thread, after the config file was read: whether it had an "ip" node
// (even an empty one), and whether that was the only daemon node besides
// "cmr" and "sigtran" (no "mgmt", "sip" or "scp"): then cmr-server runs
// just the intelligent peripheral (configs/ip-standalone.cfg).
struct ip_presence {
  bool entered = false;
  bool alone = false;
};
ip_presence ip_node_presence();

// Osmo thread (bridge::call_on_osmo): `text` as a point code in the format of
// cs7 instance `instance`; nullopt when it is not one.
std::optional<std::uint32_t> parse_ip_point_code(std::uint32_t instance, const std::string& text);

}  // namespace cmr
