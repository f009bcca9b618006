// The armed events followed to the end of the call (docs/cs-delivery.md
// section 3): an EDP-R answer gets Continue; busy, no answer, abandon and
// disconnect (EDP-N) end the call, normally in the switch's last message;
// when they come in a message that keeps the dialogue open, the service ends
// it itself.
#include "in/scp/log.h"
#include "in/scp/procedure.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

void procedure::on_report(const event_report& e) {
  CMR_LOG(scp, info, "%s (%s): event %s%s", c_.prefix.c_str(), name(), e.name.c_str(),
          e.request ? " (request)" : "");
  switch (e.event) {
    case call_event::answer:
      svc_.note_answered(c_);
      c_.outcome = call_outcome::answered;
      // EDP-R: the switch waits for an instruction.
      if (e.request) on_answer(e);
      return;
    case call_event::busy:
      final_event(call_outcome::busy);
      return;
    case call_event::no_answer:
      final_event(call_outcome::no_answer);
      return;
    case call_event::abandon:
    case call_event::disconnect:
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
    case call_event::other:
      return;  // not armed by CMR: nothing to do
  }
}

void procedure::on_answer(const event_report&) {
  if (send({continue_call{}})) proceeded();
}

void procedure::final_event(call_outcome o) { finish(o); }

}  // namespace cmr::in::scp
