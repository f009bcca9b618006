// The store writes of CMR-7 PresenceUpdate / LocationUpdate, shared by the
// operations' handlers and dispatcher::update_presence_location (the
// presence watcher's path): one place that decides what an update writes.
#pragma once

#include <optional>
#include <string>

#include "mgmt/operation.h"

namespace cmr::mgmt::ops {

// Inside the caller's transaction; nullopt leaves a field as it is.
// invalid_parameter for an unknown subscriber, 99999 for a store error.
outcome write_presence_location(store::store& db, const std::string& subscriber_id,
                                const std::optional<std::string>& presence,
                                const std::optional<std::string>& location);

}  // namespace cmr::mgmt::ops
