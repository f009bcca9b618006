#include "sip/as/isc.h"

#include "sip/as/party_identity.h"

namespace cmr::sip::as {

const char* to_string(session_case c) {
  switch (c) {
    case session_case::none:
      return "";
    case session_case::originating:
      return "orig";
    case session_case::terminating:
      return "term";
    case session_case::originating_cdiv:
      return "orig-cdiv";
  }
  return "";
}

std::string charging_icid(const message& m) {
  const auto* v = m.header("P-Charging-Vector");
  if (v == nullptr) return {};
  const auto params = param_list::parse(*v);
  if (!params) return {};
  auto icid = params->get("icid-value").value_or("");
  if (icid.size() >= 2 && icid.front() == '"' && icid.back() == '"')
    icid = icid.substr(1, icid.size() - 2);
  return icid;
}

isc_context read_isc(const message& invite, const std::function<bool(const uri&)>& is_own) {
  isc_context c;
  c.icid = charging_icid(invite);
  const auto routes = invite.header_values("Route");
  bool orig_marker = false;
  if (!routes.empty()) {
    const auto top = parse_name_addr(routes.front());
    if (top && is_own(top->uri)) {
      c.own_route = true;
      c.return_route.assign(routes.begin() + 1, routes.end());
      if (!c.return_route.empty()) {
        if (const auto next = parse_name_addr(c.return_route.front()))
          orig_marker = next->uri.params.has("orig");
      }
    } else {
      c.foreign_route = true;
    }
  }
  std::string psu_user;
  bool have_psu = false;
  if (const auto* psu = invite.header("P-Served-User")) {
    if (const auto na = parse_name_addr(*psu)) {
      have_psu = true;
      psu_user = normalize_number(na->uri.user);
      c.regstate = na->params.get("regstate").value_or("");
      const auto sescase = na->params.get("sescase");
      if (na->params.has("orig-cdiv")) {
        c.sescase = session_case::originating_cdiv;
      } else if (sescase == "orig") {
        c.sescase = session_case::originating;
      } else if (sescase == "term") {
        c.sescase = session_case::terminating;
      }
    }
  }
  if (c.sescase == session_case::none && (have_psu || !c.return_route.empty()))
    c.sescase = orig_marker ? session_case::originating : session_case::terminating;
  if (c.sescase == session_case::none) return c;
  if (!psu_user.empty()) {
    c.served_user = psu_user;
  } else if (c.sescase == session_case::terminating) {
    c.served_user = party_number(invite, identity_source::request_uri);
  } else {
    c.served_user = party_number(invite, identity_source::p_asserted_identity);
  }
  return c;
}

}  // namespace cmr::sip::as
