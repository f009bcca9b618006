// call: the caller's keys during the CMRBT ringback and the event rules of
// presentation control (spec 5.7, DESIGN.md 9d, docs/sip.md "On-line copy
// and presentation control on SIP"). Wherever this server plays the
// caller's ringback itself (Application Server mode's early session,
// Gateway mode and route-via-platform, the forking model's forked 18x) and
// the `presentation-control` node is enabled:
//   - the SDP offers/answers RFC 4733 telephone-event (media_sdp.h), the
//     stream is sendrecv where the caller's offer allows it, and the
//     caller's RTP goes to a media::dtmf::rtp_key_listener (events on the
//     negotiated payload type, else in-band G.711);
//   - SIP INFO application/dtmf-relay is the fallback;
//   - each key goes through the call's ringback::key_session (one copy per
//     call, max-keys-per-call) to copy (copy_port, then the prompt
//     interjected into the stream), skip (the box's next resource) or stop
//     (DefaultCMRResourceId1, else silence).
// Everything runs on the SIP thread: the listener's keys and the copy
// port's outcome are posted there.
#include <boost/asio/post.hpp>

#include "media/dtmf/prompts.h"
#include "media/dtmf/rtp_keys.h"
#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/log.h"
#include "sip/sdp/dtmf_relay.h"
#include "sip/sdp/media_type.h"
#include "sip/sdp/multipart.h"
#include "sip/transport/uri_endpoint.h"

