// The "presence-watcher" config node's typed configuration (docs/presence.md,
// docs/configuration.md). The watcher runs when a presence server is set.
#pragma once

#include "sip/presence/presence_service.h"

namespace cmr::sip::presence {

struct presence_settings {
  service_options service;
  bool has_server = false;  // "server ..." given: the watcher starts
  bool entered = false;     // the node appeared (written back even without a server)
};

}  // namespace cmr::sip::presence
