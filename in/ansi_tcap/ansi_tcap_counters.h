// What one ANSI TCAP layer (one SCCP subsystem) counts, as a counter group
// (common/counters.h; libosmocore group "cmr_ansi-tcap", instance = the SSN).
// Updated on the layer's strand; readable from any thread.
#pragma once

#include <cstdint>

#include "common/counters.h"

namespace cmr::in::ansi_tcap {

struct ansi_tcap_counters {
  explicit ansi_tcap_counters(std::uint8_t ssn);
  ansi_tcap_counters(const ansi_tcap_counters&) = delete;
  ansi_tcap_counters& operator=(const ansi_tcap_counters&) = delete;

  counter_group group;
  counter_ref rx_messages{group, "rx-messages"};
  counter_ref tx_messages{group, "tx-messages"};
  counter_ref rx_undecodable{group, "rx-undecodable"};
  counter_ref rx_discarded{group, "rx-discarded"};
  counter_ref rx_unknown_transaction{group, "rx-unknown-transaction"};
  counter_ref tx_p_aborts{group, "tx-p-aborts"};
  counter_ref tx_rejects{group, "tx-rejects"};
  counter_ref rx_faulty_components{group, "rx-faulty-components"};
  counter_ref inactivity_timeouts{group, "inactivity-timeouts"};
  counter_ref send_failures{group, "send-failures"};
  counter_ref notices{group, "notices"};
  counter_ref notices_unmatched{group, "notices-unmatched"};
  counter_ref rx_unidirectional{group, "rx-unidirectional"};
  counter_ref tx_unidirectional{group, "tx-unidirectional"};
  gauge_ref transactions{group, "transactions"};
};

}  // namespace cmr::in::ansi_tcap
