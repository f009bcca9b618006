// What an S-CSCF tells the application server about a request on the ISC
// interface (3GPP TS 24.229 5.7, docs/ims.md): the Route set to send the
// request back along, the served user and the session case.
//   Route: <sip:AS;lr>, <sip:S-CSCF;lr;orig;odi=...>
//   P-Served-User: <sip:+4917...@ims>;sescase=orig;regstate=reg   (RFC 5502)
//   P-Served-User: <sip:...>;orig-cdiv                            (RFC 8498)
// Without a P-Served-User the session case is the `orig` marker on the
// S-CSCF's return route (present: originating), and the served user the
// P-Asserted-Identity (originating) or the Request-URI (terminating).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sip/message/message.h"

namespace cmr::sip::as {

enum class session_case { none, originating, terminating, originating_cdiv };
const char* to_string(session_case c);  // "", "orig", "term", "orig-cdiv"

struct isc_context {
  // The Route entries after this AS's own one, as received (the S-CSCF's
  // return route first); empty: not invoked over ISC, the next hop applies.
  std::vector<std::string> return_route;
  bool own_route = false;      // the top Route named this AS (it is removed)
  bool foreign_route = false;  // the top Route named someone else: ignored
  session_case sescase = session_case::none;
  std::string served_user;  // E.164 digits ("" when none is usable)
  std::string regstate;     // P-Served-User regstate (reg|unreg), as received
  std::string icid;         // P-Charging-Vector icid-value
  [[nodiscard]] bool isc() const { return sescase != session_case::none; }
};

// `is_own` tells whether a Route URI names this AS (its listening address).
isc_context read_isc(const message& invite, const std::function<bool(const uri&)>& is_own);

// The icid-value of a P-Charging-Vector (RFC 7315 5.6), "" when absent.
std::string charging_icid(const message& m);

}  // namespace cmr::sip::as
