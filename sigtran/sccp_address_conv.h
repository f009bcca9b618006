// Private to sigtran/: sccp_address (plain, used by TCAP) to and from
// libosmo-sigtran's osmo_sccp_addr. Pure functions, any thread.
#pragma once

#include <cstdint>
#include <string>

#include "sigtran/sccp_types.h"

struct osmo_sccp_addr;

namespace cmr::sigtran {

// Route on SSN+PC unless route_on_gt; a non-empty gt_digits adds a global
// title with GTI 4 (TT, numbering plan, encoding, nature of address), which
// ITU networks expect and Wireshark decodes. Digits beyond 31 are cut.
void to_osmo(const sccp_address& in, osmo_sccp_addr& out);

// Every field the peer sent: PC, SSN and the GT parts its GTI carries.
sccp_address from_osmo(const osmo_sccp_addr& in);

// A point code in the default Osmocom 3.8.3 format ("0.23.2").
std::string format_pc(std::uint32_t pc);

// "0.23.2/146" plus " gt=4912345(tt=0,npi=1,nai=4)" when a GT is present;
// for logs.
std::string to_string(const sccp_address& a);

}  // namespace cmr::sigtran
