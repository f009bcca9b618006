// Why a body could not become a message: `malformed` bodies (not XML/JSON at
// all, DOCTYPE, bad UTF-8) are answered HTTP 400; a well-formed body that is
// not a valid CMR message is answered HTTP 200. Both carry StatusCode 10007.
#pragma once

#include <string>

namespace cmr::mgmt {

struct codec_error {
  bool malformed = false;
  std::string message;
};

inline constexpr const char* k_namespace = "urn:oma:xml:CMR:messages:1.0";

}  // namespace cmr::mgmt
