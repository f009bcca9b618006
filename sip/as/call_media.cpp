// call: the CMR procedures of spec 6.1 (HTTP, Application Server, Gateway
// modes) and the RTP player they drive.
#include <random>

#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/log.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/telephone_event.h"
#include "sip/transport/uri_endpoint.h"

namespace cmr::sip::as {

namespace {

std::string session_id() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::to_string(gen() % 9000000000ULL + 1000000000ULL);
}

std::optional<sdp::session_description> sdp_of(const message& m, std::string_view disposition) {
  const auto part = find_body_part(m, "application", "sdp", disposition);
  if (!part) return std::nullopt;
  auto sd = sdp::parse(part->body);
  if (!sd) return std::nullopt;
  return std::move(*sd);
}

}  // namespace

bool call::a_supports(std::string_view option) const {
  const auto& r = a_invite_->request();
  return r.has_option("Supported", option) || r.has_option("Require", option);
}

// Spec 6.1.1: CMRT in HTTP mode puts the URL into the call initiation
// message; Alert-Info in an INVITE names an alternative ring tone (RFC 3261
// 20.4). It replaces any Alert-Info the caller's side sent.
void call::apply_http_cmrt(message& b_invite) {
  b_invite.set_header("Alert-Info", "<" + owner_.content().download_url(rt_.resource_id) + ">");
}

// Spec 6.1.2.1 CMRT: the early-session offer rides on this side's PRACK to
// the callee's reliable 18x. The callee may send a reliable 18x only when the
// INVITE offers 100rel (RFC 3262 3), and understands that this side can take
// an early-session body when it offers that too (RFC 3959 4): this leg is
// originated here, so it offers what its own procedure needs, whatever the
// caller offered. A callee that still answers unreliably gets no ringtone
// (counted at the end of the call as cmrt-not-offered); the call goes on.
void call::offer_cmrt_extensions(message& b_invite) {
  std::string supported;
  for (const auto& v : b_invite.header_values("Supported"))
    supported += (supported.empty() ? "" : ", ") + v;
  const std::size_t before = supported.size();
  for (const char* tag : {"100rel", "early-session"})
    if (!b_invite.has_option("Supported", tag) && !b_invite.has_option("Require", tag))
      supported += (supported.empty() ? "" : ", ") + std::string(tag);
  if (supported.size() != before) b_invite.set_header("Supported", supported);
}

