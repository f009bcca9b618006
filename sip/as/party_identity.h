// The owner and the other party of a call as E.164 digits, read from the
// configured header (Request-URI, To, P-Asserted-Identity, From). A missing
// P-Asserted-Identity falls back to From (RFC 3325: absent in untrusted
// networks). The user part loses visual separators and a leading '+'.
#pragma once

#include <string>

#include "sip/as/as_config.h"
#include "sip/message/message.h"

namespace cmr::sip::as {

// "" when the source gives no usable user part.
std::string party_number(const message& invite, identity_source source);

// +49 (30) 123-45 -> 493012345; non-digits other than separators give "".
std::string normalize_number(std::string_view user);

}  // namespace cmr::sip::as
