#include "sip/as/call.h"

#include <strings.h>

#include "sip/as/b2bua.h"
#include "sip/log.h"
#include "sip/transport/uri_endpoint.h"

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

call::call(b2bua& owner, std::shared_ptr<server_transaction> invite, std::uint64_t id)
    : owner_(owner),
      id_(id),
      prefix_("sip-as(call=" + std::to_string(id) + ")"),
      state_(call_table, call_state::received, log_sip),
      reinvite_(reinvite_table, reinvite_state::idle, log_sip),
      reinvite_prefix_(prefix_ + "/reinvite"),
      a_invite_(std::move(invite)) {
  a_call_id_ = a_invite_->request().call_id();
  b_call_id_ = random_token(20) + "@cmr";
  if (auto cs = a_invite_->request().cseq()) a_invite_cseq_ = cs->number;
}

call::~call() {
  if (guard_timer_ != 0) owner_.layer().timers().cancel(guard_timer_);
}

int call::max_forwards(const message& req) {
  const auto* mf = req.header("Max-Forwards");
  return mf != nullptr ? std::atoi(mf->c_str()) : 70;
}

endpoint call::b_destination() const {
  // ISC (3GPP TS 24.229 5.7.5): back to the S-CSCF along the rest of the
  // Route set it sent; the first entry is a loose router (lr) by 24.229.
  if (!isc_.return_route.empty()) {
    if (const auto first = parse_name_addr(isc_.return_route.front()))
      if (const auto ep = endpoint_from_uri(first->uri)) return *ep;
  }
  return owner_.config().next_hop;
}

