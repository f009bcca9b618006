// call: a call no resource applies to, forwarded as a stateful proxy would
// (RFC 3261 16; "sip / unserved proxy", docs/ims.md). The caller's INVITE
// goes on with this server's Via on top, Max-Forwards one less, this
// server's own Route entry removed and no Record-Route: the dialog between
// the parties runs without this server (ACK for 2xx, PRACK, BYE go around
// it). Responses come back through the client transaction and go to the
// caller with this server's Via removed; a CANCEL is passed on and the
// callee's 487 answers it. The call ends with the final response; 2xx
// retransmissions still pass, from the client transaction (Accepted) to the
// server transaction (Accepted), without the call.

#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/log.h"

namespace cmr::sip::as {

void call::proxy_invite() {
  step(call_event::proxy);
  proxied_ = true;
  ++owner_.stats().proxied;
  message req = a_invite_->request();
  // RFC 3261 16.4: the top Route naming this server is removed; a foreign
  // one was ignored like in the B2BUA (identify_parties): the next hop.
  if (isc_.own_route) {
    req.remove_first_header("Route");
  } else {
    req.remove_header("Route");
  }
  req.set_header("Max-Forwards", std::to_string(max_forwards(req) - 1));
  // A proxy may retarget the Request-URI (16.5); To stays as sent.
  strip_platform_prefix(req, false);
  const endpoint to = b_destination();
  req.prepend_header("Via", owner_.layer().make_via(to.kind, transaction_layer::new_branch()));
  CMR_LOG(sip, info, "%s: INVITE %s owner=%s other=%s: no resource, proxied to %s:%u",
          prefix_.c_str(), a_call_id_.c_str(), owner_number_.c_str(), other_number_.c_str(),
          to.address.to_string().c_str(), to.port);
  b_request_ = req;
  std::weak_ptr<call> weak = shared_from_this();
  b_invite_ = owner_.layer().send_request(std::move(req), to,
                                          {[weak, a = a_invite_](const message& rsp) {
                                             if (auto c = weak.lock()) {
                                               c->on_b_invite_response(rsp);
                                             } else if (rsp.status >= 200 && rsp.status < 300) {
                                               message out = rsp;
                                               out.remove_first_header("Via");
                                               a->respond(std::move(out));
                                             }
                                           },
                                           [weak](tx_error e) {
                                             if (auto c = weak.lock()) c->on_b_invite_error(e);
                                           }});
  if (b_invite_) b_request_ = b_invite_->request();
  // Timer C's part: a callee that neither answers nor fails is CANCELled.
  arm_guard(owner_.config().ring_timeout, "ring timeout");
}

void call::on_proxied_response(const message& rsp) {
  message out = rsp;
  out.remove_first_header("Via");  // this server's
  if (rsp.status < 200) {
    if (rsp.status == 100) return;  // hop by hop (16.7)
    step(call_event::rx_b_provisional, std::to_string(rsp.status).c_str());
    if (cancel_pending_ && b_invite_) {
      cancel_pending_ = false;
      send_cancel_b();
    }
    note_alerting();
    a_invite_->respond(std::move(out));
    return;
  }
  if (rsp.status < 300) {
    if (!step(call_event::rx_b_answer, std::to_string(rsp.status).c_str())) return;
    answered_at_ = std::chrono::steady_clock::now();
    a_invite_->respond(std::move(out));
    finish(rsp.summary().c_str());
    return;
  }
  if (!step(call_event::rx_b_reject, std::to_string(rsp.status).c_str())) return;
  if (a_invite_->final_status() < 200) a_invite_->respond(std::move(out));
  finish(rsp.summary().c_str());
}

void call::proxy_cancel() {
  step(call_event::rx_a_cancel);
  // RFC 3261 16.10: the CANCEL was answered (200) by the transaction layer;
  // the callee's 487 answers the INVITE. CANCEL waits for a provisional.
  send_cancel_b();
  arm_guard(owner_.layer().config().timer_b(), "cancel without answer");
}

}  // namespace cmr::sip::as
