// The invocation state machine (Q.774 figure A.7): one per operation this
// side invoked, keyed by invoke ID. wait_for_reject keeps the ID reserved for
// a short while after the last result so that a late Reject from the peer
// still finds its invocation; then the ID is free again.
#pragma once

#include <array>
#include <cstdint>

#include "common/fsm.h"

namespace cmr::in::tcap {

enum class ism_state : std::uint8_t { idle, op_sent, wait_for_reject };

enum class ism_event : std::uint8_t {
  tx_invoke,
  rx_result_last,
  rx_result_not_last,
  rx_error,
  rx_reject,       // R-REJECT or U-REJECT naming this invoke ID
  invoke_timeout,  // the operation timer: TC-L-CANCEL
  reject_timeout,
  u_cancel,  // TC-U-CANCEL from the user
};

const char* to_string(ism_state s);
const char* to_string(ism_event e);

using ism_row = fsm_row<ism_state, ism_event>;

inline constexpr std::array invocation_table{
    ism_row{ism_state::idle, ism_event::tx_invoke, ism_state::op_sent},
    ism_row{ism_state::op_sent, ism_event::rx_result_not_last, ism_state::op_sent},
    ism_row{ism_state::op_sent, ism_event::rx_result_last, ism_state::wait_for_reject},
    ism_row{ism_state::op_sent, ism_event::rx_error, ism_state::wait_for_reject},
    ism_row{ism_state::op_sent, ism_event::rx_reject, ism_state::idle},
    ism_row{ism_state::op_sent, ism_event::invoke_timeout, ism_state::idle},
    ism_row{ism_state::op_sent, ism_event::u_cancel, ism_state::idle},
    ism_row{ism_state::wait_for_reject, ism_event::rx_reject, ism_state::idle},
    ism_row{ism_state::wait_for_reject, ism_event::reject_timeout, ism_state::idle},
    ism_row{ism_state::wait_for_reject, ism_event::u_cancel, ism_state::idle},
};

constexpr std::optional<ism_state> ism_next(ism_state s, ism_event e) {
  return fsm_next<ism_state, ism_event>(invocation_table, s, e);
}

}  // namespace cmr::in::tcap
