#include "sip/as/party_identity.h"

namespace cmr::sip::as {

std::string normalize_number(std::string_view user) {
  // tel: and user=phone numbers may carry parameters after ';'.
  user = user.substr(0, user.find(';'));
  std::string out;
  for (std::size_t i = 0; i < user.size(); ++i) {
    const char c = user[i];
    if (c >= '0' && c <= '9') {
      out.push_back(c);
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c == '-' || c == '.' || c == '(' || c == ')' || c == ' ') {
      continue;  // RFC 3966 visual separators
    } else {
      return {};
    }
  }
  return out;
}

std::string party_number(const message& invite, identity_source source) {
  switch (source) {
    case identity_source::request_uri:
      return normalize_number(invite.request_uri.user);
    case identity_source::to:
      if (auto to = invite.to()) return normalize_number(to->uri.user);
      return {};
    case identity_source::p_asserted_identity:
      // The first identity with a usable number (sip: and tel: may both be
      // present, RFC 3325 9.1).
      for (const auto& v : invite.header_values("P-Asserted-Identity")) {
        auto na = parse_name_addr(v);
        if (!na) continue;
        if (auto n = normalize_number(na->uri.user); !n.empty()) return n;
      }
      [[fallthrough]];
    case identity_source::from:
      if (auto from = invite.from()) return normalize_number(from->uri.user);
      return {};
  }
  return {};
}

}  // namespace cmr::sip::as
