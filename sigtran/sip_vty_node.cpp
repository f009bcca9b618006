// The "sip" config node: the CMR SIP application server (DESIGN.md 9).
//
//   sip
//    bind 127.0.0.1 5060
//    next-hop 127.0.0.1 5080 udp
//    mode cmrbt gateway
//    mode cmrt http
//    owner request-uri
//    other-party p-asserted-identity
//    media-address 127.0.0.1
//    rtp-ports 16384 32767
//    ring-timeout 120
//    max-call-duration 7200
//    url-lifetime 300
//    content-url-base http://127.0.0.1:8080/cmr/1/content/
#include <cstdlib>
#include <cstring>

#include "sigtran/sip_status.h"
#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr::sigtran {
namespace {

server_config* g_cfg = nullptr;  // the running configuration; osmo thread only

std::uint32_t to_u32(const char* s) {
  return static_cast<std::uint32_t>(std::strtoul(s, nullptr, 10));  // range checked by the parser
}

int write_sip(struct vty* vty) {
  const server_config& c = *g_cfg;
  vty_out(vty, "sip%s", VTY_NEWLINE);
  vty_out(vty, " bind %s %u%s", c.sip_address.c_str(), c.sip_port, VTY_NEWLINE);
  if (!c.sip_next_hop_address.empty())
    vty_out(vty, " next-hop %s %u %s%s", c.sip_next_hop_address.c_str(), c.sip_next_hop_port,
            c.sip_next_hop_tcp ? "tcp" : "udp", VTY_NEWLINE);
  vty_out(vty, " mode cmrbt %s%s", c.sip_cmrbt_mode.c_str(), VTY_NEWLINE);
  vty_out(vty, " mode cmrt %s%s", c.sip_cmrt_mode.c_str(), VTY_NEWLINE);
  vty_out(vty, " owner %s%s", c.sip_owner.c_str(), VTY_NEWLINE);
  vty_out(vty, " other-party %s%s", c.sip_other_party.c_str(), VTY_NEWLINE);
  vty_out(vty, " media-address %s%s", c.sip_media_address.c_str(), VTY_NEWLINE);
  vty_out(vty, " rtp-ports %u %u%s", c.sip_rtp_first, c.sip_rtp_last, VTY_NEWLINE);
  vty_out(vty, " ring-timeout %u%s", c.sip_ring_timeout_s, VTY_NEWLINE);
  vty_out(vty, " max-call-duration %u%s", c.sip_max_call_s, VTY_NEWLINE);
  vty_out(vty, " url-lifetime %u%s", c.sip_url_lifetime_s, VTY_NEWLINE);
  if (!c.sip_content_url_base.empty())
    vty_out(vty, " content-url-base %s%s", c.sip_content_url_base.c_str(), VTY_NEWLINE);
  vty_out(vty, "!%s", VTY_NEWLINE);
  return CMD_SUCCESS;
}

int cfg_bind(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_address = argv[0];
  g_cfg->sip_port = static_cast<std::uint16_t>(to_u32(argv[1]));
  return CMD_SUCCESS;
}

int cfg_next_hop(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (to_u32(argv[1]) == 0) return vty_reject(vty, "next-hop port must not be 0");
  g_cfg->sip_next_hop_address = argv[0];
  g_cfg->sip_next_hop_port = static_cast<std::uint16_t>(to_u32(argv[1]));
  g_cfg->sip_next_hop_tcp = std::strcmp(argv[2], "tcp") == 0;
  return CMD_SUCCESS;
}

int cfg_no_next_hop(cmd_element*, struct vty*, int, const char*[]) {
  g_cfg->sip_next_hop_address.clear();
  return CMD_SUCCESS;
}

int cfg_mode(cmd_element*, struct vty* vty, int, const char* argv[]) {
  const bool cmrt = std::strcmp(argv[0], "cmrt") == 0;
  // Spec 6.1.3 defines Gateway mode for CMRBT only.
  if (cmrt && std::strcmp(argv[1], "gateway") == 0)
    return vty_reject(vty, "gateway mode is defined for cmrbt only (spec 6.1.3)");
  (cmrt ? g_cfg->sip_cmrt_mode : g_cfg->sip_cmrbt_mode) = argv[1];
  return CMD_SUCCESS;
}

int cfg_owner(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_owner = argv[0];
  return CMD_SUCCESS;
}

int cfg_other_party(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_other_party = argv[0];
  return CMD_SUCCESS;
}

int cfg_media_address(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_media_address = argv[0];
  return CMD_SUCCESS;
}

int cfg_rtp_ports(cmd_element*, struct vty* vty, int, const char* argv[]) {
  const auto first = to_u32(argv[0]);
  const auto last = to_u32(argv[1]);
  if (first != 0 && last < first + 1)
    return vty_reject(vty, "rtp-ports: the range needs at least two ports (0 0: any free port)");
  g_cfg->sip_rtp_first = static_cast<std::uint16_t>(first);
  g_cfg->sip_rtp_last = static_cast<std::uint16_t>(last);
  return CMD_SUCCESS;
}

int cfg_ring_timeout(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_ring_timeout_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_max_call(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_max_call_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_url_lifetime(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sip_url_lifetime_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_content_url_base(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (std::strncmp(argv[0], "http://", 7) != 0 && std::strncmp(argv[0], "https://", 8) != 0)
    return vty_reject(vty, "content-url-base must be an http:// or https:// URL");
  g_cfg->sip_content_url_base = argv[0];
  return CMD_SUCCESS;
}

#define IDENT_DOC                                                                       \
  "Request-URI user part\nTo header URI\nP-Asserted-Identity (From when absent)\n" \
  "From header URI\n"

}  // namespace

void install_sip_vty_node(server_config& cfg) {
  g_cfg = &cfg;
  vty_node node(sip_node, "sip", "Configure the CMR SIP application server (B2BUA)\n",
                "%s(config-sip)# ", &write_sip);
  node.add("bind A.B.C.D <0-65535>",
           "Where SIP is received (UDP and TCP)\nIPv4 address\nPort (0: any free port, logged)\n",
           &cfg_bind)
      .add("next-hop A.B.C.D <1-65535> (udp|tcp)",
           "Where initial INVITEs toward the callee go\nIPv4 address\nPort\nUDP\nTCP\n",
           &cfg_next_hop)
      .add("no next-hop", NO_STR "Where initial INVITEs toward the callee go\n", &cfg_no_next_hop)
      .add("mode (cmrbt|cmrt) (http|application-server|gateway|off)",
           "How a service's resource is delivered (spec 6.1)\nRingback (caller side)\n"
           "Ringtone (callee side)\nURL in Alert-Info (6.1.1)\nEarly-session SDP and RTP (6.1.2)\n"
           "P-Early-Media SDP answer and RTP (6.1.3, cmrbt only)\nPass the calls through\n",
           &cfg_mode)
      .add("owner (request-uri|to|p-asserted-identity|from)",
           "Where the owner (called CMR subscriber) is read from\n" IDENT_DOC, &cfg_owner)
      .add("other-party (request-uri|to|p-asserted-identity|from)",
           "Where the other party (caller) is read from\n" IDENT_DOC, &cfg_other_party)
      .add("media-address A.B.C.D", "RTP source address, written into SDP\nIPv4 address\n",
           &cfg_media_address)
      .add("rtp-ports <0-65535> <0-65535>",
           "UDP ports of RTP streams\nFirst port (0: any free port)\nLast port\n", &cfg_rtp_ports)
      .add("ring-timeout <1-3600>",
           "Time the callee may ring before the call is cancelled (408)\nSeconds\n",
           &cfg_ring_timeout)
      .add("max-call-duration <1-604800>", "Answered calls are ended after\nSeconds\n",
           &cfg_max_call)
      .add("url-lifetime <1-604800>", "Validity of the HTTP-mode download URLs\nSeconds\n",
           &cfg_url_lifetime)
      .add("content-url-base URL",
           "Prefix of HTTP-mode download URLs\nhttp://host:port/cmr/1/content/\n",
           &cfg_content_url_base);
  node.install();
  install_sip_status_vty();  // "show cmr sip"
}

}  // namespace cmr::sigtran
