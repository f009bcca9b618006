// The "presentation-control" config node: the system's side of the on-line
// copy and presentation control (spec 5.7, docs/configuration.md), filling
// ringback::presentation_settings for the SCP, the IP and the AS. An owner's
// own CMR-6 PresentationControl settings replace `controls` for that
// owner's calls (store::decision::controls_for).
//
//   presentation-control
//    copy-keys *
//    skip-keys #
//    stop-keys 0
//    forwarded-call forwarded-party
//    network-announcement stop
//    prompt confirmed builtin
//    prompt refused builtin
//    prompt offer builtin
//    non-subscriber offer
//    max-keys-per-call 20
//    no shutdown
#pragma once

#include "common/config_node.h"
#include "common/ringback_control.h"

namespace cmr::app {

config::node presentation_config_node(ringback::presentation_settings& s);

}  // namespace cmr::app
