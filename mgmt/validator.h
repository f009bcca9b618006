// Checks a decoded message against its description: only known elements,
// cardinalities, structure versus value, lexical form, length, enumeration.
// The first violation is reported as text for the 10007 StatusDescription.
#pragma once

#include <string>

#include "mgmt/element.h"
#include "mgmt/schema.h"
#include "common/result.h"

namespace cmr::mgmt {

// Trims whitespace around non-string values (XML Schema collapses it).
result<void, std::string> validate(element& msg, const structure_desc& desc);

}  // namespace cmr::mgmt
