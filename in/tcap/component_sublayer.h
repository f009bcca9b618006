// The component sublayer (Q.774 clause 3.2): invoke IDs and their state
// machines, operation timers by class, linked IDs, and the checks that turn a
// faulty received component into a Reject for the peer plus a TC-L-REJECT for
// the local user. Works on a dialogue the transaction sublayer owns; timers
// report back through timer_sink so that a fired timer finds its dialogue by
// ID (or finds it gone).
#pragma once

#include <optional>
#include <vector>

#include "in/tcap/dialogue.h"
#include "in/tcap/operation_table.h"
#include "in/tcap/tcap_envelope.h"
#include "common/result.h"

namespace cmr::in::tcap {

class timer_sink {
public:
  virtual ~timer_sink() = default;
  virtual void invocation_timer(dialogue_id d, std::int8_t invoke_id) = 0;
  virtual void remote_invocation_timer(dialogue_id d, std::int8_t invoke_id) = 0;
};

class component_sublayer {
public:
  component_sublayer(timer_service& timers, const operation_table& ops,
                     std::chrono::milliseconds reject_timeout, timer_sink& sink)
      : timers_(timers), ops_(ops), reject_timeout_(reject_timeout), sink_(sink) {}

  // --- requests (components queue until the next dialogue message) ---
  result<void, tc_error> invoke(dialogue& d, const invoke_req& req);
  result<void, tc_error> result_reply(dialogue& d, std::int8_t invoke_id, std::int32_t opcode,
                                      std::optional<bytes> param, bool last);
  result<void, tc_error> u_error(dialogue& d, std::int8_t invoke_id, std::int32_t error,
                                 std::optional<bytes> param);
  result<void, tc_error> u_reject(dialogue& d, std::int8_t invoke_id, reject_problem problem);
  result<void, tc_error> u_cancel(dialogue& d, std::int8_t invoke_id);

  // --- received components ---
  // Checks each component against the dialogue's invocations, appends the
  // indications to `out` and, when `can_reply` (the dialogue goes on), queues
  // a Reject for every faulty one.
  void receive(dialogue& d, std::vector<codec::tc_component>& comps,
               std::vector<component_ind>& out, bool can_reply);
  // Components the codec could not read (see tcap_envelope.h).
  void receive_salvaged(dialogue& d, std::vector<salvaged_component>& comps,
                        std::vector<component_ind>& out, bool can_reply);

  // --- timers ---
  // The operation timer (TC-L-CANCEL to report) or the reject timer (silent).
  std::optional<l_cancel_ind> invocation_timer(dialogue& d, std::int8_t invoke_id);
  void remote_invocation_timer(dialogue& d, std::int8_t invoke_id);

  // Stops every timer of the dialogue (it is ending).
  void release(dialogue& d);

private:
  void transition(dialogue& d, invocation& inv, ism_event e);
  void reject(dialogue& d, std::optional<std::int8_t> invoke_id, reject_problem p,
              std::vector<component_ind>& out, bool can_reply);
  void receive_invoke(dialogue& d, codec::tc_component& c, std::vector<component_ind>& out,
                      bool can_reply);
  void receive_reply(dialogue& d, codec::tc_component& c, std::vector<component_ind>& out,
                     bool can_reply);
  void receive_reject(dialogue& d, codec::tc_component& c, std::vector<component_ind>& out);

  timer_service& timers_;
  const operation_table& ops_;
  std::chrono::milliseconds reject_timeout_;
  timer_sink& sink_;
};

}  // namespace cmr::in::tcap
