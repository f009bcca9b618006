// Lexical helpers shared by the SIP and SDP parsers (RFC 3261 section 25.1).
// Everything works on string_view and never throws: wire input is untrusted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.h"

namespace cmr::sip::text {

// The shared ones (common/text.h), under the names the SIP code uses.
using cmr::text::iequals;
using cmr::text::parse_uint;
using cmr::text::percent_decode;
using cmr::text::percent_encode;
using cmr::text::to_lower;

// Trims SP, HTAB, CR and LF (LWS after unfolding) at both ends.
std::string_view trim(std::string_view s);
bool is_ws(char c);
bool is_token_char(char c);
bool is_token(std::string_view s);
// Splits at `sep` outside quoted strings and <...>, trimming each piece.
// Used for comma lists and parameter lists, where a comma inside a display
// name or a URI must not split.
std::vector<std::string_view> split_top_level(std::string_view s, char sep);
// Position of `c` outside quotes and angle brackets, or npos.
std::size_t find_top_level(std::string_view s, char c, std::size_t from = 0);
// Removes the quotes and resolves quoted-pairs; nullopt when not well formed.
std::optional<std::string> unquote(std::string_view quoted);
std::string quote(std::string_view raw);

}  // namespace cmr::sip::text
