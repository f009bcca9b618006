#include "sip/message/header_names.h"

#include <array>

#include "sip/message/text.h"

namespace cmr::sip {

namespace {

struct compact_form {
  char letter;
  std::string_view name;
};

// RFC 3261 7.3.3, RFC 3265 (o, u), RFC 3515 (r), RFC 3892 (b), RFC 4028 (x),
// RFC 3841 (y, j, d), RFC 3841/3329 (a), RFC 4474 (n).
constexpr std::array<compact_form, 19> compact_forms{{
    {'i', "Call-ID"},
    {'m', "Contact"},
    {'e', "Content-Encoding"},
    {'l', "Content-Length"},
    {'c', "Content-Type"},
    {'f', "From"},
    {'s', "Subject"},
    {'k', "Supported"},
    {'t', "To"},
    {'v', "Via"},
    {'o', "Event"},
    {'u', "Allow-Events"},
    {'r', "Refer-To"},
    {'b', "Referred-By"},
    {'x', "Session-Expires"},
    {'y', "Identity"},
    {'a', "Accept-Contact"},
    {'j', "Reject-Contact"},
    {'d', "Request-Disposition"},
}};

constexpr std::array<std::string_view, 40> known_names{{
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Alert-Info",
    "Allow",
    "Authentication-Info",
    "Authorization",
    "Call-Info",
    "Content-Disposition",
    "Content-Language",
    "Date",
    "Error-Info",
    "Expires",
    "In-Reply-To",
    "Max-Forwards",
    "MIME-Version",
    "Min-Expires",
    "Organization",
    "Priority",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Proxy-Require",
    "Record-Route",
    "Reply-To",
    "Require",
    "Retry-After",
    "Route",
    "Server",
    "Timestamp",
    "Unsupported",
    "User-Agent",
    "Warning",
    "WWW-Authenticate",
    "RSeq",
    "RAck",
    "P-Early-Media",
    "Path",
    "Service-Route",
    "Reason",
    "CSeq",
}};

constexpr std::array<std::string_view, 24> list_names{{
    "Via",
    "Contact",
    "Route",
    "Record-Route",
    "Allow",
    "Supported",
    "Require",
    "Proxy-Require",
    "Unsupported",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Content-Encoding",
    "Content-Language",
    "Alert-Info",
    "Call-Info",
    "Error-Info",
    "In-Reply-To",
    "Warning",
    "Allow-Events",
    "P-Early-Media",
    "Path",
    "Service-Route",
    "Reason",
}};

constexpr std::array<std::string_view, 10> single_names{{
    "Call-ID",
    "CSeq",
    "From",
    "To",
    "Max-Forwards",
    "Content-Length",
    "Content-Type",
    "Expires",
    "RSeq",
    "RAck",
}};

}  // namespace

std::string canonical_header_name(std::string_view name) {
  if (name.size() == 1) {
    const char c = text::to_lower(name)[0];
    for (const auto& f : compact_forms)
      if (f.letter == c) return std::string(f.name);
    return std::string(name);
  }
  for (const auto& f : compact_forms)
    if (text::iequals(f.name, name)) return std::string(f.name);
  for (auto known : known_names)
    if (text::iequals(known, name)) return std::string(known);
  return std::string(name);
}

bool header_is_list(std::string_view canonical_name) {
  for (auto n : list_names)
    if (n == canonical_name) return true;
  return false;
}

bool header_is_single(std::string_view canonical_name) {
  for (auto n : single_names)
    if (n == canonical_name) return true;
  return false;
}

}  // namespace cmr::sip
