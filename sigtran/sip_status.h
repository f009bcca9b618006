// The "show cmr sip" VTY command prints the SIP application server's
// counters (calls, transactions, transports, RTP streams): how an operator,
// and the bad-input tests, see that calls were freed. The composition root
// installs the query (the server lives above sigtran/); without one the
// command says that SIP is not running.
#pragma once

#include <functional>
#include <string>

namespace cmr::sigtran {

// Returns '\n'-separated "name value" lines. Called on the osmo thread; must
// be thread-safe with respect to the SIP thread.
using sip_status_query = std::function<std::string()>;

// Thread-safe; pass an empty function to remove the query (before the server goes).
void set_sip_status_query(sip_status_query query);

// Installs "show cmr sip" (called by the sip node's installer).
void install_sip_status_vty();

}  // namespace cmr::sigtran
