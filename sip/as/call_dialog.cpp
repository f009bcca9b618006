// call: requests inside the dialogs (relayed hop by hop to the other leg),
// ACK, CANCEL and BYE.
#include <random>

#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/log.h"
#include "sip/transport/uri_endpoint.h"

namespace cmr::sip::as {

namespace {

// RFC 3261 14.2: "a randomly chosen value of between 0 and 10 seconds".
int retry_after_s() {
  thread_local std::mt19937 gen{std::random_device{}()};
  return std::uniform_int_distribution<int>(0, 10)(gen);
}

}  // namespace

void call::on_a_request(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  if (req.method == "INVITE" && !(req.to() && !req.to()->tag().empty())) {
    tx->respond(482, "Loop Detected");  // a second INVITE with this Call-ID (merged request)
    return;
  }
  if (state_.in(call_state::ended)) {
    tx->respond(481);
    return;
  }
  if (on_fork_request(tx)) return;  // the forked early dialog (call_forking.cpp)
  if (a_dialog_ && !a_dialog_->on_request(req)) {
    tx->respond(500, "CSeq out of order");
    return;
  }
  if (req.method == "BYE") {
    on_bye(tx, true);
    return;
  }
  if (on_info(tx)) return;  // a key during the ringback (call_keys.cpp)
  const auto e = req.method == "PRACK"    ? call_event::rx_a_prack
                 : req.method == "INVITE" ? call_event::rx_a_reinvite
                                          : call_event::rx_a_request;
  if (!step(e, e == call_event::rx_a_request ? req.method.c_str() : nullptr)) {
    refuse_request(tx, e);
    return;
  }
  if (e == call_event::rx_a_prack) {
    on_a_prack(tx);
  } else {
    relay_request(tx, true);
  }
}

void call::on_b_request(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  if (state_.in(call_state::ended) || !b_dialog_) {
    tx->respond(481);
    return;
  }
  if (!b_dialog_->on_request(req)) {
    tx->respond(500, "CSeq out of order");
    return;
  }
  if (req.method == "BYE") {
    on_bye(tx, false);
    return;
  }
  if (req.method == "PRACK") {
    tx->respond(481);  // this side never sends reliable provisionals to B
    return;
  }
  const auto e = req.method == "INVITE" ? call_event::rx_b_reinvite : call_event::rx_b_request;
  if (!step(e, e == call_event::rx_b_request ? req.method.c_str() : nullptr)) {
    refuse_request(tx, e);
    return;
  }
  relay_request(tx, false);
}

void call::refuse_request(const std::shared_ptr<server_transaction>& tx, call_event e) {
  const bool reinvite = e == call_event::rx_a_reinvite || e == call_event::rx_b_reinvite;
  auto& d = e == call_event::rx_a_reinvite ? a_dialog_ : b_dialog_;
  if (reinvite && a_pending(state()) && d) {
    // RFC 3261 14.2: an INVITE on a dialog whose initial INVITE has no final
    // response yet: 500 with a Retry-After of 0 to 10 seconds.
    auto rsp = make_response(tx->request(), 500, {}, tx->local_tag());
    rsp.add_header("Retry-After", std::to_string(retry_after_s()));
    tx->respond(std::move(rsp));
    return;
  }
  tx->respond(481);  // no dialog this request can use (any more)
}

void call::relay_request(const std::shared_ptr<server_transaction>& tx, bool from_a) {
  auto& other = from_a ? b_dialog_ : a_dialog_;
  if (!other || other->state() == dialog_state::terminated) {
    tx->respond(481);
    return;
  }
  const auto& req = tx->request();
  auto out = other->create_request(req.method);
  for (const auto& h : req.headers) {
    if (h.name == "Via" || h.name == "From" || h.name == "To" || h.name == "Call-ID" ||
        h.name == "CSeq" || h.name == "Contact" || h.name == "Route" || h.name == "Record-Route" ||
        h.name == "Max-Forwards" || h.name == "Content-Length")
      continue;
    out.add_header(h.name, h.value);
  }
  out.body = req.body;
  present_session_sdp(out, from_a ? to_b_sdp_ : to_a_sdp_);
  const auto to = endpoint_from_uri(other->next_hop());
  if (!to) {
    tx->respond(502);
    return;
  }
  const bool invite = req.method == "INVITE";
  if (invite) {
    const auto in_progress = reinvite_.state();
    if (!reinvite_.dispatch(from_a ? reinvite_event::rx_a : reinvite_event::rx_b,
                            reinvite_prefix_)) {
      // RFC 3261 14.2: crossing re-INVITEs (this side has one in progress
      // toward the sender) get 491; a second one from the same side while
      // its first is in progress gets 500 with Retry-After.
      const bool same_side =
          in_progress == (from_a ? reinvite_state::from_a : reinvite_state::from_b);
      auto rsp = make_response(req, same_side ? 500 : 491, {}, tx->local_tag());
      if (same_side) rsp.add_header("Retry-After", std::to_string(retry_after_s()));
      tx->respond(std::move(rsp));
      return;
    }
  }
  std::weak_ptr<call> weak = shared_from_this();
  auto* other_dialog = &*other;
  owner_.layer().send_request(
      std::move(out), *to,
      {[weak, tx, invite, other_dialog, from_a](const message& rsp) {
         auto c = weak.lock();
         if (!c || rsp.status <= 100) return;
         if (invite && rsp.status >= 200)
           c->reinvite_.dispatch(reinvite_event::answered, c->reinvite_prefix_,
                                 std::to_string(rsp.status).c_str());
         auto back = make_response(tx->request(), rsp.status, rsp.reason, tx->local_tag());
         for (const auto& h : rsp.headers) {
           if (h.name == "Via" || h.name == "From" || h.name == "To" || h.name == "Call-ID" ||
               h.name == "CSeq" || h.name == "Contact" || h.name == "Record-Route" ||
               h.name == "Content-Length" || h.name == "RSeq" || h.name == "Require")
             continue;
           back.add_header(h.name, h.value);
         }
         if (rsp.status < 300 && (invite || tx->request().method == "UPDATE"))
           back.set_header("Contact", c->owner_.contact(tx->peer().kind));
         back.body = rsp.body;
         present_session_sdp(back, from_a ? c->to_a_sdp_ : c->to_b_sdp_);
         if (invite && rsp.status >= 200 && rsp.status < 300) {
           // re-INVITE: ACK the other side now; the ACK from this side's peer
           // is absorbed (on_a_ack ignores ACKs for later CSeqs).
           other_dialog->refresh_target(rsp);
           const auto cs = rsp.cseq();
           if (auto dest = endpoint_from_uri(other_dialog->next_hop()); dest && cs)
             c->owner_.layer().send_stateless(other_dialog->create_ack(cs->number), *dest);
         }
         tx->respond(std::move(back));
       },
       [weak, tx, invite](tx_error e) {
         auto c = weak.lock();
         if (!c) return;
         if (invite)
           c->reinvite_.dispatch(reinvite_event::answered, c->reinvite_prefix_,
                                 e == tx_error::timeout ? "timeout" : "transport error");
         tx->respond(e == tx_error::timeout ? 408 : 503);
       }});
}

void call::on_a_prack(const std::shared_ptr<server_transaction>& tx) {
  if (!a_rel_ || !a_rel_->on_prack(tx->request())) {
    tx->respond(481);
    return;
  }
  on_a_early_answer(tx->request());
  tx->respond(200);
  if (!a_queue_.empty()) {  // emptied by the final response
    auto next = std::move(a_queue_.front());
    a_queue_.pop_front();
    a_rel_->send(std::move(next));
  }
}

void call::on_bye(const std::shared_ptr<server_transaction>& tx, bool from_a) {
  const auto from = state();
  if (!step(from_a ? call_event::rx_a_bye : call_event::rx_b_bye)) {
    tx->respond(481);  // e.g. the caller's early dialog ended with its final response
    return;
  }
  stop_media();
  auto& other = from_a ? b_dialog_ : a_dialog_;
  auto& own = from_a ? a_dialog_ : b_dialog_;
  if (from_a ? b_answered(from) : a_answered(from)) {
    auto out = other->create_request("BYE");
    for (const auto& v : tx->request().header_values("Reason")) out.add_header("Reason", v);
    const auto to = endpoint_from_uri(other->next_hop());
    if (to) owner_.layer().send_request(std::move(out), *to, {});
    other->terminate();
  }
  // The BYE is answered at once: a hang-up is never refused, and the other
  // leg's answer changes nothing for this one (RFC 3261 15.1.2).
  tx->respond(200);
  if (own) own->terminate();
  if (a_answered(from)) {
    finish(from_a ? "BYE from caller" : "BYE from callee");
    return;
  }
  // A BYE before the caller's answer ends the attempt: 487 for its INVITE
  // (RFC 3261 15.1.2), the callee's INVITE CANCELled or its dialog BYEd.
  wind_up(from, 487, from_a ? "caller BYE before answer" : "callee BYE before answer");
}

void call::on_a_ack(const message& ack) {
  const auto cs = ack.cseq();
  if (!cs || cs->number != a_invite_cseq_) return;  // the ACK of a re-INVITE
  if (!state_.in(call_state::answered)) return;     // a retransmission, or after the end
  step(call_event::rx_a_ack);
  if (a_ok_) a_ok_->on_ack();
  if (a_dialog_) a_dialog_->confirm();
  if (b_ack_waits_for_a_ && !b_ack_) ack_b(ack.body, ack.header("Content-Type"));
}

void call::on_a_cancel() {
  cancelled_ = true;
  if (state_.in(call_state::proxying)) {
    proxy_cancel();
    return;
  }
  const auto from = state();
  if (!step(call_event::rx_a_cancel)) return;
  // DECIDING: the late decision is dropped; CALLING_B, EARLY: the callee's
  // INVITE is CANCELled (TERMINATING); CONNECTING: the callee is BYEd.
  wind_up(from, 487, "cancelled");
}

// Callers know B's INVITE has no final response yet (TERMINATING, or a
// shutdown from CALLING_B or EARLY).
void call::send_cancel_b() {
  if (!b_invite_) return;
  if (!b_invite_->got_provisional()) {
    cancel_pending_ = true;  // RFC 3261 9.1: not before a provisional response
    return;
  }
  owner_.layer().send_cancel(*b_invite_, {});
}

void call::on_b_stray_response(const message& rsp) {
  const auto cs = rsp.cseq();
  if (!cs || cs->method != "INVITE" || rsp.status < 200 || rsp.status >= 300) return;
  if (b_ack_ && b_dialog_) {
    if (auto to = endpoint_from_uri(b_dialog_->next_hop()))
      owner_.layer().send_stateless(*b_ack_, *to);
  }
}

}  // namespace cmr::sip::as
