// The "presence-watcher" config node and "show cmr presence".
//
//   presence-watcher
//    bind 127.0.0.1 5064
//    server 127.0.0.1 5065 udp
//    domain example.org
//    expires 600
//    max-subscribes-per-second 200
//    max-subscribes-in-flight 100
//    rescan-interval 30
//    activity on-the-phone busy
//    basic open available
//    basic closed offline
//    location civic country A1 A3
//    location area DE/Bayern/Muenchen/centre 48.137 11.575 2000
#pragma once

#include "common/config_node.h"
#include "common/status_slot.h"
#include "sip/presence/presence_settings.h"

namespace cmr::sip::presence {

config::node presence_config_node(presence_settings& cfg);
config::show_command presence_show_command(const status_slot& slot);

}  // namespace cmr::sip::presence
