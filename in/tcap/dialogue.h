// One TCAP dialogue: its transaction state, addresses, the application
// context negotiation flags, the components waiting for the next message,
// and the invocations in flight both ways. Owned by tcap_layer; the
// component sublayer works on it.
#pragma once

#include <optional>
#include <vector>

#include "in/codec/tcap_message.h"
#include "in/tcap/invocation_fsm.h"
#include "in/tcap/tc_primitives.h"
#include "common/timer_service.h"
#include "in/tcap/transaction_fsm.h"

namespace cmr::in::tcap {

// An operation this side invoked (Q.774 invocation state machine).
struct invocation {
  std::int8_t id = 0;
  std::int32_t opcode = 0;
  op_class cls = op_class::c1;
  ism_state state = ism_state::idle;
  timer_service::timer_id timer = 0;  // operation timer, then the reject timer
};

// An operation the peer invoked and this side's user has not answered yet;
// kept to spot duplicate invoke IDs and to check linked IDs and replies.
struct remote_invocation {
  std::int8_t id = 0;
  std::int32_t opcode = 0;
  op_class cls = op_class::c1;
  timer_service::timer_id timer = 0;  // forgotten after the operation's timer
};

class dialogue {
public:
  explicit dialogue(dialogue_id id);

  // Applies a transaction event through the declared table and logs it.
  // False (and no change) when the table does not allow it.
  bool apply(tsm_event e);

  invocation* find_invocation(std::int8_t id);
  remote_invocation* find_remote(std::int8_t id);
  void erase_remote(std::int8_t id);

  dialogue_id id;
  codec::bytes local_tid;  // 4 octets of id
  codec::bytes peer_tid;   // empty until the peer's TID is known
  tsm_state state = tsm_state::idle;
  sigtran::sccp_address peer;
  sigtran::sccp_address local;
  std::optional<codec::oid> ac;
  bool uses_dialogue_portion = false;  // an AARQ went either way: ABRT on abort
  bool aare_due = false;               // peer sent AARQ: our first reply carries the AARE
  bool expect_aare = false;            // we sent AARQ: the peer's first reply must carry an AARE
  std::vector<codec::tc_component> pending;
  std::vector<invocation> invocations;
  std::vector<remote_invocation> remote;
  timer_service::timer_id inactivity_timer = 0;
  timer_service::time_point last_activity{};
};

}  // namespace cmr::in::tcap
