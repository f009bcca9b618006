#include "in/ansi_tcap/ansi_tcap_counters.h"

namespace cmr::in::ansi_tcap {
namespace {

const counter_desc k_counters[] = {
    {"rx-messages", "ANSI TCAP packages received from SCCP"},
    {"tx-messages", "ANSI TCAP packages handed to SCCP"},
    {"rx-undecodable", "Received packages that did not decode (Abort where a TID was readable)"},
    {"rx-discarded", "Received packages discarded (wrong state, Response/Abort of nothing)"},
    {"rx-unknown-transaction", "Conversations for no open transaction (answered with Abort)"},
    {"tx-p-aborts", "Aborts with a P-Abort cause sent"},
    {"tx-rejects", "Reject components sent"},
    {"rx-faulty-components", "Received components rejected (malformed, unknown operation, IDs)"},
    {"inactivity-timeouts", "Transactions ended by the inactivity timer"},
    {"send-failures", "Packages the SCCP service refused"},
    {"notices", "TC-NOTICE indications given to the TC-user"},
    {"notices-unmatched", "Returned packages of no open transaction"},
    {"rx-unidirectional", "TC-UNI indications given to the TC-user"},
    {"tx-unidirectional", "Unidirectional packages sent"},
};

const gauge_desc k_gauges[] = {
    {"transactions", "Open ANSI TCAP transactions", "transactions"},
};

const counter_group_desc k_desc{"ansi-tcap", "ANSI TCAP layer of one SCCP subsystem (index: SSN)",
                                k_counters, k_gauges};

}  // namespace

ansi_tcap_counters::ansi_tcap_counters(std::uint8_t ssn) : group(k_desc, ssn) {}

}  // namespace cmr::in::ansi_tcap
