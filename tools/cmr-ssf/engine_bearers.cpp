// The call model's side of the bearer to the IP (bearer.h; the SIP
// implementation is sip_bearer.h): opened once a message asked for it (PA
// after ConnectToResource, or EstablishTemporaryConnection), closed by DFC,
// ReleaseCall, a new PA or the end of the call. Its RTP check decides the
// call's rtp-mismatch / rtp-missing failures; a failed bearer answers the
// invoke that asked for it with ReturnError; a completed play is reported
// with SpecializedResourceReport when the PA asked for it.
#include "in/codec/protocol_constants.h"
#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

namespace op = codec::opcode;

void ssf_engine::open_bearer(call& c) {
  c.bearer_requested = false;
  close_bearer(c);  // a new PA replaces a running play
  if (bearers_ == nullptr) return;
  const bearer_id b = bearers_->open(c.pending_bearer);
  if (b == 0) {
    fail(c, failure_kind::bearer, "INVITE could not be sent");
    refuse_bearer_invoke(c);
    return;
  }
  c.bearer = b;
  if (s_.trace)
    trace(c, c.pending_bearer.announcement_id
                 ? "bearer INVITE play=cmr:" + std::to_string(*c.pending_bearer.announcement_id)
                 : "bearer INVITE " + c.pending_bearer.routing_digits);
}

void ssf_engine::close_bearer(call& c) {
  close_trunk(c);
  if (c.bearer == 0 || bearers_ == nullptr) return;
  const bearer_id b = c.bearer;
  c.bearer = 0;
  const rtp_report r = bearers_->close(b);
  trace(c, "bearer BYE (switch side), RTP " + r.to_string());
  check_rtp(c, r);
}

// The invoke that asked for a bearer which failed: ReturnError (eTCFailed
// for EstablishTemporaryConnection, unavailableResource otherwise); the PA
// gets no SpecializedResourceReport.
void ssf_engine::refuse_bearer_invoke(call& c) {
  if (c.bearer_invoke)
    queue_error(c, *c.bearer_invoke,
                c.bearer_opcode == op::establish_temporary_connection
                    ? codec::error_code::etc_failed
                    : codec::error_code::unavailable_resource);
  c.pa_invoke.reset();
}

void ssf_engine::check_rtp(call& c, const rtp_report& r) {
  if (r.ok) return;
  fail(c, r.packets == 0 ? failure_kind::rtp_missing : failure_kind::rtp_mismatch,
       "RTP: " + r.problem);
}

void ssf_engine::send_srr(call& c) {
  if (!c.pa_invoke) return;
  tcap::invoke_req req{c.next_invoke++, c.pa_invoke, op::specialized_resource_report, srr_, {}, {}};
  if (srr_.empty()) req.parameter.reset();
  c.pa_invoke.reset();
  if (s_.trace) trace(c, "tx SpecializedResourceReport (linked to the PA)");
  check(c, layer_->invoke(c.id, req), "invoke SRR");
  c.tx_pending = true;
}

void ssf_engine::bearer_up(std::uint32_t call_id, bearer_id id) {
  call* c = find(call_id);
  if (c == nullptr || c->bearer != id) return;
  touch(*c);
  trace(*c, "bearer 200 OK, RTP flowing");
}

void ssf_engine::bearer_ended(std::uint32_t call_id, bearer_id id, const bearer_end& end) {
  call* c = find(call_id);
  if (c == nullptr || c->bearer != id) return;
  c->bearer = 0;
  touch(*c);
  if (end.what == bearer_end::kind::failed) {
    trace(*c, "bearer failed: " + end.detail);
    fail(*c, failure_kind::bearer, "bearer: " + end.detail);
    refuse_bearer_invoke(*c);
  } else {
    trace(*c, "bearer BYE from the IP, RTP " + end.rtp.to_string());
    check_rtp(*c, end.rtp);
    send_srr(*c);
  }
  flush(*c);
}

}  // namespace cmr::tools::ssf
