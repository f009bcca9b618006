// Via header values (RFC 3261 20.42, 18.2.1 received, RFC 3581 rport).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/message/params.h"
#include "common/result.h"

namespace cmr::sip {

// RFC 3261 branch prefix: a branch starting with it is unique per
// transaction; anything else falls back to RFC 2543 matching.
inline constexpr std::string_view magic_cookie = "z9hG4bK";

struct via {
  std::string protocol = "SIP/2.0";
  std::string transport = "UDP";  // upper case
  std::string host;
  bool ipv6 = false;
  std::optional<std::uint16_t> port;
  param_list params;

  [[nodiscard]] std::string branch() const { return params.get("branch").value_or(""); }
  // The cookie alone (RFC 4475 3.2.1 badbranch) identifies nothing: such a
  // request is matched the RFC 2543 way.
  [[nodiscard]] bool rfc3261_branch() const {
    const auto b = branch();
    return b.size() > magic_cookie.size() && b.starts_with(magic_cookie);
  }
  [[nodiscard]] std::optional<std::string> received() const { return params.get("received"); }
  // rport present (RFC 3581); its value if the server filled it in.
  [[nodiscard]] bool has_rport() const { return params.has("rport"); }
  [[nodiscard]] std::optional<std::uint16_t> rport() const;
  // "host:port" as it would appear in sent-by, for transaction matching.
  [[nodiscard]] std::string sent_by() const;
  [[nodiscard]] std::string to_string() const;
};

struct via_error {
  std::string reason;
};

result<via, via_error> parse_via(std::string_view value);

}  // namespace cmr::sip
