// The state machine of one call through the B2BUA (sip/as/call.h), declared
// as a table of (state, event) -> next state (common/fsm.h):
//
//   RECEIVED --decide--> DECIDING --decided--> CALLING_B --rx B 1xx--> EARLY
//      |                    |                     |                      |
//    refuse         CANCEL/BYE/timeout            +-------rx B 2xx-------+--> CONNECTING
//      |                    |                     |                      |        |
//      v                    v             CANCEL/BYE/timeout/failure     |    tx A 2xx
//    ENDED <--------------ENDED                   v                      |        v
//      ^                              TERMINATING <----------------------+    ANSWERED
//      |                                   |                                      |
//      +---- B's final / its INVITE fails -+----- rx A ACK ----> CONFIRMED <------+
//      +---- BYE, guard timers, shutdown from CONNECTING, ANSWERED, CONFIRMED
//
//   RECEIVED     the caller's INVITE was accepted as a new call;
//   DECIDING     the owner's settings are being read (the decision port may
//                defer: the call waits, the SIP thread does not);
//   CALLING_B    the INVITE toward the callee is out, nothing relayed yet;
//   EARLY        a provisional response was relayed to the caller (early
//                dialogs, the CMR procedures of spec 6.1 run);
//   CONNECTING   the callee answered; the caller's 2xx is being prepared
//                (Gateway mode: after the UPDATE with the callee's SDP);
//   ANSWERED     the 2xx went to the caller, retransmitted until its ACK;
//   CONFIRMED    both dialogs confirmed: requests are relayed hop by hop;
//   TERMINATING  the caller has its final response (487, 408, ...); the
//                callee's INVITE is being CANCELled, the call waits for
//                its final response (a crossing 2xx is ACKed and BYEd);
//   ENDED        over; the call is freed.
// An event not in the table is refused (logged at notice); a request is then
// answered with the RFC's error: 481 without a usable dialog, 500 with
// Retry-After for a re-INVITE while the initial INVITE is not answered
// (RFC 3261 14.2).
//
// Re-INVITEs once the call is answered have their own small machine, so that
// crossing ones get 491 and a second one from the same side 500 with
// Retry-After (RFC 3261 14.2):
//   IDLE --rx A re-INVITE--> FROM_A --answered--> IDLE  (and FROM_B alike)
#pragma once

#include <array>
#include <cstdint>

#include "common/fsm.h"

