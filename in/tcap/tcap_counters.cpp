#include "in/tcap/tcap_counters.h"

namespace cmr::in::tcap {
namespace {

const counter_desc k_counters[] = {
    {"rx-messages", "TCAP messages received from SCCP"},
    {"tx-messages", "TCAP messages handed to SCCP"},
    {"rx-undecodable", "Received messages that did not decode (P-ABORT where a TID was readable)"},
    {"rx-discarded", "Received messages discarded (unknown TID, wrong state, Abort of nothing)"},
    {"tx-p-aborts", "P-ABORTs sent"},
    {"tx-rejects", "Reject components sent"},
    {"ac-refused", "Dialogues refused for their application context"},
    {"inactivity-timeouts", "Dialogues ended by the inactivity timer"},
    {"send-failures", "Messages the SCCP service refused"},
    {"notices", "TC-NOTICE indications given to the TC-user"},
    {"notices-unmatched", "Returned messages of no open dialogue"},
    {"rx-unidirectional", "TC-UNI indications given to the TC-user"},
    {"tx-unidirectional", "Unidirectional messages sent"},
};

const gauge_desc k_gauges[] = {
    {"dialogues", "Open TCAP dialogues", "dialogues"},
};

const counter_group_desc k_desc{"tcap", "TCAP layer of one SCCP subsystem (index: SSN)", k_counters,
                                k_gauges};

}  // namespace

tcap_counters::tcap_counters(std::uint8_t ssn) : group(k_desc, ssn) {}

}  // namespace cmr::in::tcap
