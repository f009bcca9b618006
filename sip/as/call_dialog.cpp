// call: requests inside the dialogs (relayed hop by hop to the other leg),
// ACK, CANCEL and BYE.
#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/transport/uri_endpoint.h"
#include "sip/log.h"

namespace cmr::sip::as {

void call::on_a_request(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  if (finished_) {
    tx->respond(481);
    return;
  }
  if (req.method == "INVITE" && !(req.to() && !req.to()->tag().empty())) {
    tx->respond(482, "Loop Detected");  // a second INVITE with this Call-ID (merged request)
    return;
  }
  if (a_dialog_ && !a_dialog_->on_request(req)) {
    tx->respond(500, "CSeq out of order");
    return;
  }
  if (req.method == "PRACK") {
    on_a_prack(tx);
  } else if (req.method == "BYE") {
    on_bye(tx, true);
  } else {
    relay_request(tx, true);
  }
}

void call::on_b_request(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  if (finished_ || !b_dialog_) {
    tx->respond(481);
    return;
  }
  if (!b_dialog_->on_request(req)) {
    tx->respond(500, "CSeq out of order");
    return;
  }
  if (req.method == "BYE") {
    on_bye(tx, false);
  } else if (req.method == "PRACK") {
    tx->respond(481);  // this side never sends reliable provisionals to B
  } else {
    relay_request(tx, false);
  }
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
  std::weak_ptr<call> weak = shared_from_this();
  auto* other_dialog = &*other;
  owner_.layer().send_request(
      std::move(out), *to,
      {[weak, tx, invite, other_dialog, from_a](const message& rsp) {
         auto c = weak.lock();
         if (!c || rsp.status <= 100) return;
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
       [weak, tx](tx_error e) {
         if (weak.lock()) tx->respond(e == tx_error::timeout ? 408 : 503);
       }});
}

void call::on_a_prack(const std::shared_ptr<server_transaction>& tx) {
  if (!a_rel_ || !a_rel_->on_prack(tx->request())) {
    tx->respond(481);
    return;
  }
  on_a_early_answer(tx->request());
  tx->respond(200);
  if (!a_queue_.empty() && !a_final_sent_) {
    auto next = std::move(a_queue_.front());
    a_queue_.pop_front();
    a_rel_->send(std::move(next));
  }
}

void call::on_bye(const std::shared_ptr<server_transaction>& tx, bool from_a) {
  stop_media();
  auto& other = from_a ? b_dialog_ : a_dialog_;
  const bool other_confirmed = from_a ? b_answered_ : (a_final_sent_ && b_answered_);
  if (!other_confirmed) {
    // BYE in an early dialog ends the call attempt (RFC 3261 15).
    tx->respond(200);
    if (from_a) {
      fail(487, "caller BYE before answer");
    } else {
      finish("callee BYE before answer");
    }
    return;
  }
  auto out = other->create_request("BYE");
  for (const auto& v : tx->request().header_values("Reason")) out.add_header("Reason", v);
  const auto to = endpoint_from_uri(other->next_hop());
  if (to) owner_.layer().send_request(std::move(out), *to, {});
  // The BYE is answered at once: a hang-up is never refused, and the other
  // leg's answer changes nothing for this one (RFC 3261 15.1.2).
  tx->respond(200);
  if (from_a) {
    b_dialog_->terminate();
    a_dialog_->terminate();
  } else {
    a_dialog_->terminate();
    b_dialog_->terminate();
  }
  finish(from_a ? "BYE from caller" : "BYE from callee");
}

void call::on_a_ack(const message& ack) {
  const auto cs = ack.cseq();
  if (!cs || cs->number != a_invite_cseq_) return;  // the ACK of a re-INVITE
  if (a_ok_) a_ok_->on_ack();
  if (a_dialog_) a_dialog_->confirm();
  if (b_ack_waits_for_a_ && !b_ack_) ack_b(ack.body, ack.header("Content-Type"));
}

void call::on_a_cancel() {
  if (finished_) return;
  if (a_final_sent_) {
    hang_up("shutdown");
    return;
  }
  cancelled_ = true;
  stop_media();
  answer_a(make_response(a_invite_->request(), 487, {}, a_invite_->local_tag()));
  if (!b_invite_ || b_final_) {
    finish("cancelled");
    return;
  }
  send_cancel_b();
  arm_guard(owner_.layer().config().timer_b(), "cancel without answer");
}

void call::send_cancel_b() {
  if (!b_invite_ || b_final_) return;
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