namespace cmr::sip::as {

enum class call_state : std::uint8_t {
  received,
  deciding,
  calling_b,
  early,
  connecting,
  answered,
  confirmed,
  terminating,
  ended,
  proxying,  // no resource applies: A's INVITE was forwarded as a proxy would
};

enum class call_event : std::uint8_t {
  decide,            // the decisions were asked for
  deferred,          // the decision port answers later (the owner is being loaded)
  decided,           // every decision is in: the INVITE toward the callee goes out
  refuse,            // the INVITE is answered at once (Max-Forwards exhausted)
  rx_b_provisional,  // 101-199 from the callee
  rx_b_answer,       // 2xx from the callee (again: a retransmission)
  rx_b_reject,       // 3xx-6xx from the callee
  b_unreachable,     // the callee's INVITE transaction timed out or failed
  tx_a_answer,       // the 2xx to the caller
  rx_a_ack,          // the caller's ACK of that 2xx
  rx_a_cancel,
  rx_a_bye,
  rx_b_bye,
  rx_a_prack,
  rx_a_request,  // other in-dialog requests (UPDATE, INFO, ...), relayed
  rx_b_request,
  rx_a_reinvite,
  rx_b_reinvite,
  timeout,   // the guard timer: no decision, ring timeout, max call duration, Timer B
  no_prack,  // a reliable 18x to the caller was never PRACKed
  no_ack,    // the 2xx to the caller was never ACKed
  failed,    // something went wrong inside (a 2xx that forms no dialog)
  shutdown,
  proxy,  // every decision is in, none applies: A's INVITE is forwarded (unserved proxy)
};

const char* to_string(call_state s);
const char* to_string(call_event e);

using call_row = fsm_row<call_state, call_event>;
namespace call_table_detail {
using enum call_state;
using enum call_event;
inline constexpr std::array call_table{
    call_row{received, decide, deciding},
    call_row{received, refuse, ended},
    call_row{received, shutdown, ended},

    call_row{deciding, deferred, deciding},
    call_row{deciding, decided, calling_b},
    call_row{deciding, proxy, proxying},
    call_row{deciding, rx_a_cancel, ended},
    call_row{deciding, rx_a_bye, ended},
    call_row{deciding, timeout, ended},
    call_row{deciding, shutdown, ended},

    call_row{calling_b, rx_b_provisional, early},
    call_row{calling_b, rx_b_answer, connecting},
    call_row{calling_b, rx_b_reject, ended},
    call_row{calling_b, b_unreachable, ended},
    call_row{calling_b, rx_a_cancel, terminating},
    call_row{calling_b, rx_a_bye, terminating},
    call_row{calling_b, timeout, terminating},
    call_row{calling_b, failed, terminating},
    call_row{calling_b, shutdown, ended},

    call_row{early, rx_b_provisional, early},
    call_row{early, rx_b_answer, connecting},
    call_row{early, rx_b_reject, ended},
    call_row{early, b_unreachable, ended},
    call_row{early, rx_a_cancel, terminating},
    call_row{early, rx_a_bye, terminating},
    call_row{early, rx_b_bye, terminating},
    call_row{early, rx_a_prack, early},
    call_row{early, rx_a_request, early},
    call_row{early, rx_b_request, early},
    call_row{early, timeout, terminating},
    call_row{early, no_prack, terminating},
    call_row{early, failed, terminating},
    call_row{early, shutdown, ended},

    call_row{connecting, tx_a_answer, answered},
    call_row{connecting, rx_b_answer, connecting},
    call_row{connecting, rx_a_cancel, ended},
    call_row{connecting, rx_a_bye, ended},
    call_row{connecting, rx_b_bye, ended},
    call_row{connecting, rx_a_prack, connecting},
    call_row{connecting, rx_a_request, connecting},
    call_row{connecting, rx_b_request, connecting},
    call_row{connecting, timeout, ended},
    call_row{connecting, no_prack, ended},
    call_row{connecting, failed, ended},
    call_row{connecting, shutdown, ended},

    call_row{answered, rx_a_ack, confirmed},
    call_row{answered, rx_b_answer, answered},
    call_row{answered, rx_a_bye, ended},
    call_row{answered, rx_b_bye, ended},
    call_row{answered, rx_a_prack, answered},
    call_row{answered, rx_a_request, answered},
    call_row{answered, rx_b_request, answered},
    call_row{answered, rx_a_reinvite, answered},
    call_row{answered, rx_b_reinvite, answered},
    call_row{answered, no_ack, ended},
    call_row{answered, timeout, ended},
    call_row{answered, failed, ended},
    call_row{answered, shutdown, ended},

    call_row{confirmed, rx_b_answer, confirmed},
    call_row{confirmed, rx_a_bye, ended},
    call_row{confirmed, rx_b_bye, ended},
    call_row{confirmed, rx_a_prack, confirmed},
    call_row{confirmed, rx_a_request, confirmed},
    call_row{confirmed, rx_b_request, confirmed},
    call_row{confirmed, rx_a_reinvite, confirmed},
    call_row{confirmed, rx_b_reinvite, confirmed},
    call_row{confirmed, timeout, ended},
    call_row{confirmed, failed, ended},
    call_row{confirmed, shutdown, ended},

    call_row{terminating, rx_b_provisional, terminating},
    call_row{terminating, rx_b_answer, ended},
    call_row{terminating, rx_b_reject, ended},
    call_row{terminating, b_unreachable, ended},
    call_row{terminating, rx_b_bye, ended},
    call_row{terminating, timeout, ended},
    call_row{terminating, shutdown, ended},

    // unserved proxy (docs/ims.md): the responses are forwarded; A's CANCEL
    // is passed on and the callee's 487 answers it; the ring timeout is
    // Timer C (CANCEL, 408). The call ends with the final response: 2xx
    // retransmissions still pass, through the transactions.
    call_row{proxying, rx_b_provisional, proxying},
    call_row{proxying, rx_b_answer, ended},
    call_row{proxying, rx_b_reject, ended},
    call_row{proxying, b_unreachable, ended},
    call_row{proxying, rx_a_cancel, proxying},
    call_row{proxying, timeout, terminating},
    call_row{proxying, shutdown, ended},
};
}  // namespace call_table_detail
using call_table_detail::call_table;

// Whether the caller has no final response yet in `s`.
constexpr bool a_pending(call_state s) {
  return s == call_state::received || s == call_state::deciding || s == call_state::calling_b ||
         s == call_state::early || s == call_state::connecting || s == call_state::proxying;
}
// Whether the caller's dialog is confirmed by a 2xx in `s`.
constexpr bool a_answered(call_state s) {
  return s == call_state::answered || s == call_state::confirmed;
}
// Whether the callee answered (its dialog is confirmed) in `s`.
constexpr bool b_answered(call_state s) {
  return s == call_state::connecting || a_answered(s);
}

// Re-INVITEs once the call is answered.
enum class reinvite_state : std::uint8_t { idle, from_a, from_b };
enum class reinvite_event : std::uint8_t { rx_a, rx_b, answered };
const char* to_string(reinvite_state s);
const char* to_string(reinvite_event e);

using reinvite_row = fsm_row<reinvite_state, reinvite_event>;
inline constexpr std::array reinvite_table{
    reinvite_row{reinvite_state::idle, reinvite_event::rx_a, reinvite_state::from_a},
    reinvite_row{reinvite_state::idle, reinvite_event::rx_b, reinvite_state::from_b},
    reinvite_row{reinvite_state::from_a, reinvite_event::answered, reinvite_state::idle},
    reinvite_row{reinvite_state::from_b, reinvite_event::answered, reinvite_state::idle},
};

}  // namespace cmr::sip::as
