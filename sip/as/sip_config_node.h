// The "sip" config node (sip/as/sip_settings.h) and "show cmr sip".
//
//   sip
//    bind 127.0.0.1 5060
//    next-hop 127.0.0.1 5080 udp
//    mode cmrbt gateway
//    mode cmrt http
//    owner request-uri
//    other-party p-asserted-identity
//    media-address 127.0.0.1
//    rtp-ports 16384 32767
//    ring-timeout 120
//    max-call-duration 7200
//    url-lifetime 300
//    content-url-base http://127.0.0.1:8080/cmr/1/content/
#pragma once

#include "common/config_node.h"
#include "common/status_slot.h"
#include "sip/as/sip_settings.h"

namespace cmr::sip::as {

// The node filling `cfg` (which must outlive the VTY: process lifetime).
config::node sip_config_node(sip_settings& cfg);
// "show cmr sip": the counters the running server puts into `slot`
// (application_server::status_text()).
config::show_command sip_show_command(const status_slot& slot);

}  // namespace cmr::sip::as
