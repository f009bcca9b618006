#include "sip/message/request_check.h"

#include "sip/message/text.h"

namespace cmr::sip {

request_verdict check_request(const message& req, const request_policy& policy) {
  request_verdict v;
  bool scheme_ok = false;
  for (const auto& s : policy.uri_schemes)
    if (req.request_uri.scheme == s) scheme_ok = true;
  if (!scheme_ok) return {416, "Unsupported URI Scheme", {}};
  // To and From with unknown schemes are fine for a proxy; a UAS needs sip/tel
  // only for the Request-URI (RFC 4475 3.3.5 regaut01 vs 3.3.6 unkscm).

  if (policy.check_max_forwards) {
    if (const auto* mf = req.header("Max-Forwards")) {
      const auto hops = text::parse_uint(*mf, 255);
      // OPTIONS with 0 is answered by the element itself (RFC 3261 16.3 item 2).
      if (hops && *hops == 0 && req.method != "OPTIONS") return {483, "Too Many Hops", {}};
    }
  }
  // ACK and CANCEL cannot be rejected for Require (RFC 3261 8.2.2.3).
  if (req.method != "ACK" && req.method != "CANCEL") {
    for (const auto& value : req.header_values("Require")) {
      for (auto tag : text::split_top_level(value, ',')) {
        bool known = false;
        for (const auto& s : policy.supported_options)
          if (text::iequals(s, tag)) known = true;
        if (!known) v.unsupported.emplace_back(tag);
      }
    }
    if (!v.unsupported.empty()) {
      v.status = 420;
      v.reason = "Bad Extension";
      return v;
    }
  }
  return v;
}

}  // namespace cmr::sip
