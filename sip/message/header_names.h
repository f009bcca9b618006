// Header field names: compact forms (RFC 3261 7.3.3 and later RFCs), the
// canonical spelling used when serializing, and which headers may be split
// at commas (RFC 3261 7.3.1: only those defined as comma-separated lists).
#pragma once

#include <string>
#include <string_view>

namespace cmr::sip {

// Long form for a compact name ("i" -> "Call-ID"); canonical spelling for a
// known long name in any case ("cAlL-iD" -> "Call-ID"); otherwise the name
// as received, so unknown headers are forwarded untouched.
std::string canonical_header_name(std::string_view name);

// True for headers whose grammar is a comma-separated list (Via, Contact,
// Route, Supported...). Unknown headers and those with commas inside their
// values (WWW-Authenticate, Authorization, Date...) are never split.
bool header_is_list(std::string_view canonical_name);

// Headers a request or response may carry at most once (RFC 3261 7.3.1):
// a second value makes the message invalid (RFC 4475 3.3.8 multi01).
bool header_is_single(std::string_view canonical_name);

}  // namespace cmr::sip
