#include "sip/message/request_check.h"

#include "sip/message/text.h"

namespace cmr::sip {

namespace {

bool accepts_sdp(const std::string& value) {
  for (auto range : text::split_top_level(value, ',')) {
    const auto type = text::trim(range.substr(0, range.find(';')));
    if (text::iequals(type, "application/sdp") || type == "*/*" ||
        text::iequals(type, "application/*"))
      return true;
  }
  return false;
}

void collect_unknown(const message& req, std::string_view header, const request_policy& policy,
                     std::vector<std::string>& out) {
  for (const auto& value : req.header_values(header)) {
    for (auto tag : text::split_top_level(value, ',')) {
      bool known = false;
      for (const auto& s : policy.supported_options)
        if (text::iequals(s, tag)) known = true;
      if (!known) out.emplace_back(tag);
    }
  }
}

}  // namespace

bool is_known_method(std::string_view method) {
  for (std::string_view m :
       {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "UPDATE", "INFO",
        "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH"})
    if (m == method) return true;
  return false;
}

request_verdict check_request(const message& req, const request_policy& policy) {
  request_verdict v;
  if (!policy.allowed_methods.empty() && req.method != "ACK") {
    bool allowed = false;
    for (const auto& m : policy.allowed_methods)
      if (m == req.method) allowed = true;
    if (!allowed) {
      if (is_known_method(req.method)) return {405, "Method Not Allowed", {}};
      return {501, "Not Implemented", {}};
    }
  }
  bool scheme_ok = false;
  for (const auto& s : policy.uri_schemes)
    if (req.request_uri.scheme == s) scheme_ok = true;
  // Unknown schemes in To/From/Contact are fine (RFC 4475 3.3.4); only the
  // Request-URI must be one the element can route (3.3.2, 3.3.3).
  if (!scheme_ok) return {416, "Unsupported URI Scheme", {}};

  if (policy.forwarding) {
    if (const auto* mf = req.header("Max-Forwards")) {
      const auto hops = text::parse_uint(*mf, 255);
      if (hops && *hops == 0) return {483, "Too Many Hops", {}};
    }
  }
  // ACK and CANCEL cannot be rejected for Require (RFC 3261 8.2.2.3).
  if (req.method != "ACK" && req.method != "CANCEL") {
    collect_unknown(req, "Require", policy, v.unsupported);
    if (policy.forwarding) collect_unknown(req, "Proxy-Require", policy, v.unsupported);
    if (!v.unsupported.empty()) {
      v.status = 420;
      v.reason = "Bad Extension";
      return v;
    }
  }
  if (!policy.accepted_bodies.empty() && !req.body.empty()) {
    const auto* ct = req.header("Content-Type");
    bool ok = false;
    // A view of the header itself: a substr() temporary would dangle.
    const std::string_view value = ct == nullptr ? std::string_view{} : std::string_view(*ct);
    const auto type = text::trim(value.substr(0, value.find(';')));
    for (const auto& a : policy.accepted_bodies)
      if (text::iequals(a, type)) ok = true;
    if (!ok) return {415, "Unsupported Media Type", {}};
  }
  if (policy.require_sdp_in_accept && req.method == "INVITE") {
    const auto accepts = req.header_values("Accept");
    bool any = accepts.empty();
    for (const auto& a : accepts)
      if (accepts_sdp(a)) any = true;
    if (!any) return {406, "Not Acceptable", {}};
  }
  return v;
}

}  // namespace cmr::sip
