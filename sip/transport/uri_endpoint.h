// Where a request for a URI goes when the URI names an IP address (the AS's
// next hops come from configuration as addresses; no DNS here, RFC 3263
// resolution is out of scope): host, port (default 5060) and transport from
// the ;transport parameter (sips: and transport=tcp/tls mean a stream).
#pragma once

#include <optional>

#include "sip/message/uri.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip {

std::optional<endpoint> endpoint_from_uri(const uri& u);

}  // namespace cmr::sip
