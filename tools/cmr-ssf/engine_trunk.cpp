// The call model's side of the SIP trunk to the ringback platform
// (route-via-platform, trunk.h): a Connect to the platform prefix places the
// call on the trunk when the call proceeds; the scenario's callee acts on the
// platform's leg once it arrived (answer: 200 OK, busy: 486); the switch
// reports what the A-leg did: its 200 OK is the answer (the ringback before
// it checked, none after it), its 486 the busy callee. No answer, abandon
// and the caller's disconnect hang the A-leg up (CANCEL / BYE).
#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

void ssf_engine::open_trunk(call& c) {
  if (trunks_ == nullptr || c.trunk != 0) return;
  c.trunk = trunks_->open({c.id, c.platform_digits, c.calling});
  if (c.trunk == 0) {
    // Nothing will ring: the caller gives up at once (the SCP hears it).
    fail(c, failure_kind::bearer, "trunk INVITE could not be sent");
    occur(c, event_class::abandon, 1);
    return;
  }
  trace(c, "trunk INVITE " + c.platform_digits);
}

void ssf_engine::close_trunk(call& c) {
  if (c.trunk == 0 || trunks_ == nullptr) return;
  const trunk_id t = c.trunk;
  c.trunk = 0;
  const rtp_report r = trunks_->close(t);
  trace(c, "trunk hung up (switch side), ringback " + r.to_string());
  check_rtp(c, r);
}

bool ssf_engine::trunk_callee(call& c) {
  if (c.trunk == 0 || trunks_ == nullptr) return false;
  const char* what = trunks_->act_as_callee(c.trunk, s_.sc.what);
  if (what != nullptr) trace(c, what);
  return what != nullptr;
}

void ssf_engine::trunk_alerting(std::uint32_t call_id, trunk_id id) {
  call* c = find(call_id);
  if (c == nullptr || c->trunk != id) return;
  touch(*c);
  trace(*c, "trunk: the platform's leg rings the callee");
  if (c->ph == call_phase::alerting &&
      (s_.sc.what == scenario::kind::answer || s_.sc.what == scenario::kind::busy))
    run_later(*c, c->scenario_timer, s_.sc.after, &ssf_engine::scenario_fired);
  flush(*c);
}

void ssf_engine::trunk_answered(std::uint32_t call_id, trunk_id id, const rtp_report& ringback) {
  call* c = find(call_id);
  if (c == nullptr || c->trunk != id) return;
  touch(*c);
  trace(*c, "trunk 200 OK, ringback " + ringback.to_string());
  check_rtp(*c, ringback);
  if (c->ph == call_phase::alerting) occur(*c, event_class::answer, c->callee_leg);
  flush(*c);
}

void ssf_engine::trunk_ended(std::uint32_t call_id, trunk_id id, const trunk_end& end) {
  call* c = find(call_id);
  if (c == nullptr || c->trunk != id) return;
  c->trunk = 0;
  touch(*c);
  trace(*c, "trunk ended: " + end.detail + ", ringback " + end.rtp.to_string());
  check_rtp(*c, end.rtp);
  if (end.status == 486 && c->ph == call_phase::alerting) {
    occur(*c, event_class::busy, c->callee_leg);
  } else if (c->ph == call_phase::alerting || c->ph == call_phase::talking) {
    // Not what the scenario asked for: the platform failed the call.
    fail(*c, failure_kind::bearer, "trunk: " + end.detail);
    occur(*c, c->ph == call_phase::talking ? event_class::disconnect : event_class::abandon,
          c->ph == call_phase::talking ? 0 : 1);
  }
  flush(*c);
}

}  // namespace cmr::tools::ssf
