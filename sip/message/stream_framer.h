// Cuts SIP messages out of a TCP byte stream (RFC 3261 18.3): headers end at
// the first empty line, the body is exactly Content-Length octets (mandatory
// on streams). Limits apply before buffering more, so a peer cannot make the
// buffer grow without bound.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sip/message/parser.h"
#include "common/result.h"

namespace cmr::sip {

class stream_framer {
public:
  explicit stream_framer(parse_limits limits = {}) : limits_(limits) {}

  void append(std::string_view bytes) { buffer_.append(bytes); }

  // The next complete message's bytes, nullopt when more input is needed, or
  // an error after which the connection cannot be resynchronised (close it).
  result<std::optional<std::string>, parse_failure> next();

  [[nodiscard]] std::size_t buffered() const { return buffer_.size(); }

private:
  parse_limits limits_;
  std::string buffer_;
};

}  // namespace cmr::sip
