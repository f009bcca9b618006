// Transaction matching keys (RFC 3261 17.1.3 and 17.2.3, with the RFC 2543
// fallback for branches without the magic cookie).
#pragma once

#include <optional>
#include <string>

#include "sip/message/message.h"

namespace cmr::sip {

// Key of the client transaction a response belongs to: branch + CSeq method.
std::optional<std::string> client_key(const message& rsp);
std::string client_key(const std::string& branch, const std::string& method);

// Key of the server transaction a request belongs to. `method_override`
// replaces the request's method (ACK and CANCEL look up the INVITE).
std::optional<std::string> server_key(const message& req, const std::string& method_override = {});

}  // namespace cmr::sip
