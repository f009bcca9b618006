// The call model's events: something happens on a leg (answer, busy, no
// answer, abandon, disconnect). The call's outcome follows; when the SCP
// armed the event it gets an EventReportBCSM: EDP-R in a TC-CONTINUE, after
// which the call waits for the SCP's instruction; EDP-N goes with the rest
// of the message (for an event that ends the call, in the TC-END). Not
// armed: the call simply goes on (answer) or ends.
#include "in/codec/protocol_constants.h"
#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

void ssf_engine::occur(call& c, event_class what, std::uint8_t leg) {
  switch (what) {
    case event_class::answer:
      set_outcome(c, call_outcome::answered);
      c.answered_once = true;
      break;
    case event_class::busy:
      set_outcome(c, call_outcome::busy);
      break;
    case event_class::no_answer:
      set_outcome(c, call_outcome::no_answer);
      break;
    case event_class::abandon:
      set_outcome(c, call_outcome::abandoned);
      break;
    case event_class::disconnect:
      if (!c.outcome_set) set_outcome(c, call_outcome::answered);
      break;
  }
  const bool ending = what != event_class::answer;
  if (const auto hit = c.armed.take(what, leg)) {
    const bool notify = hit->mode == codec::monitor_mode::notify_and_continue;
    const std::uint8_t report_leg = hit->leg != 0 ? hit->leg : (leg != 0 ? leg : c.callee_leg);
    if (s_.trace)
      trace(c, std::string("event ") + to_string(what) + ": report " +
                   std::to_string(static_cast<int>(hit->event)) + " leg " +
                   std::to_string(report_leg) + (notify ? " EDP-N" : " EDP-R"));
    queue_invoke(c, codec::opcode::event_report_bcsm, reports_.get(hit->event, report_leg, notify));
    if (!notify) {
      c.ph = ending ? call_phase::ending_wait : call_phase::answer_wait;
      return;
    }
  } else if (s_.trace) {
    trace(c, std::string("event ") + to_string(what) + " (not armed)");
  }
  if (ending) {
    cancel_timers(c);
    close_bearer(c);
    c.end_now = true;
    return;
  }
  start_hold(c);
}

}  // namespace cmr::tools::ssf
