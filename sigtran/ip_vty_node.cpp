// The "ip" config node: the intelligent peripheral (in/ip, docs/cs-delivery.md
// sections 4 and 5, docs/configuration.md "ip").
//
//   ip
//    bind 127.0.0.1 5070
//    media-address 127.0.0.1
//    rtp-ports 16384 32767
//    scp point-code 0.23.2 ssn 146 inap-ssn 241
//    local-ssn 12
//    assist-prefix cap-v2 49602
//    assist-prefix cap-v3 49603
//    assist-prefix cap-v4 49604
//    assist-prefix inap 49601
//    max-call-duration 600
//    no shutdown
//
// Any command in the node enables the peripheral ("shutdown" disables it
// again). Also "show cmr ip" (counters) in the view and enable nodes.
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr {
namespace {
std::mutex g_query_mutex;
ip_status_query g_query;
}  // namespace

void set_ip_status_query(ip_status_query query) {
  const std::lock_guard lock(g_query_mutex);
  g_query = std::move(query);
}

ip_presence ip_node_presence() {
  using sigtran::node_entered;
  ip_presence p;
  p.entered = node_entered(sigtran::ip_node);
  p.alone = p.entered && !node_entered(sigtran::mgmt_node) && !node_entered(sigtran::sip_node) &&
            !node_entered(sigtran::scp_node);
  return p;
}

std::optional<std::uint32_t> parse_ip_point_code(std::uint32_t instance, const std::string& text) {
  // The instance's own format (point-code format); the default 3.8.3 without one.
  osmo_ss7_instance* inst = osmo_ss7_instance_find(instance);
  const int pc = osmo_ss7_pointcode_parse(inst, text.c_str());
  if (pc < 0) return std::nullopt;
  return static_cast<std::uint32_t>(pc);
}

}  // namespace cmr

