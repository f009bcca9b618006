// Writes the XML Schema of one operation (its request and response root
// elements) from the same descriptions the server validates with. The files
// in docs/xsd/ are compared with this output by a unit test.
#pragma once

#include <string>

#include "mgmt/schema.h"

namespace cmr::mgmt {

// request may be null (a response-only message such as ContentUpload).
std::string write_xsd(const structure_desc* request, const structure_desc& response);

}  // namespace cmr::mgmt
