#include "sip/as/call.h"

#include <strings.h>

#include "sip/as/b2bua.h"
#include "sip/as/party_identity.h"
#include "sip/transport/uri_endpoint.h"
#include "sip/log.h"

namespace cmr::sip::as {

namespace {

bool is_one_of(std::string_view name, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (name.size() == std::strlen(n) && ::strncasecmp(name.data(), n, name.size()) == 0)
      return true;
  return false;
}

// Headers a B2BUA owns per leg: never copied from one leg to the other.
bool leg_header(std::string_view name) {
  return is_one_of(name, {"Via", "From", "To", "Call-ID", "CSeq", "Contact", "Record-Route",
                          "Route", "Content-Length", "RSeq", "RAck", "Max-Forwards"});
}

}  // namespace

call::call(b2bua& owner, std::shared_ptr<server_transaction> invite)
    : owner_(owner), a_invite_(std::move(invite)) {
  a_call_id_ = a_invite_->request().call_id();
  b_call_id_ = random_token(20) + "@cmr";
  if (auto cs = a_invite_->request().cseq()) a_invite_cseq_ = cs->number;
}

call::~call() {
  if (guard_timer_ != 0) owner_.layer().timers().cancel(guard_timer_);
}

void call::start() {
  const auto& a_req = a_invite_->request();
  owner_number_ = party_number(a_req, owner_.config().owner);
  other_number_ = party_number(a_req, owner_.config().other_party);
  plan_services(a_req);
  if (bt_.mode == delivery_mode::off && rt_.mode == delivery_mode::off)
    ++owner_.stats().passed_through;
  CMR_LOG(sip, info, "%s: INVITE owner=%s other=%s cmrbt=%s%s%s cmrt=%s%s%s", name().c_str(),
          owner_number_.c_str(), other_number_.c_str(), to_string(bt_.mode),
          bt_.resource_id.empty() ? "" : " ", bt_.resource_id.c_str(), to_string(rt_.mode),
          rt_.resource_id.empty() ? "" : " ", rt_.resource_id.c_str());
  send_b_invite();
}

void call::send_b_invite() {
  const auto& a_req = a_invite_->request();
  message req = a_req;
  req.remove_header("Via");
  req.remove_header("Record-Route");
  req.remove_header("Route");
  req.set_header("Call-ID", b_call_id_);
  if (auto from = a_req.from()) {
    auto f = *from;
    f.params.set("tag", random_token(12));
    req.set_header("From", f.to_string());
  }
  if (auto to = a_req.to()) {
    auto t = *to;
    t.params.erase("tag");
    req.set_header("To", t.to_string());
  }
  int max_forwards = 70;
  if (const auto* mf = a_req.header("Max-Forwards")) max_forwards = std::atoi(mf->c_str());
  if (max_forwards <= 0) {
    fail(483, "Max-Forwards exhausted");
    return;
  }
  req.set_header("Max-Forwards", std::to_string(max_forwards - 1));
  req.set_header("Contact", owner_.contact(owner_.config().next_hop.kind));
  b_invite_cseq_ = a_invite_cseq_;
  if (rt_.mode == delivery_mode::http) apply_http_cmrt(req);
  if (rt_.mode == delivery_mode::application_server) offer_cmrt_extensions(req);
  // Gateway mode: this server is the early-media source toward A; the
  // callee's own early media (P-Early-Media, RFC 5009) is not asked for.
  if (bt_.mode == delivery_mode::gateway) req.remove_header("P-Early-Media");

  present_session_sdp(req, to_b_sdp_);
  b_request_ = req;
  std::weak_ptr<call> weak = shared_from_this();
  owner_.register_b_leg(shared_from_this());
  b_invite_ = owner_.layer().send_request(std::move(req), owner_.config().next_hop,
                                          {[weak](const message& rsp) {
                                             if (auto c = weak.lock()) c->on_b_invite_response(rsp);
                                           },
                                           [weak](tx_error e) {
                                             if (auto c = weak.lock()) c->on_b_invite_error(e);
                                           }});
  if (b_invite_) b_request_ = b_invite_->request();
  arm_guard(owner_.config().ring_timeout, "ring timeout");
}

void call::on_b_invite_response(const message& rsp) {
  if (finished_) return;
  if (rsp.status <= 100) return;
  if (rsp.status >= 300) {
    on_b_final(rsp);
    return;
  }
  if (rsp.status >= 200) {
    on_b_ok(rsp);
    return;
  }
  // 101-199.
  if (cancel_pending_ && b_invite_) {
    cancel_pending_ = false;
    send_cancel_b();
  }
  if (auto to = rsp.to(); to && !to->tag().empty()) {
    if (!b_dialog_) {
      b_dialog_ = dialog::create_uac(b_request_, rsp);
    } else if (b_dialog_->id().remote_tag == to->tag()) {
      b_dialog_->on_response(rsp);
    }
  }
  if (rsp.has_option("Require", "100rel") && rsp.has_header("RSeq") && b_dialog_) {
    switch (b_pracks_.on_provisional(rsp)) {
      case prack_tracker::verdict::prack:
        prack_b(rsp);
        break;
      case prack_tracker::verdict::retransmission:
      case prack_tracker::verdict::out_of_order:
        return;  // already relayed, or to be dropped (RFC 3262 4)
      case prack_tracker::verdict::not_reliable:
        break;
    }
  }
  if (cancelled_) return;
  relay_provisional(rsp);
}

void call::on_b_invite_error(tx_error e) {
  if (finished_) return;
  ++owner_.stats().timeouts;
  stop_media();
  CMR_LOG(sip, info, "%s: INVITE toward callee failed (%s)", name().c_str(),
          e == tx_error::timeout ? "timeout" : "transport");
  if (!a_final_sent_)
    answer_a(make_response(a_invite_->request(), e == tx_error::timeout ? 408 : 503, {},
                           a_invite_->local_tag()));
  finish("callee unreachable");
}

void call::on_b_final(const message& rsp) {
  b_final_ = true;
  stop_media();
  if (!a_final_sent_) {
    auto out = response_to_a(rsp);
    out.body = rsp.body;
    answer_a(std::move(out));
  }
  finish(rsp.summary().c_str());
}

void call::on_b_ok(const message& rsp) {
  if (b_answered_) {  // a retransmission of the 2xx (RFC 6026 Accepted)
    if (b_ack_) owner_.layer().send_stateless(*b_ack_, *endpoint_from_uri(b_dialog_->next_hop()));
    return;
  }
  b_answered_ = b_final_ = true;
  if (guard_timer_ != 0) owner_.layer().timers().cancel(guard_timer_);
  guard_timer_ = 0;
  if (!b_dialog_ || b_dialog_->id().remote_tag != (rsp.to() ? rsp.to()->tag() : "")) {
    b_dialog_ = dialog::create_uac(b_request_, rsp);
  } else {
    b_dialog_->on_response(rsp);
  }
  stop_media();
  if (!b_dialog_) {
    fail(502, "2xx without dialog");
    return;
  }
  if (cancelled_ || a_final_sent_) {
    // CANCEL crossed the 2xx (RFC 3261 9.1): the callee answered a call the
    // caller gave up. ACK and BYE it.
    ack_b({}, nullptr);
    hang_up("answer after CANCEL");
    return;
  }
  arm_guard(owner_.config().max_call_duration, "max call duration");
  // Late offer: the ACK from A carries the answer to B's offer.
  b_ack_waits_for_a_ = a_invite_->request().body.empty() && !rsp.body.empty();
  if (!b_ack_waits_for_a_) ack_b({}, nullptr);
  if (bt_.mode == delivery_mode::gateway && bt_.offered) {
    gateway_final(rsp);
    return;
  }
  auto out = response_to_a(rsp);
  out.body = rsp.body;
  answer_a(std::move(out));
}

message call::response_to_a(const message& from_b) const {
  auto out =
      make_response(a_invite_->request(), from_b.status, from_b.reason, a_invite_->local_tag());
  out.copy_headers(a_invite_->request(), "Record-Route");
  for (const auto& h : from_b.headers) {
    if (leg_header(h.name)) continue;
    if (is_one_of(h.name, {"Require"}) && h.value == "100rel") continue;  // hop by hop
    out.add_header(h.name, h.value);
  }
  if (from_b.status < 300 || from_b.status >= 700)
    out.set_header("Contact", owner_.contact(a_invite_->peer().kind));
  return out;
}

void call::relay_provisional(const message& rsp) {
  auto out = response_to_a(rsp);
  out.body = rsp.body;
  // B asked for reliability: keep it toward A when A can do it.
  bool reliable = rsp.has_option("Require", "100rel") && a_supports("100rel");
  if (bt_.mode != delivery_mode::off) apply_cmrbt_to_provisional(out, reliable);
  send_to_a(std::move(out), reliable);
}

void call::send_to_a(message rsp, bool reliable) {
  ensure_a_dialog(true);
  present_session_sdp(rsp, to_a_sdp_);
  if (!reliable) {
    a_invite_->respond(std::move(rsp));
    return;
  }
  if (!a_rel_) {
    a_rel_ = std::make_unique<reliable_provisional>(a_invite_, owner_.layer().timers(),
                                                    owner_.layer().config());
    std::weak_ptr<call> weak = shared_from_this();
    a_rel_->on_timeout = [weak] {
      if (auto c = weak.lock()) c->fail(504, "no PRACK from the caller");
    };
  }
  if (a_rel_->pending()) {
    a_queue_.push_back(std::move(rsp));  // RFC 3262 3: one unacknowledged at a time
    return;
  }
  a_rel_->send(std::move(rsp));
}

void call::answer_a(message final_rsp) {
  if (a_final_sent_) return;
  a_final_sent_ = true;
  a_queue_.clear();
  if (a_rel_) a_rel_->stop();
  present_session_sdp(final_rsp, to_a_sdp_);
  if (final_rsp.status >= 200 && final_rsp.status < 300) {
    ensure_a_dialog(false);
    a_ok_ = std::make_unique<ok_retransmitter>(a_invite_, owner_.layer().timers(),
                                               owner_.layer().config());
    std::weak_ptr<call> weak = shared_from_this();
    a_ok_->on_timeout = [weak] {
      if (auto c = weak.lock()) c->hang_up("no ACK from the caller");
    };
    a_ok_->send(std::move(final_rsp));
    return;
  }
  a_invite_->respond(std::move(final_rsp));
}

void call::ensure_a_dialog(bool early) {
  if (!a_dialog_) {
    a_dialog_ = dialog::create_uas(a_invite_->request(), a_invite_->local_tag(),
                                   owner_.contact(a_invite_->peer().kind), early);
  } else if (!early) {
    a_dialog_->confirm();
  }
}

void call::ack_b(const std::string& body, const std::string* content_type) {
  if (!b_dialog_) return;
  auto ack = b_dialog_->create_ack(b_invite_cseq_);
  if (!body.empty()) {
    ack.body = body;
    if (content_type != nullptr) ack.set_header("Content-Type", *content_type);
    present_session_sdp(ack, to_b_sdp_);
  }
  if (auto to = endpoint_from_uri(b_dialog_->next_hop())) {
    owner_.layer().send_stateless(ack, *to);
    b_ack_ = std::move(ack);
  }
}

void call::fail(int status, const char* why) {
  if (finished_) return;
  CMR_LOG(sip, info, "%s: failing with %d (%s)", name().c_str(), status, why);
  stop_media();
  if (!a_final_sent_)
    answer_a(make_response(a_invite_->request(), status, {}, a_invite_->local_tag()));
  if (b_invite_ && !b_final_) {
    send_cancel_b();
    // The callee's 487 (or a crossing 2xx) still arrives; give it 64*T1.
    arm_guard(owner_.layer().config().timer_b(), "cancel without answer");
    cancelled_ = true;
    return;
  }
  if (b_answered_) {
    hang_up(why);
    return;
  }
  finish(why);
}

void call::hang_up(const char* why) {
  stop_media();
  auto bye = [this](std::optional<dialog>& d) {
    if (!d || d->state() == dialog_state::terminated) return;
    auto req = d->create_request("BYE");
    if (auto to = endpoint_from_uri(d->next_hop()))
      owner_.layer().send_request(std::move(req), *to, {});
  };
  if (a_final_sent_ && a_invite_->final_status() >= 200 && a_invite_->final_status() < 300)
    bye(a_dialog_);
  if (b_answered_) bye(b_dialog_);
  finish(why);
}

void call::finish(const char* why) {
  if (finished_) return;
  finished_ = true;
  if (rt_.mode == delivery_mode::application_server && !rt_.offered) {
    // The callee never sent a reliable 18x with early-session support (or
    // the call ended before one): no ringtone could be offered.
    ++owner_.stats().cmrt_not_offered;
    CMR_LOG(sip, info,
            "%s: CMRT %s not offered: no reliable 18x with early-session from the callee",
            name().c_str(), rt_.resource_id.c_str());
  }
  stop_media();
  if (a_rel_) a_rel_->stop();
  if (guard_timer_ != 0) owner_.layer().timers().cancel(guard_timer_);
  guard_timer_ = 0;
  CMR_LOG(sip, info, "%s: ended (%s)", name().c_str(), why);
  owner_.remove(*this);  // may drop the last reference: nothing after this
}

void call::arm_guard(std::chrono::milliseconds d, const char* why) {
  auto& timers = owner_.layer().timers();
  if (guard_timer_ != 0) timers.cancel(guard_timer_);
  std::weak_ptr<call> weak = shared_from_this();
  guard_timer_ = timers.start(d, [weak, why] {
    if (auto c = weak.lock()) {
      c->guard_timer_ = 0;
      CMR_LOG(sip, info, "%s: %s", c->name().c_str(), why);
      c->on_guard();
    }
  });
}

void call::on_guard() {
  ++owner_.stats().timeouts;
  if (b_answered_) {
    hang_up("guard timer");
  } else if (cancelled_) {
    finish("no answer to CANCEL");
  } else {
    fail(408, "callee did not answer");
  }
}

}  // namespace cmr::sip::as
