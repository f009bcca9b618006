// The "sigtran" config node: which cs7 instance the SCCP users bind on,
// their SSNs, and the IPA clients the stand-alone server accepts. ASPs, ASs,
// listeners and routes themselves are libosmo-sigtran's own "cs7 instance"
// commands (docs/sigtran.md).
//
//   sigtran
//    cs7-instance 0
//    sccp-user ssn 146
//    sccp-user ssn 241
//    ipa-client ssf-1 point-code 0.12.4
//
// Every SIGTRAN process installs this node (osmo_runtime_options::nodes);
// cmr-server also "show cmr sigtran" (ASP/AS states, routes, SCCP users and
// counters), over a status_slot the ss7_stack fills while it runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/config_node.h"
#include "common/status_slot.h"

namespace cmr::sigtran {

// sigtran / ipa-client NAME point-code PC: an IPA client the stand-alone
// server accepts (its IPA unit name, i.e. the client's ASP name, and its PC).
struct ipa_client {
  std::string name;
  std::string point_code;  // as written; parsed with the cs7 instance's format at start
};

struct sigtran_config {
  // sigtran / cs7-instance N
  std::uint32_t cs7_instance = 0;
  // sigtran / sccp-user ssn N (default 146 CAP and 241 INAP; "no sccp-user
  // ssn N" removes one). Kept sorted and unique.
  std::vector<std::uint8_t> ssns = {146, 241};
  std::vector<ipa_client> ipa_clients;
};

// The node filling `cfg` (which must outlive the VTY: process lifetime).
config::node sigtran_config_node(sigtran_config& cfg);
// "show cmr sigtran" over `slot` (ss7_stack_options::status).
config::show_command sigtran_show_command(const status_slot& slot);

}  // namespace cmr::sigtran
