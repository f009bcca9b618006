// The application/dtmf-relay body of SIP INFO (the de-facto format of Cisco
// and most SBCs; no RFC): one key press per request,
//   Signal=*\r\n
//   Duration=160\r\n
// Signal is a key of "0-9*#A-D" (a-d too) or its RFC 4733 event code 10-15
// (some gateways write "Signal=10" for *); Duration, in milliseconds, is
// optional. Lines are "name=value" with optional blanks around '=', ended by
// CRLF or LF; unknown names are ignored. Used by the SIP AS as the fallback
// for callers that send no RFC 4733 events (spec 5.7, docs/sip.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cmr::sip::sdp {

struct dtmf_relay {
  char key = 0;  // one of "0123456789*#ABCD"
  std::optional<std::uint32_t> duration_ms;
};

// Bodies longer than this are refused unread (a key press is ~25 octets).
inline constexpr std::size_t k_dtmf_relay_max_body = 512;

// The error text says what is wrong ("no Signal", "bad Signal 'x'"), for the
// 400's reason phrase and the log.
result<dtmf_relay, std::string> parse_dtmf_relay(std::string_view body);

}  // namespace cmr::sip::sdp
