// Why a body could not become a message: `malformed` bodies (not XML/JSON at
// all, DOCTYPE, bad UTF-8, characters outside XML Char, nesting too deep) are
// answered HTTP 400; a well-formed body that is not a valid CMR message is
// answered HTTP 200. Both carry StatusCode 10007, and both echo the request's
// TransactionId whenever the body was well-formed enough to read it.
#pragma once

#include <string>

namespace cmr::mgmt {

struct codec_error {
  bool malformed = false;
  std::string message;
  // The request's top-level TransactionId as text ("" when the body is not
  // well-formed or has none); the dispatcher decides whether it can be echoed.
  std::string transaction_id;
};

inline constexpr const char* k_namespace = "urn:oma:xml:CMR:messages:1.0";

}  // namespace cmr::mgmt
