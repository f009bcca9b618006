// The forked early dialog of the TS 24.182 forking model (delivery mode
// "forking", docs/sip.md), declared as a table like the call's own machine
// (sip/as/call_state.h). It runs beside the call's machine: the call keeps
// relaying the callee's dialog, this one is the AS's own early dialog toward
// the caller (a new To tag, the AS's SDP answer, P-Early-Media):
//
//   IDLE --tx 18x (reliable)--> PROCEEDING --rx PRACK--> EARLY
//     |                              |                     |
//     +-----tx 18x (unreliable)------+---------------------+
//                                    |                     |
//               tx 199 / stop / rx BYE / no PRACK     tx UPDATE a=inactive
//                                    v                     v
//                                  ENDED <--answered--- ENDING
//
//   PROCEEDING  the reliable 183 is out, its PRACK not yet in;
//   EARLY       the early dialog plays (PRACKed, or sent unreliably);
//   ENDING      the UPDATE with a=inactive is out; the callee's 2xx waits
//               for its answer before it goes to the caller;
//   ENDED       the forked dialog is over (a 199 went, the caller ended it
//               with BYE, or the final response ends it implicitly).
#pragma once

#include <array>
#include <cstdint>

#include "common/fsm.h"

namespace cmr::sip::as {

enum class fork_state : std::uint8_t { idle, proceeding, early, ending, ended };

enum class fork_event : std::uint8_t {
  tx_reliable,    // the AS's 183 with Require: 100rel
  tx_unreliable,  // the AS's 183 to a caller without 100rel
  rx_prack,       // the PRACK of that 183
  rx_update,      // the caller's UPDATE on the forked dialog
  tx_199,         // RFC 6228: the forked early dialog is terminated
  tx_update,      // UPDATE with a=inactive and P-Early-Media: inactive
  answered,       // that UPDATE was answered (or failed)
  rx_bye,         // the caller ended the forked early dialog
  stop,           // no 199 or UPDATE possible: the final response ends it
};

const char* to_string(fork_state s);
const char* to_string(fork_event e);

using fork_row = fsm_row<fork_state, fork_event>;
namespace fork_table_detail {
using enum fork_state;
using enum fork_event;
inline constexpr std::array fork_table{
    fork_row{idle, tx_reliable, proceeding},
    fork_row{idle, tx_unreliable, early},

    fork_row{proceeding, rx_prack, early},
    fork_row{proceeding, tx_199, ended},
    fork_row{proceeding, rx_bye, ended},
    fork_row{proceeding, stop, ended},

    fork_row{early, rx_update, early},
    fork_row{early, tx_199, ended},
    fork_row{early, tx_update, ending},
    fork_row{early, rx_bye, ended},
    fork_row{early, stop, ended},

    fork_row{ending, answered, ended},
    fork_row{ending, rx_bye, ended},
    fork_row{ending, stop, ended},
};
}  // namespace fork_table_detail
using fork_table_detail::fork_table;

// Whether the forked dialog has been sent and is not over.
constexpr bool fork_live(fork_state s) {
  return s == fork_state::proceeding || s == fork_state::early || s == fork_state::ending;
}

}  // namespace cmr::sip::as
