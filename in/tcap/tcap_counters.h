// What one TCAP layer (one SCCP subsystem) counts, as a counter group
// (common/counters.h; libosmocore group "cmr_tcap", instance = the SSN).
// Updated on the layer's strand; readable from any thread.
#pragma once

#include <cstdint>

#include "common/counters.h"

namespace cmr::in::tcap {

struct tcap_counters {
  explicit tcap_counters(std::uint8_t ssn);
  tcap_counters(const tcap_counters&) = delete;
  tcap_counters& operator=(const tcap_counters&) = delete;

  counter_group group;
  counter_ref rx_messages{group, "rx-messages"};
  counter_ref tx_messages{group, "tx-messages"};
  counter_ref rx_undecodable{group, "rx-undecodable"};
  counter_ref rx_discarded{group, "rx-discarded"};
  counter_ref tx_p_aborts{group, "tx-p-aborts"};
  counter_ref tx_rejects{group, "tx-rejects"};
  counter_ref ac_refused{group, "ac-refused"};
  counter_ref inactivity_timeouts{group, "inactivity-timeouts"};
  counter_ref send_failures{group, "send-failures"};
  counter_ref notices{group, "notices"};                      // TC-NOTICE given to the user
  counter_ref notices_unmatched{group, "notices-unmatched"};  // of no open dialogue
  counter_ref rx_unidirectional{group, "rx-unidirectional"};  // TC-UNI given to the user
  counter_ref tx_unidirectional{group, "tx-unidirectional"};
  gauge_ref dialogues{group, "dialogues"};
};

}  // namespace cmr::in::tcap