namespace cmr::sigtran {
namespace {

server_config* g_cfg = nullptr;  // the running configuration; osmo thread only

std::uint32_t to_u32(const char* s) {
  return static_cast<std::uint32_t>(std::strtoul(s, nullptr, 10));  // range checked by the parser
}

ip_settings& ip() {
  g_cfg->ip.configured = true;
  return g_cfg->ip;
}

int write_ip(struct vty* vty) {
  const ip_settings& c = g_cfg->ip;
  if (!c.configured && !node_entered(ip_node)) return CMD_SUCCESS;
  vty_out(vty, "ip%s", VTY_NEWLINE);
  vty_out(vty, " bind %s %u%s", c.address.c_str(), c.port, VTY_NEWLINE);
  vty_out(vty, " media-address %s%s", c.media_address.c_str(), VTY_NEWLINE);
  vty_out(vty, " rtp-ports %u %u%s", c.rtp_first, c.rtp_last, VTY_NEWLINE);
  if (!c.scp_point_code.empty())
    vty_out(vty, " scp point-code %s ssn %u inap-ssn %u%s", c.scp_point_code.c_str(), c.scp_ssn,
            c.scp_inap_ssn, VTY_NEWLINE);
  else
    vty_out(vty, " scp ssn %u inap-ssn %u%s", c.scp_ssn, c.scp_inap_ssn, VTY_NEWLINE);
  vty_out(vty, " local-ssn %u%s", c.local_ssn, VTY_NEWLINE);
  vty_out(vty, " assist-prefix cap-v2 %s%s", c.assist_prefix_cap_v2.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix cap-v3 %s%s", c.assist_prefix_cap_v3.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix cap-v4 %s%s", c.assist_prefix_cap_v4.c_str(), VTY_NEWLINE);
  vty_out(vty, " assist-prefix inap %s%s", c.assist_prefix_inap.c_str(), VTY_NEWLINE);
  vty_out(vty, " max-call-duration %u%s", c.max_call_duration_s, VTY_NEWLINE);
  vty_out(vty, " %sshutdown%s", c.shutdown ? "" : "no ", VTY_NEWLINE);
  vty_out(vty, "!%s", VTY_NEWLINE);
  return CMD_SUCCESS;
}

int cfg_bind(cmd_element*, struct vty*, int, const char* argv[]) {
  ip().address = argv[0];
  ip().port = static_cast<std::uint16_t>(to_u32(argv[1]));
  return CMD_SUCCESS;
}

int cfg_media_address(cmd_element*, struct vty*, int, const char* argv[]) {
  ip().media_address = argv[0];
  return CMD_SUCCESS;
}

int cfg_rtp_ports(cmd_element*, struct vty* vty, int, const char* argv[]) {
  const auto first = to_u32(argv[0]);
  const auto last = to_u32(argv[1]);
  if (first != 0 && last < first + 1)
    return vty_reject(vty, "rtp-ports: the range needs at least two ports (0 0: any free port)");
  ip().rtp_first = static_cast<std::uint16_t>(first);
  ip().rtp_last = static_cast<std::uint16_t>(last);
  return CMD_SUCCESS;
}

// "scp point-code PC ssn N [inap-ssn M]": argv PC N [M].
int cfg_scp_pc(cmd_element*, struct vty* vty, int argc, const char* argv[]) {
  if (osmo_ss7_pointcode_parse(nullptr, argv[0]) < 0)
    return vty_reject(vty, "scp point-code %s: not a point code", argv[0]);
  auto& c = ip();
  c.scp_point_code = argv[0];
  c.scp_ssn = static_cast<std::uint8_t>(to_u32(argv[1]));
  if (argc > 2) c.scp_inap_ssn = static_cast<std::uint8_t>(to_u32(argv[2]));
  return CMD_SUCCESS;
}

// "scp ssn N inap-ssn M": the cs7 instance's own point code.
int cfg_scp_own(cmd_element*, struct vty*, int, const char* argv[]) {
  auto& c = ip();
  c.scp_point_code.clear();
  c.scp_ssn = static_cast<std::uint8_t>(to_u32(argv[0]));
  c.scp_inap_ssn = static_cast<std::uint8_t>(to_u32(argv[1]));
  return CMD_SUCCESS;
}

int cfg_local_ssn(cmd_element*, struct vty*, int, const char* argv[]) {
  ip().local_ssn = static_cast<std::uint8_t>(to_u32(argv[0]));
  return CMD_SUCCESS;
}

int cfg_assist_prefix(cmd_element*, struct vty* vty, int, const char* argv[]) {
  const std::size_t n = std::strlen(argv[1]);
  if (n == 0 || n > 16 || std::strspn(argv[1], "0123456789") != n)
    return vty_reject(vty, "assist-prefix %s: 1 to 16 decimal digits", argv[1]);
  auto& c = ip();
  const std::string family = argv[0];
  (family == "cap-v2"   ? c.assist_prefix_cap_v2
   : family == "cap-v3" ? c.assist_prefix_cap_v3
   : family == "cap-v4" ? c.assist_prefix_cap_v4
                        : c.assist_prefix_inap) = argv[1];
  return CMD_SUCCESS;
}

int cfg_max_call(cmd_element*, struct vty*, int, const char* argv[]) {
  ip().max_call_duration_s = to_u32(argv[0]);
  return CMD_SUCCESS;
}

int cfg_shutdown(cmd_element*, struct vty*, int, const char*[]) {
  ip().shutdown = true;
  return CMD_SUCCESS;
}

int cfg_no_shutdown(cmd_element*, struct vty*, int, const char*[]) {
  ip().shutdown = false;
  return CMD_SUCCESS;
}

int show_ip(cmd_element*, struct vty* vty, int, const char*[]) {
  return vty_print_status(vty, g_query_mutex, g_query,
                          "intelligent peripheral not running (no ip node, or shutdown)");
}

cmd_element g_show{};

#define SSN_DOC "Subsystem number\n"

}  // namespace

void install_ip_vty_node(server_config& cfg) {
  g_cfg = &cfg;
  vty_node node(ip_node, "ip", "Configure the intelligent peripheral (gsmSRF)\n",
                "%s(config-ip)# ", &write_ip);
  node.add("bind A.B.C.D <0-65535>",
           "Where bearer INVITEs are received (UDP and TCP)\nIPv4 address\n"
           "Port (0: any free port, logged)\n",
           &cfg_bind)
      .add("media-address A.B.C.D", "RTP source address, written into SDP\nIPv4 address\n",
           &cfg_media_address)
      .add("rtp-ports <0-65535> <0-65535>",
           "UDP ports of RTP streams\nFirst port (0: any free port)\nLast port\n", &cfg_rtp_ports)
      .add("scp point-code POINT_CODE ssn <2-254>",
           "Where AssistRequestInstructions go\nPoint code of the SCP\nPoint code\n"
           "SSN of the SCP's CAP user\n" SSN_DOC,
           &cfg_scp_pc)
      .add("scp point-code POINT_CODE ssn <2-254> inap-ssn <2-254>",
           "Where AssistRequestInstructions go\nPoint code of the SCP\nPoint code\n"
           "SSN of the SCP's CAP user\n" SSN_DOC "SSN of the SCP's INAP user\n" SSN_DOC,
           &cfg_scp_pc)
      .add("scp ssn <2-254> inap-ssn <2-254>",
           "Where AssistRequestInstructions go (the cs7 instance's own point code)\n"
           "SSN of the SCP's CAP user\n" SSN_DOC "SSN of the SCP's INAP user\n" SSN_DOC,
           &cfg_scp_own)
      .add("local-ssn <2-254>",
           "The IP's own SCCP user (also a sigtran / sccp-user ssn)\n" SSN_DOC, &cfg_local_ssn)
      .add("assist-prefix (cap-v2|cap-v3|cap-v4|inap) DIGITS",
           "Routing-number prefix of a protocol family (EstablishTemporaryConnection)\n"
           "CAP phase 2\nCAP phase 3\nCAP phase 4\nETSI INAP CS-1\nDecimal digits\n",
           &cfg_assist_prefix)
      .add("max-call-duration <1-86400>", "Bearers are released after\nSeconds\n", &cfg_max_call)
      .add("shutdown", "Do not start the intelligent peripheral\n", &cfg_shutdown)
      .add("no shutdown", NO_STR "Do not start the intelligent peripheral\n", &cfg_no_shutdown);
  node.install();
  g_show.string = "show cmr ip";
  g_show.doc = SHOW_STR "CMR server\nIntelligent peripheral counters (bearers, plays, TCAP)\n";
  g_show.func = &show_ip;
  install_element_ve(&g_show);
}

}  // namespace cmr::sigtran
