// The transaction state machine of a dialogue (Q.774 figure A.4/A.5, the
// transaction and dialogue-handling sublayers merged: each TCAP dialogue is
// exactly one transaction here). `closed` is terminal: the layer frees the
// dialogue on entering it, so every path through the table ends there.
//
//   idle --tx BEGIN--> init_sent --rx CONTINUE--> active --tx/rx END--> closed
//   idle --rx BEGIN--> init_received --tx CONTINUE--> active
//   any started state --abort (tx/rx), inactivity, protocol error--> closed
#pragma once

#include <array>
#include <cstdint>

#include "common/fsm.h"

namespace cmr::in::tcap {

enum class tsm_state : std::uint8_t { idle, init_sent, init_received, active, closed };

enum class tsm_event : std::uint8_t {
  tx_begin,
  rx_begin,
  tx_continue,
  rx_continue,
  tx_end,              // basic end: a message goes to the peer
  tx_end_prearranged,  // local end: nothing is sent
  rx_end,
  tx_abort,  // TC-U-ABORT from the user (sent, or local when no peer TID)
  rx_abort,
  inactivity,      // the dialogue inactivity timer expired
  protocol_error,  // a received message of this dialogue was unusable
};

const char* to_string(tsm_state s);
const char* to_string(tsm_event e);

using tsm_row = fsm_row<tsm_state, tsm_event>;

namespace tsm_detail {
using enum tsm_state;
using enum tsm_event;
inline constexpr std::array transaction_table{
    tsm_row{idle, tx_begin, init_sent},
    tsm_row{idle, rx_begin, init_received},
    tsm_row{idle, tx_end_prearranged, closed},  // opened but never sent
    tsm_row{idle, tx_abort, closed},

    tsm_row{init_sent, rx_continue, active},
    tsm_row{init_sent, rx_end, closed},
    tsm_row{init_sent, rx_abort, closed},
    tsm_row{init_sent, tx_end_prearranged, closed},
    tsm_row{init_sent, tx_abort, closed},  // no peer TID yet: local only (Q.774 3.2.2.2)
    tsm_row{init_sent, inactivity, closed},
    tsm_row{init_sent, protocol_error, closed},

    tsm_row{init_received, tx_continue, active},
    tsm_row{init_received, tx_end, closed},
    tsm_row{init_received, tx_end_prearranged, closed},
    tsm_row{init_received, tx_abort, closed},
    tsm_row{init_received, inactivity, closed},

    tsm_row{active, tx_continue, active},
    tsm_row{active, rx_continue, active},
    tsm_row{active, tx_end, closed},
    tsm_row{active, tx_end_prearranged, closed},
    tsm_row{active, rx_end, closed},
    tsm_row{active, tx_abort, closed},
    tsm_row{active, rx_abort, closed},
    tsm_row{active, inactivity, closed},
    tsm_row{active, protocol_error, closed},
};
}  // namespace tsm_detail
using tsm_detail::transaction_table;

constexpr std::optional<tsm_state> tsm_next(tsm_state s, tsm_event e) {
  return fsm_next<tsm_state, tsm_event>(transaction_table, s, e);
}

}  // namespace cmr::in::tcap