void call::apply_cmrbt_to_provisional(message& out, bool& reliable) {
  if (out.status < 180 || out.status > 199) return;
  switch (bt_.mode) {
    case delivery_mode::off:
      return;
    case delivery_mode::http:
      // Spec 6.1.1: the URL in the provisional response toward the caller
      // (Alert-Info in a 180 names an alternative ringback, RFC 3261 20.4).
      if (http_bt_url_.empty()) http_bt_url_ = owner_.content().download_url(bt_.resource_id);
      out.set_header("Alert-Info", "<" + http_bt_url_ + ">");
      return;
    case delivery_mode::application_server: {
      if (bt_.offered || !open_local(bt_)) return;
      // Spec 6.1.2.1: an Early-Session SDP offer (RFC 3959) and Require:
      // early-session, 100rel. A session SDP from the callee stays beside it.
      // With presentation control: sendrecv and telephone-event, so that
      // the caller's keys come to this stream (call_keys.cpp).
      const auto offer =
          keys_.wanted ? make_offer(bt_.local, bt_.laws, sdp::k_default_event_payload_type,
                                    sdp::direction::sendrecv)
                       : make_offer(bt_.local, bt_.laws);
      const auto* ct = out.header("Content-Type");
      if (!out.body.empty() && ct != nullptr) {
        std::vector<body_part> parts(2);
        parts[0].headers.push_back({"Content-Type", *ct});
        if (const auto* cd = out.header("Content-Disposition"))
          parts[0].headers.push_back({"Content-Disposition", *cd});
        parts[0].body = out.body;
        parts[1].headers.push_back({"Content-Type", "application/sdp"});
        parts[1].headers.push_back({"Content-Disposition", "early-session"});
        parts[1].body = offer;
        const std::string boundary = "cmr-" + random_token(12);
        out.body = serialize_multipart(parts, boundary);
        out.set_header("Content-Type", "multipart/mixed;boundary=" + boundary);
        out.remove_header("Content-Disposition");
      } else {
        out.body = offer;
        out.set_header("Content-Type", "application/sdp");
        out.set_header("Content-Disposition", "early-session");
      }
      if (!out.has_option("Require", "early-session")) out.add_header("Require", "early-session");
      if (!out.has_option("Require", "100rel")) out.add_header("Require", "100rel");
      reliable = true;
      bt_.offered = true;
      return;
    }
    case delivery_mode::gateway: {
      // The callee's SDP waits for the UPDATE at the answer (6.1.3.1).
      if (auto b = sdp_of(out, "session")) b_sdp_ = b->serialize();
      out.body.clear();
      out.remove_header("Content-Type");
      out.remove_header("Content-Disposition");
      if (bt_.offered) return;
      const auto offer = sdp_of(a_invite_->request(), "session");
      if (!offer || !open_local(bt_)) return;
      const auto target = find_audio_target(*offer, bt_.laws);
      const auto index = audio_index(*offer, bt_.laws);
      if (!target || !index) return;
      const auto dir = answer_direction(offer->media_direction(*index));
      if (!dir) return;
      // Presentation control: telephone-event on the caller's payload type
      // when it offered one (in-band detection otherwise).
      keys_.event_pt =
          answer_event_payload_type(*offer, *index, keys_.wanted && *dir == sdp::direction::sendrecv);
      out.body = make_answer(*offer, *index, bt_.local, target->law, *dir, keys_.event_pt);
      out.set_header("Content-Type", "application/sdp");
      // RFC 5009 8: one direction per m= line, saying what the answer says:
      // the played stream as answered (spec 6.1.3.1's sendrecv for the usual
      // sendrecv offer: this server plays and takes what the caller sends),
      // the rejected ones inactive.
      std::string pem;
      for (std::size_t i = 0; i < offer->media.size(); ++i)
        pem += std::string(pem.empty() ? "" : ", ") +
               (i == *index ? sdp::to_string(*dir) : "inactive");
      out.set_header("P-Early-Media", pem);
      bt_.receive = *dir == sdp::direction::sendrecv;
      if (!out.has_option("Require", "100rel")) out.add_header("Require", "100rel");
      reliable = true;
      bt_.offered = true;
      // "After that, CMR Server SHALL instruct CMR Resource Server to play".
      start_player(bt_, *target);
      return;
    }
    case delivery_mode::forking:
      fork_on_relayed_provisional(out);  // call_forking.cpp
      return;
  }
}

void call::on_a_early_answer(const message& prack) {
  // Only while the callee rings: its final response stops the media.
  if (bt_.mode != delivery_mode::application_server || !bt_.offered || bt_.player ||
      !state_.in(call_state::early))
    return;
  const auto answer = sdp_of(prack, "early-session");
  if (!answer) return;
  const auto target = find_audio_target(*answer, bt_.laws);
  if (!target) return;
  if (keys_.wanted) {
    // The caller sends to this stream when its answer is sendrecv or
    // sendonly; events on the payload type its answer kept (RFC 4733 7.1.1).
    const auto index = *audio_index(*answer, bt_.laws);
    const auto dir = answer->media_direction(index);
    bt_.receive = dir == sdp::direction::sendrecv || dir == sdp::direction::sendonly;
    keys_.event_pt = sdp::telephone_event_payload_type(answer->media[index]);
  }
  start_player(bt_, *target);
}

void call::prack_b(const message& rsp) {
  auto prack = b_dialog_->create_prack(rsp);
  if (rt_.mode == delivery_mode::application_server && !rt_.offered &&
      !state_.in(call_state::terminating) && rsp.has_option("Supported", "early-session") &&
      open_local(rt_)) {
    // Spec 6.1.2.1 CMRT: the early-session offer rides on the PRACK.
    prack.body = make_offer(rt_.local, rt_.laws);
    prack.set_header("Content-Type", "application/sdp");
    prack.set_header("Content-Disposition", "early-session");
    prack.add_header("Require", "early-session");
    rt_.offered = true;
  }
  const auto to = endpoint_from_uri(b_dialog_->next_hop());
  if (!to) return;
  std::weak_ptr<call> weak = shared_from_this();
  owner_.layer().send_request(std::move(prack), *to,
                              {[weak](const message& r) {
                                 if (auto c = weak.lock()) c->on_b_prack_response(r);
                               },
                               {}});
}

