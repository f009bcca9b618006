// The WIN operations for the ANSI TCAP layer's component sublayer: class
// and invocation timer per operation (in/tcap/operation_table.h), keyed by
// the packed private opcode (ansi_tcap::private_op(9, x)).
#pragma once

#include "in/tcap/operation_table.h"

namespace cmr::in::ansi41 {

// AnalyzedInformation class 1, 60 s (the SCP may hold it for a whole
// resource interaction); SeizeResource 1, 5 s; SRFDirective 1, 120 s (it
// returns when the announcement has finished); InstructionRequest 1, 60 s;
// ConnectResource and DisconnectResource class 2 (errors only, no result),
// 5 s; the event triggers TAnswer/TBusy/TNoAnswer/TDisconnect/ODisconnect
// class 1, 5 s; CallControlDirective class 1, 5 s. Unknown operations keep
// the table's fallback.
tcap::operation_table win_operation_table();

}  // namespace cmr::in::ansi41
