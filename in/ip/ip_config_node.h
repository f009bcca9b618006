// The "ip" config node (in/ip/ip_settings.h) and "show cmr ip".
//
//   ip
//    bind 127.0.0.1 5070
//    media-address 127.0.0.1
//    rtp-ports 16384 32767
//    scp point-code 0.23.2 ssn 146 inap-ssn 241
//    local-ssn 12
//    win-ssn 148
//    tldn-prefix 49608
//    tldn-timeout 10
//    assist-prefix cap-v2 49602
//    assist-prefix cap-v3 49603
//    assist-prefix cap-v4 49604
//    assist-prefix inap 49601
//    max-call-duration 600
//    no shutdown
//
// Entering the node enables the peripheral ("shutdown" disables it again).
#pragma once

#include "common/config_node.h"
#include "common/status_slot.h"
#include "in/ip/ip_settings.h"

namespace cmr::in::ip {

// The node filling `cfg` (which must outlive the VTY: process lifetime).
config::node ip_config_node(ip_settings& cfg);
// "show cmr ip": the counters the running peripheral puts into `slot`
// (ip_node::status_text()).
config::show_command ip_show_command(const status_slot& slot);

}  // namespace cmr::in::ip
