// multipart/mixed bodies (RFC 2046 5.1) as SIP carries them: the AS mode's
// INVITE offers with a session and an early-session SDP (RFC 3959 3.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/message/message.h"
#include "sip/sdp/media_type.h"
#include "common/result.h"

namespace cmr::sip {

struct body_part {
  std::vector<header_field> headers;  // Content-Type, Content-Disposition...
  std::string body;

  [[nodiscard]] const std::string* header(std::string_view name) const;
  [[nodiscard]] std::optional<media_type> content_type() const;
  [[nodiscard]] std::optional<content_disposition> disposition() const;
};

struct multipart_error {
  std::string reason;
};

result<std::vector<body_part>, multipart_error> parse_multipart(std::string_view body,
                                                                std::string_view boundary);
std::string serialize_multipart(const std::vector<body_part>& parts, std::string_view boundary);

// The body part (or the whole single-part body) with this Content-Type and,
// when given, this disposition type. Looks into multipart/mixed bodies.
std::optional<body_part> find_body_part(const message& msg, std::string_view type,
                                        std::string_view subtype,
                                        std::string_view disposition = {});

}  // namespace cmr::sip
