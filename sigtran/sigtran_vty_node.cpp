// The "sigtran" config node: which cs7 instance the SCCP users bind on,
// their SSNs, and the IPA clients the stand-alone server accepts; plus the
// "show cmr sigtran" command (ASP/AS states, routes, SCCP user counters).
//
//   sigtran
//    cs7-instance 0
//    sccp-user ssn 146
//    sccp-user ssn 241
//    ipa-client ssf-1 point-code 0.12.4
//
// ASPs, ASs, listeners and routes themselves are libosmo-sigtran's own
// "cs7 instance" commands (docs/sigtran.md).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "sigtran/ss7_stack.h"
#include "sigtran/vty_node.h"
#include "sigtran/vty_nodes.h"

namespace cmr::sigtran {
namespace {

server_config* g_cfg = nullptr;  // the running configuration; osmo thread only

int write_sigtran(struct vty* vty) {
  const server_config& c = *g_cfg;
  vty_out(vty, "sigtran%s", VTY_NEWLINE);
  vty_out(vty, " cs7-instance %u%s", c.sigtran_cs7_instance, VTY_NEWLINE);
  for (const std::uint8_t ssn : c.sigtran_ssns)
    vty_out(vty, " sccp-user ssn %u%s", static_cast<unsigned>(ssn), VTY_NEWLINE);
  for (const auto& cl : c.sigtran_ipa_clients)
    vty_out(vty, " ipa-client %s point-code %s%s", cl.name.c_str(), cl.point_code.c_str(), VTY_NEWLINE);
  vty_out(vty, "!%s", VTY_NEWLINE);
  return CMD_SUCCESS;
}

int cfg_cs7_instance(cmd_element*, struct vty*, int, const char* argv[]) {
  g_cfg->sigtran_cs7_instance = static_cast<std::uint32_t>(std::strtoul(argv[0], nullptr, 10));
  return CMD_SUCCESS;
}

int cfg_sccp_user(cmd_element*, struct vty*, int, const char* argv[]) {
  const auto ssn = static_cast<std::uint8_t>(std::strtoul(argv[0], nullptr, 10));
  auto& v = g_cfg->sigtran_ssns;
  if (std::find(v.begin(), v.end(), ssn) == v.end()) {
    v.push_back(ssn);
    std::sort(v.begin(), v.end());
  }
  return CMD_SUCCESS;
}

int cfg_no_sccp_user(cmd_element*, struct vty*, int, const char* argv[]) {
  const auto ssn = static_cast<std::uint8_t>(std::strtoul(argv[0], nullptr, 10));
  auto& v = g_cfg->sigtran_ssns;
  v.erase(std::remove(v.begin(), v.end(), ssn), v.end());
  return CMD_SUCCESS;
}

int cfg_ipa_client(cmd_element*, struct vty* vty, int, const char* argv[]) {
  if (std::strlen(argv[0]) > 31) return vty_reject(vty, "IPA unit name longer than 31 characters");
  // The point code format belongs to the cs7 instance; it is parsed at start.
  if (std::strspn(argv[1], "0123456789.-") != std::strlen(argv[1]))
    return vty_reject(vty, "point code '%s' is not like 0.23.2 or 1234", argv[1]);
  auto& v = g_cfg->sigtran_ipa_clients;
  const auto it = std::find_if(v.begin(), v.end(), [&](const sigtran_ipa_client& c) { return c.name == argv[0]; });
  if (it != v.end())
    it->point_code = argv[1];
  else
    v.push_back({argv[0], argv[1]});
  return CMD_SUCCESS;
}

int cfg_no_ipa_client(cmd_element*, struct vty*, int, const char* argv[]) {
  auto& v = g_cfg->sigtran_ipa_clients;
  v.erase(std::remove_if(v.begin(), v.end(), [&](const sigtran_ipa_client& c) { return c.name == argv[0]; }),
          v.end());
  return CMD_SUCCESS;
}

int show_cmr_sigtran(cmd_element*, struct vty* vty, int, const char*[]) {
  ss7_stack* stack = ss7_stack::active();
  if (stack == nullptr) {
    vty_out(vty, "%% SIGTRAN is not running%s", VTY_NEWLINE);
    return CMD_WARNING;
  }
  stack->refresh_links();  // we are on the osmo thread: show the state of this moment
  vty_out(vty, "%s", stack->show_text(VTY_NEWLINE).c_str());
  return CMD_SUCCESS;
}

// "show" lives in the view/enable nodes, outside vty_node's config nodes.
cmd_element g_show{};

#define SSN_DOC "Subsystem number (146 CAP, 241 INAP)\n"

}  // namespace

void install_sigtran_vty_node(server_config& cfg) {
  g_cfg = &cfg;
  vty_node node(sigtran_node, "sigtran", "Configure the SCCP users of the CMR server\n",
                "%s(config-sigtran)# ", &write_sigtran);
  node.add("cs7-instance <0-15>", "The cs7 instance the SCCP users bind on\nInstance number\n",
           &cfg_cs7_instance)
      .add("sccp-user ssn <2-254>", "Bind an SCCP user (TCAP: CAP/INAP)\nSubsystem number\n" SSN_DOC,
           &cfg_sccp_user)
      .add("no sccp-user ssn <2-254>",
           NO_STR "Bind an SCCP user (TCAP: CAP/INAP)\nSubsystem number\n" SSN_DOC, &cfg_no_sccp_user)
      .add("ipa-client NAME point-code PC",
           "Accept an IPA client on this instance's 'listen ipa' (stand-alone server)\n"
           "IPA unit name of the client (its ASP name)\nPoint code of the client\n"
           "Point code, in the cs7 instance's format\n",
           &cfg_ipa_client)
      .add("no ipa-client NAME",
           NO_STR "Accept an IPA client on this instance's 'listen ipa' (stand-alone server)\n"
                  "IPA unit name of the client\n",
           &cfg_no_ipa_client);
  node.install();

  g_show.string = "show cmr sigtran";
  g_show.doc = SHOW_STR "CMR server\nSIGTRAN: ASP/AS states, routes, SCCP users and counters\n";
  g_show.func = &show_cmr_sigtran;
  install_element_ve(&g_show);
}

}  // namespace cmr::sigtran
