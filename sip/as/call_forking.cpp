// call: delivery mode forking, the forking model of 3GPP TS 24.182 Annex A.3
// (the customized alerting tone as TS 24.628 Annex D.1 describes it for an
// AS). The callee's dialog is relayed to the caller as in every mode; beside
// it, once the callee alerts, the AS answers the caller's INVITE with its own
// 183 on a forked early dialog (its own To tag): the AS's SDP answer to the
// caller's offer, send-only, marked a=content:g.3gpp.cat, with P-Early-Media
// authorising it, reliable when the caller supports 100rel. The resource
// plays on it (the RTP player of Gateway mode). Only this dialog authorises
// early media: the callee's 18x go without P-Early-Media (inactive when they
// carry SDP). Before the final response the forked dialog ends:
//   - a 199 (RFC 6228) on its To tag when the caller's INVITE had
//     Supported: 199, for every outcome;
//   - else, at the callee's 2xx, an UPDATE with a=inactive and
//     P-Early-Media: inactive when the 183 was PRACKed and the caller allows
//     UPDATE; the 2xx waits for its answer;
//   - else nothing: the 2xx on the callee's dialog ends the other early
//     dialogs (RFC 3261 13.2.2.4), a non-2xx final response all of them.
// The state of the forked dialog is its own declared machine
// (sip/as/fork_state.h), beside the call's.
#include <random>

#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/log.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/p_early_media.h"
#include "sip/transport/uri_endpoint.h"

