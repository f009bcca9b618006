// The ANSI TCAP transaction state machine (T1.114.4 transaction sublayer).
// The states are the ITU ones (in/tcap/transaction_fsm.h: a transaction is
// idle, initiated either way, active or closed in both standards); the
// events are T1.114's packages. Permission to release is not a state: it is
// a flag of the transaction, set by each received Query/Conversation
// (ansi_tcap_layer checks it before sending a Response).
//
//   idle --tx QUERY--> init_sent --rx CONVERSATION--> active --tx/rx RESPONSE--> closed
//   idle --rx QUERY--> init_received --tx CONVERSATION--> active
//   init_received --tx RESPONSE--> closed;  init_sent --rx RESPONSE--> closed
//   any started state --abort (tx/rx), inactivity, protocol error--> closed
#pragma once

#include <array>
#include <cstdint>

#include "common/fsm.h"
#include "in/tcap/transaction_fsm.h"

namespace cmr::in::ansi_tcap {

using tcap::tsm_state;

enum class ansi_tsm_event : std::uint8_t {
  tx_query,
  rx_query,
  tx_conversation,
  rx_conversation,
  tx_response,
  tx_end_prearranged,  // local end: nothing is sent
  rx_response,
  tx_abort,  // user abort (sent when the peer's TID is known)
  rx_abort,
  inactivity,
  protocol_error,  // a received package of this transaction was unusable
};

const char* to_string(ansi_tsm_event e);

using ansi_tsm_row = fsm_row<tsm_state, ansi_tsm_event>;

namespace ansi_tsm_detail {
using enum tsm_state;
using enum ansi_tsm_event;
inline constexpr std::array ansi_transaction_table{
    ansi_tsm_row{idle, tx_query, init_sent},
    ansi_tsm_row{idle, rx_query, init_received},
    ansi_tsm_row{idle, tx_end_prearranged, closed},
    ansi_tsm_row{idle, tx_abort, closed},

    ansi_tsm_row{init_sent, rx_conversation, active},
    ansi_tsm_row{init_sent, rx_response, closed},
    ansi_tsm_row{init_sent, rx_abort, closed},
    ansi_tsm_row{init_sent, tx_end_prearranged, closed},
    ansi_tsm_row{init_sent, tx_abort, closed},  // no peer TID yet: local only
    ansi_tsm_row{init_sent, inactivity, closed},
    ansi_tsm_row{init_sent, protocol_error, closed},

    ansi_tsm_row{init_received, tx_conversation, active},
    ansi_tsm_row{init_received, tx_response, closed},
    ansi_tsm_row{init_received, tx_end_prearranged, closed},
    ansi_tsm_row{init_received, tx_abort, closed},
    ansi_tsm_row{init_received, inactivity, closed},
    ansi_tsm_row{init_received, protocol_error, closed},

    ansi_tsm_row{active, tx_conversation, active},
    ansi_tsm_row{active, rx_conversation, active},
    ansi_tsm_row{active, tx_response, closed},
    ansi_tsm_row{active, rx_response, closed},
    ansi_tsm_row{active, tx_end_prearranged, closed},
    ansi_tsm_row{active, tx_abort, closed},
    ansi_tsm_row{active, rx_abort, closed},
    ansi_tsm_row{active, inactivity, closed},
    ansi_tsm_row{active, protocol_error, closed},
};
}  // namespace ansi_tsm_detail
using ansi_tsm_detail::ansi_transaction_table;

constexpr std::optional<tsm_state> ansi_tsm_next(tsm_state s, ansi_tsm_event e) {
  return fsm_next<tsm_state, ansi_tsm_event>(ansi_transaction_table, s, e);
}

}  // namespace cmr::in::ansi_tcap
