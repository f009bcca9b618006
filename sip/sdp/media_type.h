// Content-Type (RFC 3261 20.15 / RFC 2045) and Content-Disposition (RFC 3261
// 20.11, RFC 3959 "early-session") header values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sip/message/params.h"

namespace cmr::sip {

struct media_type {
  std::string type;     // lower case
  std::string subtype;  // lower case
  param_list params;

  [[nodiscard]] bool is(std::string_view t, std::string_view s) const;
  // A parameter with surrounding quotes removed (boundary="...").
  [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
  [[nodiscard]] std::string to_string() const;
};

std::optional<media_type> parse_media_type(std::string_view value);

struct content_disposition {
  std::string type;   // "session", "early-session", "render", ... (lower case)
  param_list params;  // handling=required|optional
  [[nodiscard]] bool optional_handling() const;
  [[nodiscard]] std::string to_string() const;
};

std::optional<content_disposition> parse_content_disposition(std::string_view value);

}  // namespace cmr::sip
