// The "scp" config node (in/scp/scp_settings.h) and "show cmr scp".
//
//   scp
//    service-key 100 cmrbt connect-to-resource
//    service-key 101 cmrt alerting-pattern
//    service-key 102 cmrbt temporary-connection
//    service-key 110 cmrbt call-party-handling
//    country-code 49
//    national-prefix 0
//    international-prefix 00
//    assist-prefix cap-v4 49604
//    scf-id 491720000100
//    announcement repetitions 1
//    no-answer-timer 30
//    call-party-handling busy release
//    assist-timeout 10
//    inactivity-timer 7200
//    activity-test-interval 300
//    charging-records cmr-charging.jsonl
#pragma once

#include "common/config_node.h"
#include "common/status_slot.h"
#include "in/scp/scp_settings.h"

namespace cmr::in::scp {

// The node filling `cfg` (which must outlive the VTY: process lifetime).
config::node scp_config_node(scp_settings& cfg);
// "show cmr scp": the counters and live calls the running service puts into
// `slot` (scp_service::status_text()).
config::show_command scp_show_command(const status_slot& slot);

}  // namespace cmr::in::scp
