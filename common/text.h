// Text helpers every layer shares: ASCII case folding, %XX escapes (RFC 3986
// 2.1), decimal numbers. string_view in, never throws: the input is often
// untrusted (wire messages, URLs, config).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmr::text {

char ascii_lower(char c);
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

// 0-15 for a hex digit, -1 otherwise.
int hex_value(char c);
// %XX decoding; nullopt on a malformed escape (truncated, not hex).
std::optional<std::string> percent_decode(std::string_view s);
// %XX-encodes (upper-case hex) every octet `allowed` refuses.
std::string percent_encode(std::string_view s, bool (*allowed)(char));
// RFC 3986 2.3 unreserved: ALPHA DIGIT - . _ ~
bool is_unreserved(char c);
// A path segment or query value: everything but unreserved characters encoded.
inline std::string percent_encode(std::string_view s) {
  return percent_encode(s, is_unreserved);
}

// Decimal digits only (leading zeros allowed), at most `max`.
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max);

}  // namespace cmr::text