void call::send_b_invite() {
  const auto& a_req = a_invite_->request();
  message req = a_req;
  req.remove_header("Via");
  req.remove_header("Record-Route");
  req.remove_header("Route");
  // The S-CSCF's return route, unchanged (its odi tells it which session
  // this is); this server's own entry is gone. P-Served-User is for the AS
  // only (RFC 5502); P-Asserted-Identity, Privacy, P-Charging-Vector and
  // P-Charging-Function-Addresses go on as received.
  for (const auto& r : isc_.return_route) req.add_header("Route", r);
  req.remove_header("P-Served-User");
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
  req.set_header("Max-Forwards", std::to_string(max_forwards(a_req) - 1));
  const endpoint to = b_destination();
  req.set_header("Contact", owner_.contact(to.kind));
  b_invite_cseq_ = a_invite_cseq_;
  if (rt_.mode == delivery_mode::http) apply_http_cmrt(req);
  if (rt_.mode == delivery_mode::application_server) offer_cmrt_extensions(req);
  // Gateway mode: this server is the early-media source toward A; the
  // callee's own early media (P-Early-Media, RFC 5009) is not asked for.
  if (bt_.mode == delivery_mode::gateway || bt_.mode == delivery_mode::forking)
    req.remove_header("P-Early-Media");

  // route-via-platform: the callee's leg goes without the prefix, so that
  // the switch routes it to the callee (docs/cs-delivery.md section 7).
  strip_platform_prefix(req, true);

  present_session_sdp(req, to_b_sdp_);
  b_request_ = req;
  std::weak_ptr<call> weak = shared_from_this();
  owner_.register_b_leg(shared_from_this());
  b_invite_ = owner_.layer().send_request(std::move(req), to,
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
  if (state_.in(call_state::proxying)) {
    on_proxied_response(rsp);
    return;
  }
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
  if (!step(call_event::rx_b_provisional, std::to_string(rsp.status).c_str())) return;
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
  if (state_.in(call_state::terminating)) return;  // the caller has its final response
  relay_provisional(rsp);
}

void call::on_b_invite_error(tx_error e) {
  const auto from = state();
  if (!step(call_event::b_unreachable, e == tx_error::timeout ? "timeout" : "transport")) return;
  ++owner_.stats().timeouts;
  CMR_LOG(sip, info, "%s: INVITE toward callee failed (%s)", prefix_.c_str(),
          e == tx_error::timeout ? "timeout" : "transport");
  wind_up(from, e == tx_error::timeout ? 408 : 503, "callee unreachable");
}

void call::on_b_final(const message& rsp) {
  const auto from = state();
  if (!step(call_event::rx_b_reject, std::to_string(rsp.status).c_str())) return;
  stop_media();
  if (a_pending(from)) {
    auto out = response_to_a(rsp);
    out.body = rsp.body;
    reject_a(std::move(out));
  }
  wind_up(from, 0, rsp.summary().c_str());
}

void call::on_b_ok(const message& rsp) {
  const auto from = state();
  if (!step(call_event::rx_b_answer, std::to_string(rsp.status).c_str())) return;
  if (b_answered(from)) {  // a retransmission of the 2xx (RFC 6026 Accepted)
    if (b_ack_ && b_dialog_)
      owner_.layer().send_stateless(*b_ack_, *endpoint_from_uri(b_dialog_->next_hop()));
    return;
  }
  if (guard_timer_ != 0) owner_.layer().timers().cancel(guard_timer_);
  guard_timer_ = 0;
  if (!b_dialog_ || b_dialog_->id().remote_tag != (rsp.to() ? rsp.to()->tag() : "")) {
    b_dialog_ = dialog::create_uac(b_request_, rsp);
  } else {
    b_dialog_->on_response(rsp);
  }
  stop_media();
  if (from == call_state::terminating) {
    // CANCEL crossed the 2xx (RFC 3261 9.1): the callee answered a call the
    // caller gave up. ACK and BYE it.
    ack_b({}, nullptr);
    bye(b_dialog_);
    finish("answer after CANCEL");
    return;
  }
  if (!b_dialog_) {
    fail(call_event::failed, 502, "2xx without dialog");
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
  if (fork_live_now()) {
    fork_answer(std::move(out));  // the forked dialog ends first (call_forking.cpp)
    return;
  }
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

void call::note_alerting() {
  if (alerting_at_) return;
  alerting_at_ = std::chrono::steady_clock::now();
  owner_.stats().invite_to_18x.observe(*alerting_at_ - t0_);
}

void call::relay_provisional(const message& rsp) {
  note_alerting();
  auto out = response_to_a(rsp);
  out.body = rsp.body;
  // B asked for reliability: keep it toward A when A can do it.
  bool reliable = rsp.has_option("Require", "100rel") && a_supports("100rel");
  // Presentation control's event rules (181 forwarded, 182/183 network
  // announcement) while this server plays the ringback (call_keys.cpp).
  const bool to_network = apply_event_rules(rsp);
  if (bt_.mode != delivery_mode::off) apply_cmrbt_to_provisional(out, reliable);
  send_to_a(std::move(out), reliable);
  if (to_network) hand_to_network(rsp);
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
      if (auto c = weak.lock()) c->fail(call_event::no_prack, 504, "no PRACK from the caller");
    };
  }
  if (a_rel_->pending()) {
    a_queue_.push_back(std::move(rsp));  // RFC 3262 3: one unacknowledged at a time
    return;
  }
  a_rel_->send(std::move(rsp));
}

void call::answer_a(message ok) {
  if (!step(call_event::tx_a_answer, std::to_string(ok.status).c_str())) return;
  answered_at_ = std::chrono::steady_clock::now();
  a_queue_.clear();
  if (a_rel_) a_rel_->stop();
  present_session_sdp(ok, to_a_sdp_);
  ensure_a_dialog(false);
  a_ok_ = std::make_unique<ok_retransmitter>(a_invite_, owner_.layer().timers(),
                                             owner_.layer().config());
  std::weak_ptr<call> weak = shared_from_this();
  a_ok_->on_timeout = [weak] {
    auto c = weak.lock();
    if (!c) return;
    const auto from = c->state();
    if (c->step(call_event::no_ack)) c->wind_up(from, 0, "no ACK from the caller");
  };
  a_ok_->send(std::move(ok));
}

void call::reject_a(message final_rsp) {
  if (a_invite_->final_status() >= 200) return;
  if (fork_live_now()) fork_before_final();  // 199 on the forked dialog (call_forking.cpp)
  a_queue_.clear();
  if (a_rel_) a_rel_->stop();
  present_session_sdp(final_rsp, to_a_sdp_);
  a_invite_->respond(std::move(final_rsp));
}

void call::reject_a(int status) {
  reject_a(make_response(a_invite_->request(), status, {}, a_invite_->local_tag()));
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

void call::fail(call_event e, int status, const char* why) {
  const auto from = state();
  if (!step(e, why)) return;
  CMR_LOG(sip, info, "%s: failing with %d (%s)", prefix_.c_str(), status, why);
  wind_up(from, status, why);
}

void call::wind_up(call_state from, int a_status, const char* why) {
  stop_media();
  if (a_pending(from) && a_status != 0) reject_a(a_status);
  if (state_.in(call_state::terminating)) {
    send_cancel_b();
    // The callee's 487 (or a crossing 2xx) still arrives; give it 64*T1.
    arm_guard(owner_.layer().config().timer_b(), "cancel without answer");
    return;
  }
  if (a_answered(from)) bye(a_dialog_);
  if (b_answered(from)) bye(b_dialog_);
  finish(why);
}

void call::bye(std::optional<dialog>& d) {
  if (!d || d->state() == dialog_state::terminated) return;
  auto req = d->create_request("BYE");
  d->terminate();
  if (auto to = endpoint_from_uri(d->next_hop()))
    owner_.layer().send_request(std::move(req), *to, {});
}

void call::finish(const char* why) {
  if (rt_.mode == delivery_mode::application_server && !rt_.offered) {
    // The callee never sent a reliable 18x with early-session support (or
    // the call ended before one): no ringtone could be offered.
    ++owner_.stats().cmrt_not_offered;
    CMR_LOG(sip, info,
            "%s: CMRT %s not offered: no reliable 18x with early-session from the callee",
            prefix_.c_str(), rt_.resource_id.c_str());
  }
  stop_media();
  if (a_rel_) a_rel_->stop();
  if (guard_timer_ != 0) owner_.layer().timers().cancel(guard_timer_);
  guard_timer_ = 0;
  write_record();
  CMR_LOG(sip, info, "%s: ended (%s)", prefix_.c_str(), why);
  owner_.remove(*this);  // may drop the last reference: nothing after this
}

void call::arm_guard(std::chrono::milliseconds d, const char* why) {
  auto& timers = owner_.layer().timers();
  if (guard_timer_ != 0) timers.cancel(guard_timer_);
  std::weak_ptr<call> weak = shared_from_this();
  guard_timer_ = timers.start(d, [weak, why] {
    if (auto c = weak.lock()) {
      c->guard_timer_ = 0;
      CMR_LOG(sip, info, "%s: %s", c->prefix_.c_str(), why);
      c->on_guard(why);
    }
  });
}

void call::on_guard(const char* why) {
  const auto from = state();
  if (!step(call_event::timeout, why)) return;
  ++owner_.stats().timeouts;
  // No decision in time, or the callee did not answer: 408 to the caller
  // (487 for a proxied call whose callee never answered the CANCEL).
  wind_up(from, cancelled_ ? 487 : 408, why);
}

void call::shutdown() {
  const auto from = state();
  if (!step(call_event::shutdown)) return;
  // The callee's INVITE is CANCELled, without waiting for its answer.
  if (from == call_state::calling_b || from == call_state::early || from == call_state::proxying)
    send_cancel_b();
  wind_up(from, 487, "shutdown");
}

}  // namespace cmr::sip::as
