// The trigger (docs/cs-delivery.md section 2): a configured service key at
// the called party's terminating attempt (owner = called party) or, for
// caller-side CMRBT, at the caller's collected/analysed information (owner =
// calling party); the decision port picks the resource, the key's profile
// runs. Everything else answers Continue at once; a missing owner number
// gets the protocol's missing-parameter error.
//
// The decision never waits for the store on the strand: when the owner's
// settings are not in memory the call stays DECIDING while the store loads
// them, and other calls go on.
#include <algorithm>

#include "in/scp/log.h"
#include "in/scp/procedure.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

namespace {

const scp_service_key* find_key(const scp_settings& cfg, std::uint32_t key) {
  const auto it =
      std::lower_bound(cfg.service_keys.begin(), cfg.service_keys.end(), key,
                       [](const scp_service_key& k, std::uint32_t want) { return k.key < want; });
  return it != cfg.service_keys.end() && it->key == key ? &*it : nullptr;
}

}  // namespace

void scp_service::answer_at_once(call& c, const char* why) {
  CMR_LOG(scp, info, "%s: %s: Continue", c.prefix.c_str(), why);
  c.outcome = call_outcome::continued;
  if (c.sw != nullptr) {
    const instruction op = continue_call{};
    by_switch_.erase(c.sw);
    if (c.sw->send({&op, 1}, true))
      note_sent(c);
    else
      c.sw->abort();
    c.sw = nullptr;
  }
}

bool scp_service::accept(call& c, const trigger& t) {
  c.service_key = t.service_key;
  // A mapping that resolved the service itself (ANSI-41: the TriggerType's
  // win-trigger line) passes it; otherwise the service key's line decides.
  scp_service_key resolved;
  const scp_service_key* sk = nullptr;
  if (t.service) {
    resolved.key = t.service_key;
    resolved.cmrt = t.service->cmrt;
    resolved.profile = static_cast<scp_profile>(t.service->profile);
    sk = &resolved;
  } else {
    sk = find_key(cfg_, t.service_key);
  }
  if (sk == nullptr) {
    ++counters_.unknown_service_key;
    c.step(call_input::refuse, "unknown service key");
    answer_at_once(c, ("service key " + std::to_string(t.service_key) + " not configured").c_str());
    close(c);
    return false;
  }
  c.cmrt = sk->cmrt;
  c.profile = sk->profile;
  const bool terminating = t.point == trigger_point::terminating;
  const bool originating = t.point == trigger_point::originating;
  if (!terminating && !(originating && !sk->cmrt)) {
    ++counters_.unsupported_trigger;
    c.step(call_input::refuse, "trigger not served");
    answer_at_once(c, (t.point_name + " not served for key " + std::to_string(sk->key)).c_str());
    close(c);
    return false;
  }
  c.originating = originating;
  const auto& owner = terminating ? t.called : t.calling;
  const auto& other = terminating ? t.calling : t.called;
  if (!owner) {
    ++counters_.idp_missing_parameter;
    CMR_LOG(scp, notice, "%s: trigger without the owner's %s number: missing parameter",
            c.prefix.c_str(), terminating ? "called" : "calling");
    c.step(call_input::refuse, "no owner number");
    c.outcome = call_outcome::error;
    if (c.sw != nullptr) {
      by_switch_.erase(c.sw);
      c.sw->refuse_missing_parameter();
      note_sent(c);
      c.sw = nullptr;
    }
    close(c);
    return false;
  }
  c.owner = owner->digits;
  if (other) c.other = other->digits;
  if (t.called) c.called_routing = t.called->routing;
  c.calling_number = t.calling_number;
  if (const char* why = platform_loop(c, t)) {
    ++counters_.platform_loops;
    c.step(call_input::refuse, "platform loop");
    answer_at_once(c, why);
    close(c);
    return false;
  }
  return true;
}

// A call the service routed to the platform must not trigger again
// (docs/cs-delivery.md section 7): the routed call carries the platform
// prefix; the platform's leg to the callee comes back without it, from the
// same caller to the same owner, while the routed call is still live.
const char* scp_service::platform_loop(const call& c, const trigger& t) const {
  const auto& prefix = cfg_.platform_prefix;
  if (!prefix.empty() && t.called && t.called->digits.starts_with(prefix) &&
      cfg_.any_route_via_platform())
    return "called number carries the platform prefix";
  if (!routed_.empty() && !c.originating && routed_.contains(routed_key(c)))
    return "the platform's leg of a call routed via the platform";
  return nullptr;
}

std::string scp_service::routed_key(const call& c) { return c.owner + '|' + c.other; }

void scp_service::note_routed(call& c) {
  c.routed = true;
  routed_.insert(routed_key(c));
}