void call::on_b_prack_response(const message& rsp) {
  if (rsp.status < 200 || rsp.status >= 300 || !state_.in(call_state::early)) return;
  if (rt_.mode != delivery_mode::application_server || !rt_.offered || rt_.player) return;
  const auto answer = sdp_of(rsp, "early-session");
  if (!answer) return;
  if (const auto target = find_audio_target(*answer, rt_.laws)) start_player(rt_, *target);
}

bool call::open_local(service_plan& p) {
  if (p.socket) return true;
  auto s = owner_.ports().open(owner_.io(), owner_.config().media_address);
  if (!s) {
    CMR_LOG(sip, error, "%s: %s", prefix_.c_str(), s.error().c_str());
    return false;
  }
  boost::system::error_code ec;
  p.local.port = s->local_endpoint(ec).port();
  p.local.address = owner_.config().media_address.to_string();
  p.local.session_id = session_id();
  p.socket.emplace(std::move(*s));
  return true;
}

void call::start_player(service_plan& p, const audio_target& to) {
  if (p.player || !p.socket) return;
  auto rendition = owner_.content().rendition(p.resource_id, to.law);
  media::rtp::sender_options opts;
  opts.receive = p.receive;
  auto s = media::rtp::rtp_sender::create(owner_.io(), std::move(*p.socket), to.remote,
                                          std::move(rendition), opts);
  p.socket.reset();
  if (!s) {
    CMR_LOG(sip, error, "%s: %s", prefix_.c_str(), s.error().c_str());
    return;
  }
  p.player = std::move(*s);
  if (&p == &bt_) attach_keys(*p.player, to.law);  // call_keys.cpp
  p.player->start();
  ++owner_.stats().media_started;
  CMR_LOG(sip, info, "%s: playing %s to %s:%u (PT %u)", prefix_.c_str(), p.resource_id.c_str(),
          to.remote.address().to_string().c_str(), to.remote.port(),
          to.law == media::g711_law::alaw ? 8U : 0U);
}

void call::stop_media() {
  end_keys();
  for (auto* p : {&bt_, &rt_}) {
    if (p->player) {
      p->player->stop();
      CMR_LOG(sip, info, "%s: stopped %s after %llu packets (%llu received)", prefix_.c_str(),
              p->resource_id.c_str(), static_cast<unsigned long long>(p->player->packets_sent()),
              static_cast<unsigned long long>(p->player->packets_received()));
      p->player.reset();
    }
    p->socket.reset();
  }
}

// Spec 6.1.3.1 at the final answer: the media has stopped; UPDATE the caller
// with the callee's SDP, then the 200 OK without SDP.
void call::gateway_final(const message& b_ok) {
  if (auto b = sdp_of(b_ok, "session")) b_sdp_ = b->serialize();
  auto ok = response_to_a(b_ok);
  ok.body.clear();
  ok.remove_header("Content-Type");
  ok.remove_header("Content-Disposition");
  ok.remove_header("P-Early-Media");
  auto parsed = sdp::parse(b_sdp_);
  const auto to = a_dialog_ ? endpoint_from_uri(a_dialog_->next_hop()) : std::nullopt;
  if (b_sdp_.empty() || !parsed || !to) {
    answer_a(std::move(ok));
    return;
  }
  auto update = a_dialog_->create_request("UPDATE");
  update.body = parsed->serialize();
  update.set_header("Content-Type", "application/sdp");
  // Under the origin of this server's early-media answer, version + 1.
  present_session_sdp(update, to_a_sdp_);
  std::weak_ptr<call> weak = shared_from_this();
  auto pending = std::make_shared<message>(std::move(ok));
  owner_.layer().send_request(std::move(update), *to,
                              {[weak, pending](const message& r) {
                                 auto c = weak.lock();
                                 if (!c || r.status < 200) return;
                                 if (c->state_.in(call_state::connecting))
                                   c->answer_a(std::move(*pending));
                               },
                               [weak, pending](tx_error) {
                                 auto c = weak.lock();
                                 if (c && c->state_.in(call_state::connecting))
                                   c->answer_a(std::move(*pending));
                               }});
}

}  // namespace cmr::sip::as
