// Private to sigtran/: the socket of a libosmo-sigtran ASP (server or
// client side of its libosmo-netif stream), nullptr while it has none.
#pragma once

#include "sigtran/osmo_headers.h"

namespace cmr::sigtran {

inline const osmo_fd* asp_ofd(const osmo_ss7_asp* asp) {
  if (asp == nullptr) return nullptr;
  if (asp->cfg.is_server)
    return asp->server != nullptr ? osmo_stream_srv_get_ofd(asp->server) : nullptr;
  return asp->client != nullptr ? osmo_stream_cli_get_ofd(asp->client) : nullptr;
}

}  // namespace cmr::sigtran
