// XML binding (namespace urn:oma:xml:CMR:messages:1.0) with pugixml. A
// document with a DOCTYPE or an entity other than the five predefined ones
// is refused before parsing: no internal entity expansion, and no external
// entity is ever fetched (pugixml cannot, but the refusal is explicit).
#pragma once

#include <string>
#include <string_view>

#include "mgmt/codec_error.h"
#include "mgmt/element.h"
#include "mgmt/schema.h"
#include "common/result.h"

namespace cmr::mgmt {

// The root must be `root_name` in the CMR namespace (default or prefixed).
result<element, codec_error> decode_xml(std::string_view body, std::string_view root_name);

// Children in description order, so the output follows the XSD sequence.
std::string encode_xml(const element& msg, const structure_desc& desc, std::string_view root_name);

// For answers cached without their TransactionId: where its line goes in an
// encode_xml document (after the root's start tag), and the line itself.
std::size_t xml_first_child_at(std::string_view document);
std::string xml_leaf_line(std::string_view name, std::string_view text);

}  // namespace cmr::mgmt
