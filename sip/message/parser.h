// Parsing one SIP message from a datagram or a framed stream segment
// (RFC 3261 7 and 18.3). Limits are checked first and reported as distinct
// errors so the transport can count them and answer or drop as the RFC says.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "sip/message/message.h"
#include "common/result.h"

namespace cmr::sip {

struct parse_limits {
  std::size_t max_message_size = 65535;  // bytes of one message, body included
  std::size_t max_headers = 128;         // header values after list splitting
  std::size_t max_header_length = 8192;  // one header line after unfolding
};

enum class parse_error {
  empty,
  message_too_large,
  too_many_headers,
  header_too_long,
  bad_start_line,
  bad_version,  // well-formed but not SIP/2.0: 505
  bad_request_uri,
  bad_header_line,  // no colon, bad name, bad folding
  missing_header,   // Via, From, To, Call-ID or CSeq absent
  bad_via,
  bad_cseq,
  bad_from_to,
  bad_content_length,
  body_truncated,    // Content-Length exceeds the bytes received
  duplicate_header,  // a single-valued header given twice
  cseq_method_mismatch,
  bad_max_forwards,
  bad_header_value,  // Date not in GMT, Contact not a name-addr/addr-spec...
};

const char* to_string(parse_error e);

struct parse_failure {
  parse_error code = parse_error::empty;
  std::string detail;
  // When the start line and headers were readable, what was parsed: enough
  // to answer a request with 400/505 (RFC 3261 8.2 / 18.3). nullptr otherwise.
  std::shared_ptr<message> partial;

  // The status a UAS answers a request with (400, 505, 513); 0 when the
  // message must be dropped (responses, or no Via to answer along). The
  // response copies whatever Via/From/To/Call-ID/CSeq the request had.
  [[nodiscard]] int response_status() const;
};

// `bytes` is exactly one datagram, or one message cut out by stream_framer.
// Content-Length (when present) must not exceed the bytes after the headers;
// octets beyond it are discarded (RFC 3261 18.3).
result<message, parse_failure> parse_message(std::string_view bytes,
                                             const parse_limits& limits = {});

}  // namespace cmr::sip
