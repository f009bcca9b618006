// The CDMA MSC's media legs: the bearer to the IP's TLDN (win-resource,
// bearer.h; the same routing-number form as CAP's
// EstablishTemporaryConnection: sip:TLDN@IP) and the SIP trunk to the
// platform (route-via-platform, trunk.h; as engine_trunk.cpp does for CAP).
// Their RTP checks decide the call's rtp-mismatch / rtp-missing failures.
#include "tools/cmr-ssf/win_engine.h"

namespace cmr::tools::ssf {

void win_engine::check_rtp(call& c, const rtp_report& r) {
  if (r.ok) return;
  fail(c, r.packets == 0 ? failure_kind::rtp_missing : failure_kind::rtp_mismatch,
       "RTP: " + r.problem);
}

// --- the bearer to the TLDN -------------------------------------------------------------

void win_engine::open_bearer(call& c) {
  close_bearer(c);
  if (ip_ != nullptr) {
    // --emulate-ip: the emulated IP's TLDN; its InstructionRequest stands
    // for the bearer arriving there.
    c.ip_seizure = ip_->attach(c.tldn);
    if (c.ip_seizure != 0) {
      trace(c, "emulated IP: bearer on TLDN " + c.tldn + ", InstructionRequest");
      return;
    }
  }
  if (bearers_ == nullptr) {
    if (ip_ != nullptr) {
      // Not the emulated IP's: the server's win-ip is some other IP, which
      // waits for a bearer until its tldn-timeout.
      trace(c, "TLDN " + c.tldn + " is not held by the emulated IP: no bearer");
      fail(c, failure_kind::bearer, "TLDN " + c.tldn + " is not held by the emulated IP");
      return;
    }
    trace(c, "signalling only: no bearer to the TLDN");
    return;
  }
  bearer_request req;
  req.call = c.id;
  req.routing_digits = c.tldn;
  const bearer_id b = bearers_->open(req);
  if (b == 0) {
    // The SCP ends the resource when the IP sees no bearer (tldn-timeout).
    fail(c, failure_kind::bearer, "INVITE to the TLDN could not be sent");
    return;
  }
  c.bearer = b;
  trace(c, "bearer INVITE " + c.tldn);
}

void win_engine::close_bearer(call& c) {
  if (c.ip_seizure != 0) {
    const auto d = c.ip_seizure;
    c.ip_seizure = 0;
    trace(c, "emulated bearer dropped (MSC side)");
    if (ip_ != nullptr) ip_->bearer_gone(d);
  }
  if (c.bearer == 0 || bearers_ == nullptr) return;
  const bearer_id b = c.bearer;
  c.bearer = 0;
  const rtp_report r = bearers_->close(b);
  trace(c, "bearer BYE (MSC side), RTP " + r.to_string());
  check_rtp(c, r);
}

void win_engine::bearer_up(std::uint32_t call_id, bearer_id id) {
  call* c = find(call_id);
  if (c == nullptr || c->bearer != id) return;
  touch(*c);
  trace(*c, "bearer 200 OK, RTP flowing");
}

// The IP keeps the bearer until the MSC's BYE (docs/cdma-delivery.md); one
// that fails or ends early is recorded, and the call waits for the SCP.
void win_engine::bearer_ended(std::uint32_t call_id, bearer_id id, const bearer_end& end) {
  call* c = find(call_id);
  if (c == nullptr || c->bearer != id) return;
  c->bearer = 0;
  touch(*c);
  if (end.what == bearer_end::kind::failed) {
    trace(*c, "bearer failed: " + end.detail);
    fail(*c, failure_kind::bearer, "bearer: " + end.detail);
  } else {
    trace(*c, "bearer BYE from the IP before DisconnectResource, RTP " + end.rtp.to_string());
    check_rtp(*c, end.rtp);
  }
}

// --- the trunk to the platform ----------------------------------------------------------

void win_engine::open_trunk(call& c) {
  if (trunks_ == nullptr || c.trunk != 0) return;
  c.trunk = trunks_->open({c.id, c.platform_digits, c.calling});
  if (c.trunk != 0) trace(c, "trunk INVITE " + c.platform_digits);
}

void win_engine::close_trunk(call& c) {
  if (c.trunk == 0 || trunks_ == nullptr) return;
  const trunk_id t = c.trunk;
  c.trunk = 0;
  const rtp_report r = trunks_->close(t);
  trace(c, "trunk hung up (MSC side), ringback " + r.to_string());
  check_rtp(c, r);
}

// The scenario's callee acts on the platform's leg; false: not a trunk call,
// or nothing to do there (no answer and abandon hang the A-leg up).
bool win_engine::trunk_callee(call& c) {
  if (c.trunk == 0 || trunks_ == nullptr) return false;
  const char* what = trunks_->act_as_callee(c.trunk, s_.sc.what);
  if (what != nullptr) trace(c, what);
  return what != nullptr;
}

void win_engine::trunk_alerting(std::uint32_t call_id, trunk_id id) {
  call* c = find(call_id);
  if (c == nullptr || c->trunk != id) return;
  touch(*c);
  trace(*c, "trunk: the platform's leg rings the callee");
  if (c->ph == win_phase::alerting &&
      (s_.sc.what == scenario::kind::answer || s_.sc.what == scenario::kind::busy))
    run_later(*c, c->scenario_timer, s_.sc.after, &win_engine::scenario_fired);
}

void win_engine::trunk_answered(std::uint32_t call_id, trunk_id id, const rtp_report& ringback) {
  call* c = find(call_id);
  if (c == nullptr || c->trunk != id) return;
  touch(*c);
  trace(*c, "trunk 200 OK, ringback " + ringback.to_string());
  check_rtp(*c, ringback);
  if (c->ph == win_phase::alerting) occur(*c, event_class::answer);
}

void win_engine::trunk_ended(std::uint32_t call_id, trunk_id id, const trunk_end& end) {
  call* c = find(call_id);
  if (c == nullptr || c->trunk != id) return;
  c->trunk = 0;
  touch(*c);
  trace(*c, "trunk ended: " + end.detail + ", ringback " + end.rtp.to_string());
  check_rtp(*c, end.rtp);
  if (end.status == 486 && c->ph == win_phase::alerting) return occur(*c, event_class::busy);
  if (c->ph == win_phase::alerting || c->ph == win_phase::talking) {
    // Not what the scenario asked for: the platform failed the call.
    fail(*c, failure_kind::bearer, "trunk: " + end.detail);
    occur(*c, c->ph == win_phase::talking ? event_class::disconnect : event_class::abandon);
  }
}

}  // namespace cmr::tools::ssf
