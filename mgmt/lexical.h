// Lexical forms of the CMR data types (XML Schema Part 2 as used by the
// spec): checks, and conversions between text and the store's values.
// Money is parsed and printed digit by digit: never through a double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/model.h"

namespace cmr::mgmt {

// Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s);
// Code points of valid UTF-8 text.
[[nodiscard]] std::size_t utf8_length(std::string_view s);
// The XML 1.0 production Char: #x9 | #xA | #xD | [#x20-#xD7FF] |
// [#xE000-#xFFFD] | [#x10000-#x10FFFF].
[[nodiscard]] bool is_xml_char(std::uint32_t cp);
// Whether valid UTF-8 text holds a code point outside Char (a C0 control
// other than TAB, LF, CR, or U+FFFE/U+FFFF): XML forbids them even as
// character references, and we refuse them in every format so that a value
// stored from JSON can always be sent as XML (and no NUL reaches the store).
[[nodiscard]] bool has_non_xml_char(std::string_view s);

std::optional<std::int64_t> parse_int(std::string_view s, std::int64_t lo, std::int64_t hi);
[[nodiscard]] std::optional<bool> parse_bool(std::string_view s);
// "12", "0.5", "3.1400": at most 4 fraction digits, >= 0, < 10^14.
std::optional<store::money_e4> parse_money(std::string_view s);
// Shortest form: 5000 -> "0.5", 10000 -> "1", 12345 -> "1.2345".
std::string format_money(store::money_e4 v);
// xs:dateTime; without a zone it is taken as UTC. Fractions are dropped.
std::optional<store::timestamp> parse_datetime(std::string_view s);
// "2024-05-01T12:00:00Z".
std::string format_datetime(store::timestamp t);

std::string_view trim(std::string_view s);
// Client text for a log line: control bytes as '?', cut after `max` bytes.
std::string printable(std::string_view s, std::size_t max = 200);

}  // namespace cmr::mgmt
