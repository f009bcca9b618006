// A SIP request or response (RFC 3261 section 7). Header values are kept as
// received (after unfolding, one entry per list element) so a proxy or B2BUA
// forwards headers it does not understand untouched; typed views (Via, CSeq,
// From/To...) are parsed on demand.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message/cseq.h"
#include "sip/message/name_addr.h"
#include "sip/message/uri.h"
#include "sip/message/via.h"

namespace cmr::sip {

struct header_field {
  std::string name;   // canonical long form for known headers, as received otherwise
  std::string value;  // trimmed; folding replaced by a single space
};

class message {
public:
  static message make_request(std::string method, sip::uri request_uri);
  static message make_response(int status, std::string reason = {});

  [[nodiscard]] bool is_request() const { return request_; }
  [[nodiscard]] bool is_response() const { return !request_; }

  // Start line.
  std::string method;  // requests only
  sip::uri request_uri;
  int status = 0;  // responses only
  std::string reason;
  std::string version = "SIP/2.0";

  std::vector<header_field> headers;
  std::string body;

  // Lookups take any spelling (compact, any case).
  [[nodiscard]] const std::string* header(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> header_values(std::string_view name) const;
  [[nodiscard]] std::size_t header_count(std::string_view name) const;
  [[nodiscard]] bool has_header(std::string_view name) const { return header(name) != nullptr; }
  void add_header(std::string_view name, std::string value);
  void prepend_header(std::string_view name, std::string value);
  // Replaces every value of `name` by one (in place of the first one).
  void set_header(std::string_view name, std::string value);
  void remove_header(std::string_view name);
  void remove_first_header(std::string_view name);
  // Copies every value of `name` from `other`, in order.
  void copy_headers(const message& other, std::string_view name);

  // Typed views; nullopt when missing or malformed.
  [[nodiscard]] std::optional<sip::via> top_via() const;
  [[nodiscard]] std::optional<sip::cseq> cseq() const;
  [[nodiscard]] std::optional<name_addr> from() const;
  [[nodiscard]] std::optional<name_addr> to() const;
  [[nodiscard]] std::string call_id() const;
  // Whether a Require/Supported-style list header contains `option`.
  [[nodiscard]] bool has_option(std::string_view header_name, std::string_view option) const;

  // Wire form; Content-Length always written and equal to the body size.
  [[nodiscard]] std::string serialize() const;
  // "INVITE sip:x" or "180 Ringing" for logs.
  [[nodiscard]] std::string summary() const;

private:
  bool request_ = true;
};

std::string_view default_reason(int status);

// RFC 3261 8.2.6.2: a response to `req` copying Via, From, To, Call-ID and
// CSeq; `to_tag` is added to To when it has none (never for 100).
message make_response(const message& req, int status, std::string_view reason = {},
                      std::string_view to_tag = {});

}  // namespace cmr::sip
