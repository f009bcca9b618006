// The store's typed configuration (commands of the daemon's "cmr" node:
// store/store_config_node.h). The composition root opens the store with
// `open`, seeds the demo catalogue and builds the decision engine's system
// defaults from it.
#pragma once

#include "store/decision.h"
#include "store/store.h"

namespace cmr::store {

struct store_settings {
  // cmr / database PATH, database synchronous (normal|full),
  // snapshot-cache-size N
  open_options open{.path = "cmr.db"};
  // cmr / demo-catalogue: seed the demo catalogue into an empty store.
  bool demo_catalogue = false;
  // cmr / system-default (cmrbt|cmrt) RESOURCE_ID; empty: none configured
  // (the stored SystemSetting applies).
  system_defaults system_default;
};

}  // namespace cmr::store
