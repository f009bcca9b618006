// The store's part of the daemon's "cmr" config node (the node itself is the
// composition root's: apps/cmr-server/cmr_config_node.cpp, since io-threads
// is a daemon setting), and "show cmr decision".
//
//   cmr
//    database cmr.db
//    database synchronous normal
//    snapshot-cache-size 200000
//    io-threads 2                       (the daemon's)
//    demo-catalogue
//    system-default cmrbt RESOURCE_ID
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/config_node.h"
#include "common/status_slot.h"
#include "store/store_settings.h"

namespace cmr::store {

// The commands filling `cfg` (which must outlive the VTY: process lifetime)
// and the lines writing it, in two groups the node's owner places its own
// around: the database ones (database, synchronous, cache), then the
// catalogue ones (demo catalogue, system defaults).
std::vector<config::command> database_commands(store_settings& cfg);
std::vector<config::command> catalogue_commands(store_settings& cfg);
void write_database_lines(config::writer& w, const store_settings& cfg);
void write_catalogue_lines(config::writer& w, const store_settings& cfg);

// The running decision engine's answer for a call now: owner, service,
// other party (may be empty) -> the explanation (decision::explain()).
using decision_slot =
    basic_status_slot<std::string(std::string_view owner, service svc, std::string_view other)>;
// "show cmr decision OWNER (cmrbt|cmrt) [OTHER_PARTY]" over `slot`.
config::show_command decision_show_command(const decision_slot& slot);

}  // namespace cmr::store
