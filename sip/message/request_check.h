// Checks a UAS or proxy makes on a parsed request before processing it
// (RFC 3261 8.2.1-8.2.3, 16.3), returning the status to reject it with.
// Kept apart from the parser: these requests are well formed, and whether
// they fail depends on what the element supports (RFC 4475 section 3.3).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sip/message/message.h"

namespace cmr::sip {

struct request_policy {
  std::vector<std::string> supported_options{"100rel", "timer", "replaces"};
  std::vector<std::string> uri_schemes{"sip", "sips", "tel"};
  // A forwarding element: Max-Forwards 0 gives 483 (RFC 4475 3.3.11), and
  // Proxy-Require is checked as well as Require (3.3.5).
  bool forwarding = true;
  // Body types a UAS understands; others get 415 (3.3.6). Empty: no check.
  std::vector<std::string> accepted_bodies{"application/sdp", "multipart/mixed"};
  // INVITE whose Accept excludes SDP gets 406 (3.3.15).
  bool require_sdp_in_accept = true;
  // Methods a UAS implements; others get 405 when RFC 3261 defines them and
  // 501 when unknown (RFC 4475 3.1.1.2, 3.1.1.5). Empty: no check (proxy).
  std::vector<std::string> allowed_methods;
};

struct request_verdict {
  int status = 0;  // 0: acceptable
  std::string reason;
  // For 420: the option tags to list in Unsupported; for 415 the Accept value.
  std::vector<std::string> unsupported;
};

request_verdict check_request(const message& req, const request_policy& policy = {});

// Methods defined by RFC 3261 and the extensions this stack knows.
bool is_known_method(std::string_view method);

}  // namespace cmr::sip
