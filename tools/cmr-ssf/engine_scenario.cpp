// The call model's scenario: what the parties do once the SCP lets the call
// proceed. Timers from that moment: the callee answers or is busy after the
// scenario's delay, nobody answers until the no-answer timer (the armed
// event's applicationTimer, else the scenario's); an answered call talks for
// the hold time, then the party disconnects. Abandon counts from the
// InitialDP. A zero delay acts at once (no timer on the load path).
#include <algorithm>

#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

// The SCP said Continue (or Connect, CWA, ICA's alerting).
void ssf_engine::proceed(call& c) {
  switch (c.ph) {
    case call_phase::setup:
      start_alerting(c);
      return;
    case call_phase::answer_wait:
      start_hold(c);
      return;
    case call_phase::ending_wait:
      if (c.callee_leg_released) {
        // CPH DisconnectLeg + ContinueWithArgument: the original call goes on.
        c.callee_leg = 1;
        start_hold(c);
      } else {
        close_bearer(c);
        c.end_now = true;
      }
      return;
    case call_phase::alerting:
    case call_phase::talking:
    case call_phase::released:
      return;
  }
}

void ssf_engine::start_alerting(call& c) {
  c.ph = call_phase::alerting;
  // route-via-platform: the callee rings once the platform's leg reached it
  // (trunk_alerting); the no-answer and abandon timers run from here.
  const bool trunk = !c.platform_digits.empty() && trunks_ != nullptr;
  if (trunk) {
    open_trunk(c);
    if (c.trunk == 0) return;  // it failed: the call ends
  }
  switch (s_.sc.what) {
    case scenario::kind::answer:
    case scenario::kind::busy:
      if (trunk) return;
      run_later(c, c.scenario_timer, s_.sc.after, &ssf_engine::scenario_fired);
      return;
    case scenario::kind::no_answer: {
      milliseconds t = s_.sc.no_answer_time;
      if (const auto* a = c.armed.find(event_class::no_answer, c.callee_leg);
          a && a->application_timer)
        t = std::chrono::seconds(*a->application_timer);
      run_later(c, c.scenario_timer, t, &ssf_engine::scenario_fired);
      return;
    }
    case scenario::kind::abandon:
      return;  // the abandon timer runs since the IDP
  }
}

void ssf_engine::start_hold(call& c) {
  c.ph = call_phase::talking;
  run_later(c, c.scenario_timer, s_.sc.hold, &ssf_engine::hold_fired);
}

void ssf_engine::scenario_fired(call& c) {
  if (c.ph != call_phase::alerting) return;
  if (trunk_callee(c)) return;
  switch (s_.sc.what) {
    case scenario::kind::answer:
      occur(c, event_class::answer, c.callee_leg);
      return;
    case scenario::kind::busy:
      occur(c, event_class::busy, c.callee_leg);
      return;
    case scenario::kind::no_answer:
      occur(c, event_class::no_answer, c.callee_leg);
      return;
    case scenario::kind::abandon:
      return;
  }
}

void ssf_engine::hold_fired(call& c) {
  if (c.ph == call_phase::talking) occur(c, event_class::disconnect, 0);
}

void ssf_engine::abandon_fired(call& c) {
  if (c.answered_once || (c.ph != call_phase::setup && c.ph != call_phase::alerting)) return;
  if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
  c.scenario_timer = 0;
  if (!c.has_setup) {
    // Still waiting for the SCP's first answer: nothing to report to.
    set_outcome(c, call_outcome::abandoned);
    c.end_now = true;
    return;
  }
  occur(c, event_class::abandon, 1);
}

// Runs `fn` after `after` in `slot` (one of the call's two timers, replacing
// what ran there), or at once for a zero delay.
void ssf_engine::run_later(call& c, cmr::timer_service::timer_id& slot, milliseconds after,
                           call_step fn) {
  if (slot != 0) timers_.cancel(slot);
  slot = 0;
  if (after.count() <= 0) {
    (this->*fn)(c);
    return;
  }
  const bool abandon_slot = &slot == &c.abandon_timer;
  slot = timers_.start(after,
                       [this, id = c.id, fn, abandon_slot] { timer_entry(id, fn, abandon_slot); });
}

// A timer fired: the call may be gone; what it queued is sent.
void ssf_engine::timer_entry(dialogue_id id, call_step fn, bool abandon_slot) {
  call* c = find(id);
  if (c == nullptr) return;
  (abandon_slot ? c->abandon_timer : c->scenario_timer) = 0;
  touch(*c);
  (this->*fn)(*c);
  flush(*c);
}

void ssf_engine::cancel_timers(call& c) {
  if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
  if (c.abandon_timer != 0) timers_.cancel(c.abandon_timer);
  c.scenario_timer = c.abandon_timer = 0;
}

}  // namespace cmr::tools::ssf
