// sip:, sips: and tel: URIs (RFC 3261 19.1, RFC 3966), plus any other
// absoluteURI kept opaque so that a Request-URI with an unknown scheme still
// parses and can be answered with 416 (RFC 4475 3.3.6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/message/params.h"
#include "common/result.h"

namespace cmr::sip {

struct uri {
  std::string scheme;  // lower case: "sip", "sips", "tel" or other
  // sip/sips: user and password are percent-decoded (so %00 in RFC 4475
  // escnull becomes a NUL octet); tel: user holds the number.
  std::string user;
  std::optional<std::string> password;
  bool has_user = false;
  std::string host;  // IPv6 references without brackets; ipv6 tells
  bool ipv6 = false;
  std::optional<std::uint16_t> port;
  param_list params;    // uri-parameters (raw values)
  std::string headers;  // raw "?a=b&c=d" part without the '?'
  std::string opaque;   // everything after "scheme:" for other schemes

  [[nodiscard]] bool is_sip() const { return scheme == "sip" || scheme == "sips"; }
  // host[:port], IPv6 with brackets.
  [[nodiscard]] std::string host_port() const;
  [[nodiscard]] std::string to_string() const;
  // RFC 3261 19.1.4 is more elaborate; this compares the parts a transaction
  // or dialog needs (scheme, user, host, port, transport param), ignoring case
  // where the RFC does.
  [[nodiscard]] bool same_address(const uri& other) const;
};

struct uri_error {
  std::string reason;
};

result<uri, uri_error> parse_uri(std::string_view text);

// Hostname, IPv4 or bracketed IPv6 validity (RFC 3261 25.1 host).
bool valid_host(std::string_view host, bool bracketed);

}  // namespace cmr::sip
