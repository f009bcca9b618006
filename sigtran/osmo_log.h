// Routes the cmr::log facade (common/log.h) into libosmocore logging: one
// libosmocore category per registered cmr::log_category (DMAIN, DSTORE, ...
// with descriptions),
// configured like every Osmocom program with "log stderr" / "logging level
// ..." in the .cfg or over the VTY.
#pragma once

namespace cmr::sigtran {

// Call once per process, on the osmo thread, before the VTY is set up
// (logging_vty_add_cmds needs the categories) and before other threads log.
// Creates libosmocore's default stderr target, enables its multithread locking
// so Asio threads may log, and installs the cmr::log backend.
void init_osmo_logging(void* talloc_ctx);

// Osmo thread: closes and reopens every "log file" target (after logrotate
// moved the file; cmr-server does it on SIGHUP). False when one failed.
bool reopen_log_targets();

}  // namespace cmr::sigtran