store::decision_request decision_request_of(const call& c) {
  store::decision_request r;
  r.owner = c.owner;
  r.svc = c.cmrt ? store::service::cmrt : store::service::cmrbt;
  r.other_party = c.other;
  r.caps = store::media_set::cs();
  return r;
}

void scp_service::decide(call& c) {
  c.step(call_input::decide);
  if (decisions_ == nullptr) {
    decided(c.id, store::decision{});
    return;
  }
  const store::decision_request r = decision_request_of(c);
  const std::uint64_t id = c.id;
  auto now = decisions_->decide_or_defer(
      r, [this, id, post = post_, alive = std::weak_ptr<bool>(alive_)](store::decision d) {
        // On a store thread: back to the strand, if the service still is.
        if (alive.expired() || !post) return;
        post([this, id, alive, d = std::move(d)] {
          if (alive.expired()) return;
          try {
            decided(id, d);
          } catch (const std::exception& e) {
            if (auto it = calls_.find(id); it != calls_.end()) fail_call(*it->second, e.what());
          }
          sweep();
        });
      });
  if (now) {
    decided(id, *now);
    return;
  }
  ++counters_.decisions_deferred;
  CMR_LOG(scp, info, "%s: owner %s not in memory: the call waits for the store",
          c.prefix.c_str(), c.owner.c_str());
}

void scp_service::decided(std::uint64_t call_id, const store::decision& d) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;  // the switch went away meanwhile
  call& c = *it->second;
  if (!c.state.in(call_state::deciding)) return;
  if (!c.switch_open()) {
    c.step(call_input::ended, "the switch left while deciding");
    close(c);
    return;
  }
  scp_profile profile = c.profile.value_or(scp_profile::connect_to_resource);
  if (profile == scp_profile::call_party_handling &&
      (!c.sw->can(capability::call_party_handling) || c.called_routing.empty()))
    profile = scp_profile::connect_to_resource;
  // The platform serves the called party's ringback: a caller-side trigger
  // (or one without a called number) is served with user interaction.
  // A switch without a resource of its own (ANSI-41) gets the assisting IP.
  const scp_profile ui_profile = c.sw->can(capability::connect_to_resource)
                                     ? scp_profile::connect_to_resource
                                     : scp_profile::win_resource;
  if (profile == scp_profile::route_via_platform && (c.originating || c.called_routing.empty()))
    profile = ui_profile;
  const bool ui = profile != scp_profile::alerting_pattern;
  std::uint32_t announcement = 0;
  if (d.resource) {
    const auto annc = d.resource->announcement_id;
    announcement = annc > 0 && annc <= 0xffffffffLL ? static_cast<std::uint32_t>(annc) : 0;
  }
  if (!d.resource || (ui && announcement == 0) || (!ui && c.called_routing.empty())) {
    ++counters_.no_resource;
    c.step(call_input::nothing);
    answer_at_once(c, ("nothing to present to " + c.owner + (c.cmrt ? " (cmrt)" : " (cmrbt)")).c_str());
    close(c);
    return;
  }
  c.resource_id = d.resource->id;
  c.announcement_id = announcement;
  c.alerting_pattern = d.resource->alerting_pattern;
  c.from_box = d.from_box();
  // Only when a call may collect keys: controls() builds strings.
  if (cfg_.online_copy && !c.cmrt) c.controls = d.controls();
  c.profile = profile;
  CMR_LOG(scp, info, "%s (%s, key %u): owner %s other %s -> %s (announcement %u), %s",
          c.prefix.c_str(), c.protocol.c_str(), c.service_key, c.owner.c_str(), c.other.c_str(),
          c.resource_id.c_str(), c.announcement_id, to_string(profile));
  c.step(call_input::decided, to_string(profile));
  start_profile(c);
}

void scp_service::start_profile(call& c) {
  switch (*c.profile) {
    case scp_profile::connect_to_resource:
      ++counters_.profile_connect_to_resource;
      c.proc = make_connect_to_resource(*this, c);
      break;
    case scp_profile::temporary_connection:
      ++counters_.profile_temporary_connection;
      c.proc = make_temporary_connection(*this, c);
      break;
    case scp_profile::win_resource:
      // The same procedure: the ANSI-41 mapping turns its temporary
      // connection into SeizeResource + ConnectResource, the assist request
      // into InstructionRequest, the play into SRFDirective.
      ++counters_.profile_win_resource;
      c.proc = make_temporary_connection(*this, c);
      break;
    case scp_profile::call_party_handling:
      ++counters_.profile_call_party_handling;
      c.proc = make_call_party_handling(*this, c);
      break;
    case scp_profile::alerting_pattern:
      ++counters_.profile_alerting_pattern;
      c.proc = make_alerting_pattern(*this, c);
      break;
    case scp_profile::route_via_platform:
      ++counters_.profile_route_via_platform;
      c.proc = make_route_via_platform(*this, c);
      break;
  }
  c.proc->start();
}

}  // namespace cmr::in::scp