namespace cmr::sip::as {

void call::plan_keys(const store::decision& d) {
  const auto* settings = owner_.presentation();
  if (settings == nullptr || bt_.mode == delivery_mode::off || bt_.mode == delivery_mode::http)
    return;
  keys_.wanted = true;
  keys_.plan = plan_of(d, *settings);
  keys_.owner = owner_number_;
  CMR_LOG(sip, info, "%s: presentation control %s%s%s", prefix_.c_str(),
          keys_.plan.rules.explain().c_str(), keys_.plan.box_id.empty() ? "" : ", box ",
          keys_.plan.box_id.c_str());
}

void call::attach_keys(media::rtp::rtp_sender& player, media::g711_law law) {
  const auto* settings = owner_.presentation();
  if (!keys_.wanted || settings == nullptr || keys_.session) return;
  keys_.law = law;
  keys_.playing = bt_.resource_id;
  // Whether the caller is a CMR subscriber is the copy port's to say
  // (copy_outcome::not_subscriber gets the offer prompt): no store read on
  // the SIP thread before the first key.
  keys_.session.emplace(keys_.plan.rules, true, settings->max_keys_per_call);
  if (!bt_.receive) {
    CMR_LOG(sip, info, "%s: the caller sends no RTP to this stream: keys by SIP INFO only",
            prefix_.c_str());
    return;
  }
  media::dtmf::rtp_key_options opts;
  opts.event_payload_type =
      keys_.event_pt ? std::optional<std::uint8_t>(static_cast<std::uint8_t>(*keys_.event_pt))
                     : std::nullopt;
  opts.inband = true;
  CMR_LOG(sip, info, "%s: keys from the caller's RTP: %s%s", prefix_.c_str(),
          keys_.event_pt ? "telephone-event PT " : "in-band G.711 only",
          keys_.event_pt ? std::to_string(*keys_.event_pt).c_str() : "");
  auto listener = std::make_shared<media::dtmf::rtp_key_listener>(opts);
  std::weak_ptr<call> weak = shared_from_this();
  auto* io = &owner_.io();
  // On the sender's strand: detect there, act on the SIP thread.
  player.on_datagram = [listener, weak, io](std::span<const std::uint8_t> datagram) {
    const auto bad = listener->malformed();
    const auto unknown = listener->unknown_events();
    std::string keys = listener->feed(datagram);
    const auto bad_delta = listener->malformed() - bad;
    const auto unknown_delta = listener->unknown_events() - unknown;
    if (keys.empty() && bad_delta == 0 && unknown_delta == 0) return;
    boost::asio::post(*io, [weak, keys = std::move(keys), bad_delta, unknown_delta] {
      auto c = weak.lock();
      if (!c) return;
      auto& ks = c->owner_.key_stats();
      ks.rtp_malformed += bad_delta;
      ks.rtp_unknown_events += unknown_delta;
      for (const char k : keys) c->on_key(k, false);
    });
  };
}

void call::on_key(char key, bool via_info) {
  auto& ks = owner_.key_stats();
  if (!keys_.session || keys_.session->is_ended() || state_.in(call_state::ended)) {
    ++ks.late_keys;
    CMR_LOG(sip, info, "%s: key '%c' (%s) after the ringback: ignored", prefix_.c_str(), key,
            via_info ? "INFO" : "RTP");
    return;
  }
  ++ks.keys;
  ++(via_info ? ks.keys_info : ks.keys_rtp);
  const auto st = keys_.session->on_key(key);
  CMR_LOG(sip, info, "%s: key '%c' (%s) -> %s", prefix_.c_str(), key, via_info ? "INFO" : "RTP",
          ringback::key_session::to_string(st));
  using step_t = ringback::key_session::step;
  switch (st) {
    case step_t::ignore:
      ++ks.keys_ignored;
      return;
    case step_t::copy_repeated:
      ++ks.copy_repeated;
      return;
    case step_t::offer:
      ks.count(ringback::copy_outcome::not_subscriber);
      if (const auto* s = owner_.presentation(); s != nullptr && s->offer_non_subscribers)
        play_prompt(ringback::prompt_kind::offer);
      return;
    case step_t::flooded:
      ++ks.floods;
      CMR_LOG(sip, notice, "%s: more than %u keys in this call: later keys are ignored",
              prefix_.c_str(),
              owner_.presentation() ? owner_.presentation()->max_keys_per_call : 0U);
      return;
    case step_t::skip:
      skip_resource();
      return;
    case step_t::stop:
      stop_resource();
      return;
    case step_t::copy:
      break;
  }
  ++ks.copies;
  const std::string id = keys_.playing;
  auto* port = owner_.copies();
  if (id.empty() || port == nullptr) {
    CMR_LOG(sip, info, "%s: copy key: %s", prefix_.c_str(),
            id.empty() ? "nothing plays (stopped, silence)" : "no copy port");
    on_copy_done(
        id.empty() ? ringback::copy_outcome::resource_unavailable : ringback::copy_outcome::failed,
        id);
    return;
  }
  std::weak_ptr<call> weak = shared_from_this();
  auto post = owner_.poster();
  auto* b = &owner_;
  CMR_LOG(sip, info, "%s: copy %s of %s into the library of %s", prefix_.c_str(), id.c_str(),
          keys_.owner.c_str(), other_number_.empty() ? "(withheld)" : other_number_.c_str());
  port->copy({other_number_, keys_.owner, id, prefix_},
             [weak, post, b, id](ringback::copy_outcome o) {
               // On a store thread: back to the SIP thread (the gate drops it
               // when the server stops).
               if (!post) return;
               post([weak, b, id, o] {
                 if (auto c = weak.lock()) {
                   c->on_copy_done(o, id);
                   return;
                 }
                 b->key_stats().count(o);
                 ++b->key_stats().copy_late;
                 CMR_LOG(sip, info, "copy of %s: %s after its call ended (no prompt)", id.c_str(),
                         ringback::to_string(o));
               });
             });
}

void call::on_copy_done(ringback::copy_outcome o, const std::string& resource_id) {
  auto& ks = owner_.key_stats();
  ks.count(o);
  CMR_LOG(sip, info, "%s: copy of %s: %s", prefix_.c_str(), resource_id.c_str(),
          ringback::to_string(o));
  if (!keys_.session || keys_.session->is_ended() || !bt_.player) {
    ++ks.copy_late;
    return;
  }
  const auto kind = ringback::prompt_for(o);
  const auto* s = owner_.presentation();
  if (kind == ringback::prompt_kind::offer && (s == nullptr || !s->offer_non_subscribers)) return;
  play_prompt(kind);
}

std::shared_ptr<const media::playout_rendition> call::key_rendition(const std::string& id) {
  if (id.empty()) return nullptr;
  return owner_.content().rendition(id, keys_.law);
}

void call::play_prompt(ringback::prompt_kind k) {
  const auto* s = owner_.presentation();
  if (s == nullptr || !bt_.player) return;
  std::shared_ptr<const media::playout_rendition> r = key_rendition(s->prompt(k));
  const bool builtin = !r;
  if (!r) {
    auto owned =
        media::playout_rendition::owned(media::dtmf::builtin_prompt(k, keys_.law), keys_.law);
    if (!owned) {
      CMR_LOG(sip, notice, "%s: no %s prompt: %s", prefix_.c_str(), ringback::to_string(k),
              owned.error().c_str());
      return;
    }
    r = std::make_shared<const media::playout_rendition>(std::move(*owned));
  }
  ++owner_.key_stats().prompts;
  CMR_LOG(sip, info, "%s: %s prompt %s (%zu frames), then the ringback goes on", prefix_.c_str(),
          ringback::to_string(k), builtin ? "built-in" : s->prompt(k).c_str(), r->frame_count());
  bt_.player->interject(std::move(r));
}

void call::skip_resource() {
  auto& ks = owner_.key_stats();
  if (!bt_.player) return;
  if (keys_.plan.box.empty()) {
    ++ks.skips_ignored;
    CMR_LOG(sip, info, "%s: skip: %s is not from a box: ignored", prefix_.c_str(),
            keys_.playing.empty() ? "(silence)" : keys_.playing.c_str());
    return;
  }
  for (const auto& id : skip_candidates(keys_.plan.box, keys_.playing)) {
    auto r = key_rendition(id);
    if (!r) continue;
    ++ks.skips;
    CMR_LOG(sip, info, "%s: skip: box %s, %s -> %s", prefix_.c_str(), keys_.plan.box_id.c_str(),
            keys_.playing.c_str(), id.c_str());
    keys_.playing = id;
    bt_.player->replace(std::move(r));
    return;
  }
  ++ks.skips_ignored;
  CMR_LOG(sip, info, "%s: skip: box %s has no other playable resource", prefix_.c_str(),
          keys_.plan.box_id.c_str());
}

void call::stop_resource() {
  if (!bt_.player) return;
  ++owner_.key_stats().stops;
  for (const auto& id : keys_.plan.default1) {
    if (id == keys_.playing) continue;
    if (auto r = key_rendition(id)) {
      CMR_LOG(sip, info, "%s: stop: %s -> DefaultCMRResourceId1 %s", prefix_.c_str(),
              keys_.playing.c_str(), id.c_str());
      keys_.playing = id;
      keys_.plan.box.clear();  // a skip after a stop has no box to draw from
      bt_.player->replace(std::move(r));
      return;
    }
  }
  CMR_LOG(sip, info, "%s: stop: %s -> silence (no DefaultCMRResourceId1 to play)", prefix_.c_str(),
          keys_.playing.empty() ? "(silence)" : keys_.playing.c_str());
  keys_.playing.clear();
  keys_.plan.box.clear();
  bt_.player->replace(nullptr);
}

void call::end_keys() {
  if (keys_.session && !keys_.session->is_ended()) keys_.session->ended();
}

bool call::on_info(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  if (req.method != "INFO" || !keys_.wanted) return false;
  const auto* ct = req.header("Content-Type");
  const auto mt = ct != nullptr ? parse_media_type(*ct) : std::nullopt;
  const bool dtmf = mt && mt->is("application", "dtmf-relay");
  const bool playing = keys_.session && !keys_.session->is_ended() && bt_.player;
  if (!playing) {
    // Not during the ringback: the INFO is the callee's (relayed as
    // before); a key in it is no presentation-control key any more.
    if (dtmf && keys_.session) {
      ++owner_.key_stats().late_keys;
      CMR_LOG(sip, info, "%s: INFO dtmf-relay after the ringback: relayed", prefix_.c_str());
    }
    return false;
  }
  if (req.body.empty() && ct == nullptr) {
    tx->respond(200);  // RFC 6086 4.2.2: legacy INFO without a body
    return true;
  }
  if (!dtmf) {
    ++owner_.key_stats().info_unsupported;
    auto r = make_response(req, 415, {}, tx->local_tag());
    r.add_header("Accept", "application/dtmf-relay");
    tx->respond(std::move(r));
    return true;
  }
  const auto relay = sdp::parse_dtmf_relay(req.body);
  if (!relay) {
    ++owner_.key_stats().info_bad;
    CMR_LOG(sip, notice, "%s: INFO with a bad dtmf-relay body: %s", prefix_.c_str(),
            relay.error().c_str());
    tx->respond(400, "Bad dtmf-relay body: " + relay.error());
    return true;
  }
  tx->respond(200);
  on_key(relay->key, true);
  return true;
}

bool call::apply_event_rules(const message& rsp) {
  if (!keys_.session || keys_.session->is_ended() || !bt_.player || keys_.network_media)
    return false;
  auto& ks = owner_.key_stats();
  const auto& rules = keys_.plan.rules;
  if (rsp.status == 181) {
    ++ks.forwards;
    const std::string to = forwarded_to_number(rsp);
    CMR_LOG(sip, info, "%s: 181 forwarded to %s: forward rule %s (%s)", prefix_.c_str(),
            to.empty() ? "(unknown)" : to.c_str(), ringback::to_string(rules.on_forward),
            rules.from_subscriber ? "owner's setting" : "system setting");
    switch (rules.on_forward) {
      case ringback::forward_policy::continue_owner:
        return false;
      case ringback::forward_policy::stop:
        keys_.network_media = true;
        return true;
      case ringback::forward_policy::forwarded_party:
        break;
    }
    auto* port = owner_.decisions();
    if (to.empty() || to == keys_.owner || keys_.forward_asked || port == nullptr) {
      CMR_LOG(sip, info, "%s: forwarded-party: %s: the owner's ringback continues", prefix_.c_str(),
              to.empty() ? "no forwarded-to number" : "nothing to ask");
      return false;
    }
    keys_.forward_asked = true;
    keys_.forward_number = to;  // the request's views point into the call
    store::decision_request r;
    r.owner = keys_.forward_number;
    r.svc = store::service::cmrbt;
    r.other_party = other_number_;
    r.caps = store::media_set::none().with(store::media_type::audio);
    std::weak_ptr<call> weak = shared_from_this();
    auto later = [weak, post = owner_.poster(), to](store::decision d) {
      if (!post) return;
      post([weak, to, d = std::move(d)] {
        if (auto c = weak.lock()) c->on_forward_decision(d, to);
      });
    };
    std::optional<store::decision> now;
    try {
      now = port->decide_or_defer(r, std::move(later));
    } catch (const std::exception& e) {
      CMR_LOG(sip, notice, "%s: forwarded-party decision failed: %s", prefix_.c_str(), e.what());
      return false;
    }
    if (now) on_forward_decision(*now, to);
    return false;
  }
  if (!is_network_announcement(rsp)) return false;
  ++ks.announcements;
  CMR_LOG(sip, info, "%s: %d with the network's announcement: announcement rule %s (%s)",
          prefix_.c_str(), rsp.status, ringback::to_string(rules.on_announcement),
          rules.from_subscriber ? "owner's setting" : "system setting");
  if (rules.on_announcement == ringback::announcement_policy::continue_ringback) return false;
  keys_.network_media = true;
  return true;
}

void call::on_forward_decision(const store::decision& d, const std::string& number) {
  if (!keys_.session || keys_.session->is_ended() || !bt_.player || keys_.network_media) return;
  auto r = d.resource ? key_rendition(d.resource->id) : nullptr;
  if (!r) {
    CMR_LOG(sip, info, "%s: forwarded-party %s: %s: the owner's ringback continues",
            prefix_.c_str(), number.c_str(),
            d.resource ? "no playout rendition" : store::to_string(d.why));
    return;
  }
  const auto* settings = owner_.presentation();
  CMR_LOG(sip, info, "%s: forwarded-party %s: %s -> %s (%s)", prefix_.c_str(), number.c_str(),
          keys_.playing.c_str(), d.resource->id.c_str(), d.explain().c_str());
  if (settings != nullptr) keys_.plan = plan_of(d, *settings);
  keys_.owner = number;
  keys_.playing = d.resource->id;
  bt_.player->replace(std::move(r));
}

void call::hand_to_network(const message& rsp) {
  // Our ringback stops; the caller hears what the network plays.
  end_keys();
  if (bt_.player) {
    bt_.player->stop();
    CMR_LOG(sip, info, "%s: stopped %s after %llu packets: the network's early media goes through",
            prefix_.c_str(), bt_.resource_id.c_str(),
            static_cast<unsigned long long>(bt_.player->packets_sent()));
    bt_.player.reset();
  }
  bt_.socket.reset();
  if (bt_.mode != delivery_mode::gateway) return;
  // Gateway mode: the caller's stream points at this server; the callee's
  // SDP takes over with an UPDATE (as at the answer, spec 6.1.3.1).
  if (const auto part = find_body_part(rsp, "application", "sdp", "session"))
    if (auto b = sdp::parse(part->body)) b_sdp_ = b->serialize();
  const auto to = a_dialog_ ? endpoint_from_uri(a_dialog_->next_hop()) : std::nullopt;
  auto parsed = sdp::parse(b_sdp_);
  if (b_sdp_.empty() || !parsed || !to) return;
  auto update = a_dialog_->create_request("UPDATE");
  update.body = parsed->serialize();
  update.set_header("Content-Type", "application/sdp");
  update.set_header("P-Early-Media", "sendrecv");
  present_session_sdp(update, to_a_sdp_);
  std::weak_ptr<call> weak = shared_from_this();
  owner_.layer().send_request(std::move(update), *to,
                              {[weak](const message& r) {
                                 auto c = weak.lock();
                                 if (c && r.status >= 300)
                                   CMR_LOG(sip, notice, "%s: UPDATE to the network's media: %d",
                                           c->prefix_.c_str(), r.status);
                               },
                               {}});
}

}  // namespace cmr::sip::as
