// JSON binding: one object per message with the XML element names as keys;
// a repeated element is an array (always an array in responses). Integers,
// enumerations carried as numbers and booleans are JSON numbers/booleans;
// Decimal (prices) and everything else are strings, so no price ever passes
// through a binary floating point number.
#pragma once

#include <string>
#include <string_view>

#include "mgmt/codec_error.h"
#include "mgmt/element.h"
#include "mgmt/schema.h"
#include "common/result.h"

namespace cmr::mgmt {

result<element, codec_error> decode_json(std::string_view body, std::string_view root_name);
std::string encode_json(const element& msg, const structure_desc& desc);

// For answers cached without their TransactionId: where its member goes in
// an encode_json document (first in the object), and the member's line.
std::size_t json_first_member_at(std::string_view document);
std::string json_string_member_line(std::string_view name, std::string_view text);

}  // namespace cmr::mgmt
