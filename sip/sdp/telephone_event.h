// RFC 4733 telephone-event in SDP (RFC 4733 7.1.1): the payload type a peer
// offered for named events, and the lines this server writes for it. Only
// the DTMF events 0-15 are offered or accepted (the keys of spec 5.7's
// presentation control); other events the peer may list are not ours.
#pragma once

#include <optional>
#include <string>

#include "sip/sdp/sdp.h"

namespace cmr::sip::sdp {

// The payload type this server offers when it makes the offer (the dynamic
// value most phones use; RFC 3551 leaves 96-127 to the session).
inline constexpr int k_default_event_payload_type = 101;

// The payload type `m` lists for telephone-event/8000 (an rtpmap naming it,
// case-insensitively, on a dynamic payload type that is among m's formats).
// nullopt: the peer offered no events on this stream, or only at another
// clock rate (RFC 4733 7.1.1: the rate must be the audio's, 8000 for G.711).
std::optional<int> telephone_event_payload_type(const media& m);

// "a=rtpmap:<pt> telephone-event/8000\r\na=fmtp:<pt> 0-15\r\n"
std::string telephone_event_lines(int payload_type);

}  // namespace cmr::sip::sdp
