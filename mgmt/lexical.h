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
// XML 1.0 forbids most C0 controls even as character references; we refuse
// them in every format so a JSON-stored value can always be sent as XML.
[[nodiscard]] bool has_forbidden_control(std::string_view s);

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

}  // namespace cmr::mgmt