namespace cmr::sip::as {

namespace {

// The media-level attribute TS 24.182 puts on the customized alerting tone's
// stream (RFC 4796 content attribute, 3GPP value).
constexpr const char* k_cat_content = "content:g.3gpp.cat";
constexpr const char* k_fork_allow = "INVITE, ACK, CANCEL, BYE, PRACK, UPDATE";

std::optional<sdp::session_description> session_sdp(const message& m) {
  const auto part = find_body_part(m, "application", "sdp", "session");
  if (!part) return std::nullopt;
  auto sd = sdp::parse(part->body);
  if (!sd) return std::nullopt;
  return std::move(*sd);
}

// One P-Early-Media parameter per m= line (RFC 5009 8): `dir` for the
// stream at `index`, inactive for the others.
std::string early_media_value(std::size_t streams, std::size_t index, sdp::direction dir) {
  std::string v;
  for (std::size_t i = 0; i < streams; ++i)
    v += std::string(v.empty() ? "" : ", ") + (i == index ? sdp::to_string(dir) : "inactive");
  return v;
}

int retry_after_s() {
  thread_local std::mt19937 gen{std::random_device{}()};
  return std::uniform_int_distribution<int>(0, 10)(gen);
}

}  // namespace

// The conditions of the forking model beside a resource and a playable
// offer (checked with the decision, as for Gateway mode): the caller's side
// understands P-Early-Media (RFC 5009 "supported", which a P-CSCF adds for
// its UEs) and offered SDP.
bool call::forking_possible(const message& a_req) const {
  std::string joined;
  for (const auto& v : a_req.header_values("P-Early-Media"))
    joined += (joined.empty() ? "" : ",") + v;
  const auto pem = joined.empty() ? std::nullopt : parse_p_early_media(joined);
  const bool early_ok = pem && pem->has(early_media_param::supported);
  if (!early_ok || !session_sdp(a_req)) {
    CMR_LOG(sip, info,
            "%s: CMRBT pass-through: forking needs P-Early-Media: supported and an SDP offer",
            prefix_.c_str());
    return false;
  }
  return true;
}

void call::fork_on_relayed_provisional(message& out) {
  if (!fork_ && !bt_.offered) {
    bt_.offered = true;  // one try, at the callee's first 18x
    const auto offer = session_sdp(a_invite_->request());
    const auto target = offer ? find_audio_target(*offer, bt_.laws) : std::nullopt;
    const auto index = offer ? audio_index(*offer, bt_.laws) : std::nullopt;
    if (target && index && answer_direction(offer->media_direction(*index)) && open_local(bt_)) {
      // Send-only whatever the caller offered: the AS plays and takes
      // nothing (the offer lets it send: sendrecv or recvonly). With
      // presentation control, a sendrecv offer and telephone-event in it:
      // sendrecv and telephone-event, for the caller's keys
      // (call_keys.cpp); a caller that offered no events keeps the
      // standard send-only CAT stream and has SIP INFO for its keys.
      keys_.event_pt = answer_event_payload_type(
          *offer, *index,
          keys_.wanted && offer->media_direction(*index) == sdp::direction::sendrecv);
      const bool keys = keys_.event_pt.has_value();
      const auto fork_dir = keys ? sdp::direction::sendrecv : sdp::direction::sendonly;
      bt_.receive = keys;
      auto answer = sdp::parse(
          make_answer(*offer, *index, bt_.local, target->law, fork_dir, keys_.event_pt));
      if (answer) {
        answer->media[*index].lines.push_back({'a', k_cat_content});
        fork_.emplace(prefix_);
        fork_->answer = answer->serialize();
        auto& f = *fork_;
        do {
          f.tag = random_token(10);
        } while (f.tag == a_invite_->local_tag());
        const auto contact = owner_.contact(a_invite_->peer().kind);
        f.d = dialog::create_uas(a_invite_->request(), f.tag, contact, true);
        auto rsp = make_response(a_invite_->request(), 183, "Session Progress", f.tag);
        rsp.copy_headers(a_invite_->request(), "Record-Route");
        rsp.set_header("Contact", contact);
        rsp.set_header("Allow", k_fork_allow);
        rsp.set_header("P-Early-Media",
                       early_media_value(offer->media.size(), *index, fork_dir));
        rsp.set_header("Content-Type", "application/sdp");
        rsp.body = f.sdp.present(f.answer);
        if (a_supports("100rel")) {
          f.rel = std::make_unique<reliable_provisional>(a_invite_, owner_.layer().timers(),
                                                         owner_.layer().config());
          std::weak_ptr<call> weak = shared_from_this();
          f.rel->on_timeout = [weak] {
            // No PRACK: the forked dialog alone is given up (a forking
            // proxy's branch would be); the callee's dialog goes on.
            auto c = weak.lock();
            if (!c || !c->fork_live_now() || !c->fork_->step(fork_event::stop, "no PRACK")) return;
            c->fork_->d.reset();
            c->stop_fork_media();
          };
          f.step(fork_event::tx_reliable);
          f.rel->send(std::move(rsp));
        } else {
          f.step(fork_event::tx_unreliable);
          a_invite_->respond(std::move(rsp));
        }
        CMR_LOG(sip, info, "%s: forked early dialog tag=%s%s", prefix_.c_str(), f.tag.c_str(),
                f.rel ? " (reliable)" : "");
        start_player(bt_, *target);
      }
    }
    if (!fork_)
      CMR_LOG(sip, info, "%s: CMRBT not played: no forked early dialog possible", prefix_.c_str());
  }
  // After an event rule handed the caller to the network's early media, the
  // callee's 18x keep their own P-Early-Media (call_keys.cpp).
  if (!fork_live_now() || keys_.network_media) return;
  // Only one early dialog authorises media at a time (TS 24.182 A.3): the
  // callee's goes without authorisation of its own.
  out.remove_header("P-Early-Media");
  if (const auto b = session_sdp(out); b && !b->media.empty())
    out.set_header("P-Early-Media",
                   early_media_value(b->media.size(), b->media.size(), sdp::direction::inactive));
}

bool call::on_fork_request(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  const auto to = req.to();
  if (!fork_ || !to || to->tag() != fork_->tag) return false;
  auto& f = *fork_;
  if (!fork_live(f.state.state()) || !f.d) {
    tx->respond(481);  // the forked dialog is over (199, BYE, final response)
    return true;
  }
  if (!f.d->on_request(req)) {
    tx->respond(500, "CSeq out of order");
    return true;
  }
  if (req.method == "PRACK") {
    // RFC 3262 3: a PRACK that matches no unacknowledged reliable 18x: 481.
    if (!f.rel || !f.rel->on_prack(req) || !f.step(fork_event::rx_prack)) {
      tx->respond(481);
      return true;
    }
    tx->respond(200);
    return true;
  }
  if (req.method == "BYE") {
    // RFC 3261 15: the caller may end an early dialog; this one alone ends,
    // the callee's dialog goes on (as a forking proxy's other branch would).
    f.step(fork_event::rx_bye);
    if (f.rel) f.rel->stop();
    f.d->terminate();
    stop_fork_media();
    tx->respond(200);
    return true;
  }
  if (req.method == "UPDATE") {
    if (f.state.in(fork_state::ending)) {
      tx->respond(491);  // RFC 3311 5.2: our own offer (a=inactive) is pending
      return true;
    }
    if (!f.step(fork_event::rx_update, req.body.empty() ? "without SDP" : "offer")) {
      // The 183's answer is not PRACKed yet: RFC 3311 5.2 wants 500 with
      // Retry-After while an offer/answer exchange is in progress.
      auto r = make_response(req, 500, {}, tx->local_tag());
      r.add_header("Retry-After", std::to_string(retry_after_s()));
      tx->respond(std::move(r));
      return true;
    }
    auto ok = make_response(req, 200, {}, tx->local_tag());
    ok.set_header("Contact", owner_.contact(tx->peer().kind));
    if (!req.body.empty()) {
      const auto offer = session_sdp(req);
      const auto index = offer ? audio_index(*offer, bt_.laws) : std::nullopt;
      const auto target = offer ? find_audio_target(*offer, bt_.laws) : std::nullopt;
      if (!index || !target) {
        tx->respond(488);
        return true;
      }
      // Still send-only while the caller lets the AS send; inactive (and
      // the playing stops) when it no longer does (e.g. it holds).
      const bool send = answer_direction(offer->media_direction(*index)).has_value();
      const auto dir = send ? sdp::direction::sendonly : sdp::direction::inactive;
      auto answer = sdp::parse(make_answer(*offer, *index, bt_.local, target->law, dir));
      if (!answer) {
        tx->respond(500);
        return true;
      }
      answer->media[*index].lines.push_back({'a', k_cat_content});
      if (!send) stop_fork_media();
      ok.body = f.sdp.present(answer->serialize());
      ok.set_header("Content-Type", "application/sdp");
      ok.set_header("P-Early-Media", early_media_value(offer->media.size(), *index, dir));
    }
    tx->respond(std::move(ok));
    return true;
  }
  if (req.method == "INFO" && on_info(tx)) return true;  // keys (call_keys.cpp)
  if (req.method == "INVITE") {
    // RFC 3261 14.2: the initial INVITE has no final response yet.
    auto r = make_response(req, 500, {}, tx->local_tag());
    r.add_header("Retry-After", std::to_string(retry_after_s()));
    tx->respond(std::move(r));
    return true;
  }
  auto r = make_response(req, 405, {}, tx->local_tag());
  r.add_header("Allow", k_fork_allow);
  tx->respond(std::move(r));
  return true;
}

void call::fork_before_final() {
  auto& f = *fork_;
  if (f.rel) f.rel->stop();
  if (a_supports("199") && !f.state.in(fork_state::ending)) {
    f.step(fork_event::tx_199);
    auto r = make_response(a_invite_->request(), 199, "Early Dialog Terminated", f.tag);
    r.copy_headers(a_invite_->request(), "Record-Route");
    r.set_header("Contact", owner_.contact(a_invite_->peer().kind));
    a_invite_->respond(std::move(r));
  } else {
    f.step(fork_event::stop, "the final response ends it");
  }
  if (f.d) f.d->terminate();
}

void call::stop_fork_media() {
  end_keys();
  if (bt_.player) {
    bt_.player->stop();
    CMR_LOG(sip, info, "%s: stopped %s after %llu packets (forked dialog ended)", prefix_.c_str(),
            bt_.resource_id.c_str(), static_cast<unsigned long long>(bt_.player->packets_sent()));
    bt_.player.reset();
  }
  bt_.socket.reset();
}

void call::fork_answer(message ok) {
  auto& f = *fork_;
  const auto& a_req = a_invite_->request();
  const bool update_ok = !a_req.has_header("Allow") || a_req.has_option("Allow", "UPDATE");
  const auto to = f.d ? endpoint_from_uri(f.d->next_hop()) : std::nullopt;
  auto offer = sdp::parse(f.answer);
  if (a_supports("199") || !f.rel || !f.state.in(fork_state::early) || !update_ok || !to ||
      !offer) {
    fork_before_final();
    answer_a(std::move(ok));
    return;
  }
  // The forked early dialog is PRACKed and the caller allows UPDATE: its
  // media goes inactive before the callee's 2xx reaches the caller.
  f.step(fork_event::tx_update);
  for (auto& m : offer->media)
    if (m.port != 0) m.set_direction(sdp::direction::inactive);
  auto update = f.d->create_request("UPDATE");
  update.body = f.sdp.present(offer->serialize());
  update.set_header("Content-Type", "application/sdp");
  update.set_header("P-Early-Media", early_media_value(offer->media.size(), offer->media.size(),
                                                       sdp::direction::inactive));
  std::weak_ptr<call> weak = shared_from_this();
  auto pending = std::make_shared<message>(std::move(ok));
  auto done = [weak, pending](const char* how) {
    auto c = weak.lock();
    if (!c || !c->fork_ || !c->fork_->state.in(fork_state::ending)) return;
    c->fork_->step(fork_event::answered, how);
    if (c->fork_->d) c->fork_->d->terminate();
    if (c->state_.in(call_state::connecting)) c->answer_a(std::move(*pending));
  };
  owner_.layer().send_request(
      std::move(update), *to,
      {[done](const message& r) {
         if (r.status >= 200) done(std::to_string(r.status).c_str());
       },
       [done](tx_error e) { done(e == tx_error::timeout ? "timeout" : "transport error"); }});
}

}  // namespace cmr::sip::as
