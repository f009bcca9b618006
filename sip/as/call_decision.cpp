// call: the services' plans and the decisions behind them. The call asks the
// decision port (store/decision_port.h) with the one call context CS asks
// with (owner, service, other party, what the path can carry), one service
// after the other (CMRBT, then CMRT: the same owner, so a second question
// finds the settings the first one loaded). When the port defers, the call
// stays DECIDING and the SIP thread goes on with other calls; the decision
// comes back through b2bua::post, and is dropped (counted) when the caller
// gave up meanwhile.
#include <cstdlib>

#include "sip/as/b2bua.h"
#include "sip/as/call.h"
#include "sip/as/party_identity.h"
#include "sip/log.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/p_early_media.h"

namespace cmr::sip::as {

namespace {

bool early_media_supported(const message& req) {
  std::string joined;
  for (const auto& v : req.header_values("P-Early-Media"))
    joined += (joined.empty() ? "" : ",") + v;
  if (joined.empty()) return false;
  const auto pem = parse_p_early_media(joined);
  return pem && pem->has(early_media_param::supported);
}

std::optional<sdp::session_description> session_offer(const message& m) {
  const auto part = find_body_part(m, "application", "sdp", "session");
  if (!part) return std::nullopt;
  auto sd = sdp::parse(part->body);
  if (!sd) return std::nullopt;
  return std::move(*sd);
}

const char* service_name(store::service svc) {
  return svc == store::service::cmrbt ? "CMRBT" : "CMRT";
}

}  // namespace

void call::start() {
  const auto& a_req = a_invite_->request();
  if (max_forwards(a_req) <= 0) {
    // Nothing to decide for a call that cannot go on (RFC 3261 16.3).
    step(call_event::refuse, "Max-Forwards exhausted");
    CMR_LOG(sip, info, "%s: failing with 483 (Max-Forwards exhausted)", prefix_.c_str());
    reject_a(483);
    finish("Max-Forwards exhausted");
    return;
  }
  identify_parties(a_req);
  step(call_event::decide);
  plan_services(a_req);
  // The decision is bounded like the ringing: a store that never answers
  // ends the call with 408 (DECIDING + timeout).
  arm_guard(owner_.config().ring_timeout, "no decision");
  ask_next();
}

void call::identify_parties(const message& a_req) {
  isc_ = read_isc(a_req, [this](const uri& u) { return owner_.is_own(u); });
  if (isc_.foreign_route) {
    ++owner_.stats().isc_foreign_route;
    CMR_LOG(sip, notice, "%s: top Route %s does not name this server: ignored, next hop applies",
            prefix_.c_str(), a_req.header("Route")->c_str());
  }
  if (take_platform_call(a_req)) return;
  switch (isc_.sescase) {
    case session_case::none:
      owner_number_ = party_number(a_req, owner_.config().owner);
      other_number_ = party_number(a_req, owner_.config().other_party);
      return;
    case session_case::terminating:
      // The served user is called: its CMRBT/CMRT, the caller the other party.
      ++owner_.stats().isc_terminating;
      owner_number_ = isc_.served_user;
      other_number_ = party_number(a_req, identity_source::p_asserted_identity);
      break;
    case session_case::originating:
      // The served user calls: its own ringback (caller-side CMRBT), the
      // called number the other party.
      ++owner_.stats().isc_originating;
      owner_number_ = isc_.served_user;
      other_number_ = party_number(a_req, identity_source::request_uri);
      break;
    case session_case::originating_cdiv:
      // Diverted on behalf of the served user: the caller was served by the
      // diverting user's terminating invocation, the diverted-to user's
      // terminating invocation follows; nothing to present here.
      ++owner_.stats().isc_originating;
      owner_number_.clear();
      other_number_ = party_number(a_req, identity_source::p_asserted_identity);
      break;
  }
  CMR_LOG(sip, info, "%s: ISC %s served user %s%s%s, icid %s, %s", prefix_.c_str(),
          to_string(isc_.sescase), isc_.served_user.c_str(), isc_.regstate.empty() ? "" : " ",
          isc_.regstate.c_str(), isc_.icid.empty() ? "-" : isc_.icid.c_str(),
          isc_.return_route.empty() ? "no return route (next hop)" : "back along the Route set");
}

bool call::take_platform_call(const message& a_req) {
  const auto& prefix = owner_.config().platform_prefix;
  if (prefix.empty()) return false;
  const std::string user = normalize_number(a_req.request_uri.user);
  if (user.size() <= prefix.size() || !user.starts_with(prefix)) return false;
  platform_ = true;
  ++owner_.stats().platform_calls;
  owner_number_ = user.substr(prefix.size());
  other_number_ = party_number(a_req, identity_source::p_asserted_identity);
  CMR_LOG(sip, info, "%s: routed via the platform: owner %s, caller %s", prefix_.c_str(),
          owner_number_.c_str(), other_number_.c_str());
  return true;
}

void call::strip_platform_prefix(message& req, bool and_to) const {
  if (!platform_) return;
  const auto& prefix = owner_.config().platform_prefix;
  auto strip = [&prefix](std::string& user) {
    // The prefix may follow a '+' (a trunk writing the number as E.164).
    const std::size_t at = user.starts_with('+') ? 1 : 0;
    if (user.compare(at, prefix.size(), prefix) == 0) user.erase(at, prefix.size());
  };
  strip(req.request_uri.user);
  if (!and_to) return;
  if (auto to = req.to()) {
    auto t = *to;
    const std::string before = t.uri.user;
    strip(t.uri.user);
    if (t.uri.user != before) req.set_header("To", t.to_string());
  }
}

// Which services need a decision: those the configuration serves in a mode
// this call can carry. A call routed via the platform is the CS caller's
// ringback: CMRBT in Gateway mode, no CMRT (the switch has served the
// callee's side).
void call::plan_services(const message& a_req) {
  auto plan = [&](service_plan& p, store::service svc, delivery_mode mode) {
    if (platform_) mode = svc == store::service::cmrbt ? delivery_mode::gateway : delivery_mode::off;
    // Originating (ISC): the caller's own ringback only, where configured.
    if (isc_.sescase == session_case::originating &&
        (svc == store::service::cmrt || !owner_.config().originating_cmrbt))
      mode = delivery_mode::off;
    if (isc_.sescase == session_case::originating_cdiv) mode = delivery_mode::off;
    p.svc = svc;
    p.configured = mode;
    if (mode == delivery_mode::off || owner_number_.empty()) return;
    if (svc == store::service::cmrt &&
        (mode == delivery_mode::gateway || mode == delivery_mode::forking)) {
      return;  // spec 6.1.3 defines Gateway mode for CMRBT only, TS 24.182 A.3 forking too
    }
    if (mode == delivery_mode::forking && !forking_possible(a_req)) return;
    if (svc == store::service::cmrbt && mode == delivery_mode::application_server &&
        !(a_supports("early-session") && a_supports("100rel"))) {
      CMR_LOG(sip, info, "%s: %s pass-through: no early-session/100rel in Supported",
              prefix_.c_str(), service_name(svc));
      return;
    }
    if (mode == delivery_mode::gateway) {
      // Require: 100rel toward a caller that did not offer it would fail the
      // call (RFC 3262 4); the UPDATE needs the caller to accept UPDATE.
      const bool update_ok = !a_req.has_header("Allow") || a_req.has_option("Allow", "UPDATE");
      // A switch's trunk routed here by the SCP expects the platform's early
      // media: P-Early-Media "supported" is not required of it.
      const bool early_ok = platform_ || early_media_supported(a_req);
      if (!early_ok || !a_supports("100rel") || !session_offer(a_req) || !update_ok) {
        CMR_LOG(sip, info,
                "%s: %s pass-through: needs P-Early-Media: supported, 100rel, UPDATE and an SDP "
                "offer",
                prefix_.c_str(), service_name(svc));
        return;
      }
    }
    p.wanted = mode == delivery_mode::http
                   ? store::media_set::all()
                   : store::media_set::none().with(store::media_type::audio);
  };
  plan(bt_, store::service::cmrbt, owner_.config().cmrbt_mode);
  plan(rt_, store::service::cmrt, owner_.config().cmrt_mode);
}

void call::ask_next() {
  for (auto* p : {&bt_, &rt_}) {
    if (!p->wanted) continue;
    store::decision_request r;
    r.owner = owner_number_;
    r.svc = p->svc;
    r.other_party = other_number_;
    r.caps = *p->wanted;
    auto* port = owner_.decisions();
    if (port == nullptr) {
      p->wanted.reset();
      continue;
    }
    std::weak_ptr<call> weak = shared_from_this();
    auto later = [weak, svc = p->svc, post = owner_.poster(), b = &owner_](store::decision d) {
      // On a store thread: back to the SIP thread. `b` is only touched there,
      // where the B2BUA outlives every task (the gate closes before it goes).
      if (!post) return;
      post([weak, svc, b, d = std::move(d)] {
        if (auto c = weak.lock()) {
          c->on_decided(svc, d);
        } else {
          ++b->stats().decisions_dropped;
          CMR_LOG(sip, info, "late %s decision for a call that ended: dropped", service_name(svc));
        }
      });
    };
    std::optional<store::decision> now;
    try {
      now = port->decide_or_defer(r, std::move(later));
    } catch (const std::exception& e) {
      // The store failed: this service presents nothing, the call goes on.
      CMR_LOG(sip, error, "%s: %s decision failed: %s", prefix_.c_str(), service_name(p->svc),
              e.what());
      now = store::decision{};
    }
    if (!now) {
      ++owner_.stats().decisions_deferred;
      step(call_event::deferred, service_name(p->svc));
      CMR_LOG(sip, info, "%s: owner %s not in memory: the call waits for the store",
              prefix_.c_str(), owner_number_.c_str());
      return;
    }
    p->wanted.reset();
    apply_decision(*p, *now);
  }
  decisions_done();
}

void call::on_decided(store::service svc, const store::decision& d) {
  auto& p = svc == store::service::cmrbt ? bt_ : rt_;
  if (!state_.in(call_state::deciding) || !p.wanted) {
    ++owner_.stats().decisions_dropped;
    CMR_LOG(sip, info, "%s: late %s decision dropped: the call is %s", prefix_.c_str(),
            service_name(svc), to_string(state()));
    return;
  }
  p.wanted.reset();
  apply_decision(p, d);
  ask_next();
}

// What the decision means for this call: the resource, if this path can
// play it (renditions, the caller's offer).
void call::apply_decision(service_plan& p, const store::decision& d) {
  if (!d.resource) return;
  const char* svc_name = service_name(p.svc);
  const auto mode = p.configured;
  const std::string& id = d.resource->id;
  std::vector<media::g711_law> laws;
  if (mode != delivery_mode::http) {
    for (const auto law : {media::g711_law::alaw, media::g711_law::ulaw})
      if (owner_.content().rendition(id, law)) laws.push_back(law);
    if (laws.empty()) {
      CMR_LOG(sip, notice, "%s: %s resource %s has no playout rendition", prefix_.c_str(), svc_name,
              id.c_str());
      return;
    }
    const auto offer = mode == delivery_mode::gateway || mode == delivery_mode::forking
                           ? session_offer(a_invite_->request())
                           : std::nullopt;
    if (offer && !find_audio_target(*offer, laws)) {
      CMR_LOG(sip, info, "%s: %s pass-through: no PCMA/PCMU audio in the offer", prefix_.c_str(),
              svc_name);
      return;
    }
    if (offer && !answer_direction(offer->media_direction(*audio_index(*offer, laws)))) {
      CMR_LOG(sip, info, "%s: %s pass-through: the offered audio does not receive", prefix_.c_str(),
              svc_name);
      return;
    }
  }
  p.mode = mode;
  p.resource_id = id;
  p.laws = std::move(laws);
  if (&p == &bt_) plan_keys(d);  // call_keys.cpp
  auto& s = owner_.stats();
  ++(mode == delivery_mode::http      ? s.http
     : mode == delivery_mode::gateway ? s.gateway
     : mode == delivery_mode::forking ? s.forking
                                      : s.application_server);
}

void call::decisions_done() {
  const bool unserved = bt_.mode == delivery_mode::off && rt_.mode == delivery_mode::off;
  if (unserved && owner_.config().unserved == unserved_handling::proxy) {
    proxy_invite();
    return;
  }
  if (unserved) ++owner_.stats().passed_through;
  CMR_LOG(sip, info, "%s: INVITE %s owner=%s other=%s cmrbt=%s%s%s cmrt=%s%s%s", prefix_.c_str(),
          a_call_id_.c_str(), owner_number_.c_str(), other_number_.c_str(), to_string(bt_.mode),
          bt_.resource_id.empty() ? "" : " ", bt_.resource_id.c_str(), to_string(rt_.mode),
          rt_.resource_id.empty() ? "" : " ", rt_.resource_id.c_str());
  const std::string detail = std::string("cmrbt=") + to_string(bt_.mode) +
                             (bt_.resource_id.empty() ? "" : ":" + bt_.resource_id) +
                             " cmrt=" + to_string(rt_.mode) +
                             (rt_.resource_id.empty() ? "" : ":" + rt_.resource_id);
  step(call_event::decided, detail.c_str());
  send_b_invite();
}

}  // namespace cmr::sip::as
