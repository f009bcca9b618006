// The armed events followed to the end of the call (docs/cs-delivery.md
// section 3): an EDP-R answer gets Continue; busy, no answer, abandon and
// disconnect (EDP-N) end the call, normally in the SSF's TC-END; when they
// come in a TC-CONTINUE the SCP ends the dialogue itself.
#include "in/codec/protocol_constants.h"
#include "in/scp/call_procedure.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {

using codec::event_type_bcsm;

void call_procedure::on_event_report(const codec::event_report_bcsm& e) {
  CMR_LOG(scp, info, "call %llu (%s): EventReportBCSM %u", static_cast<unsigned long long>(c_.id),
          name(), static_cast<unsigned>(e.event));
  switch (e.event) {
    case event_type_bcsm::o_answer:
    case event_type_bcsm::t_answer:
      if (!c_.t_answer) {
        c_.t_answer = svc_.timers().now();
        svc_.note_answered();
      }
      c_.outcome = call_outcome::answered;
      // EDP-R: the SSF waits (messageType request, or no miscCallInfo).
      if (!e.misc || !e.misc->notification) on_answer(e);
      return;
    case event_type_bcsm::o_called_party_busy:
    case event_type_bcsm::t_busy:
      final_event(call_outcome::busy);
      return;
    case event_type_bcsm::o_no_answer:
    case event_type_bcsm::t_no_answer:
      final_event(call_outcome::no_answer);
      return;
    case event_type_bcsm::o_abandon:
    case event_type_bcsm::t_abandon:
    case event_type_bcsm::o_disconnect:
    case event_type_bcsm::t_disconnect:
      // After answer: a normal end. Before: the caller gave up, unless the
      // callee was already found busy / not answering (call-party-handling
      // "continue" lets the call run on after that).
      if (c_.t_answer)
        final_event(call_outcome::answered);
      else if (c_.outcome == call_outcome::busy || c_.outcome == call_outcome::no_answer)
        final_event(c_.outcome);
      else
        final_event(call_outcome::abandoned);
      return;
    default:
      return;  // not armed by CMR: nothing to do
  }
}

void call_procedure::on_answer(const codec::event_report_bcsm&) {
  if (send({{codec::opcode::continue_, std::nullopt, std::nullopt}})) c_.proceeded = true;
}

void call_procedure::final_event(call_outcome o) {
  finish(o);
}

}  // namespace cmr::in::scp
