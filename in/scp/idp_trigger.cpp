// Trigger detection (docs/cs-delivery.md section 2): an InitialDP with a
// configured service key at TDP 12 (owner = called party) or, for caller-
// side CMRBT, TDP 2/3 (owner = calling party); the decision engine picks the
// resource; the key's profile runs. Everything else answers Continue at
// once; a missing owner number gets ReturnError missingParameter, an
// undecodable argument TC-U-REJECT mistypedParameter.
#include <algorithm>
#include <exception>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/party_numbers.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {

namespace op_code = codec::opcode;
using codec::event_type_bcsm;

namespace {

// The IDP answered in one TC-END: Continue, or ReturnError missingParameter.
void answer_at_once(tcap::tcap_layer& layer, call& c, std::optional<std::int8_t> error_to) {
  if (error_to) {
    (void)layer.u_error(c.dialogue, *error_to, codec::error_code::missing_parameter);
    c.outcome = call_outcome::error;
  } else {
    (void)layer.invoke(c.dialogue, {1, std::nullopt, op_code::continue_, std::nullopt, {}, {}});
    c.outcome = call_outcome::continued;
  }
  if (!layer.end(c.dialogue)) (void)layer.u_abort(c.dialogue);
  c.ssf_open = false;
  c.proceeded = true;
}

}  // namespace

call* scp_service::initial_dp(scp_endpoint& ep, const tcap::dialogue_ind& ind,
                              codec::protocol_variant v, const tcap::component_ind& comp) {
  ++counters_.idp_received;
  auto& layer = ep.layer();
  const std::int8_t invoke_id = comp.invoke_id.value_or(0);
  static const codec::bytes no_argument;
  auto idp = codec::decode_initial_dp(v, comp.parameter ? *comp.parameter : no_argument);
  if (!idp) {
    ++counters_.idp_undecodable;
    CMR_LOG(scp, notice, "dialogue 0x%08x: InitialDP (%s) undecodable: %s", ind.id,
            codec::to_string(v), idp.error().detail.c_str());
    (void)layer.u_reject(ind.id, invoke_id,
                         tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    if (!layer.end(ind.id)) (void)layer.u_abort(ind.id);
    return nullptr;
  }
  call& c = new_call(ep, ind.id, v);
  c.service_key = idp->service_key;
  try {
    const auto key_it =
        std::lower_bound(cfg_.service_keys.begin(), cfg_.service_keys.end(), idp->service_key,
                         [](const scp_service_key& k, std::uint32_t want) { return k.key < want; });
    if (key_it == cfg_.service_keys.end() || key_it->key != idp->service_key) {
      ++counters_.unknown_service_key;
      CMR_LOG(scp, info, "call %llu: service key %u not configured: Continue",
              static_cast<unsigned long long>(c.id), idp->service_key);
      answer_at_once(layer, c, std::nullopt);
      finish(c);
      return &c;
    }
    const scp_service_key& sk = *key_it;
    c.cmrt = sk.cmrt;

    const auto et = idp->event_type;
    const bool terminating = et == event_type_bcsm::term_attempt_authorized;
    const bool originating =
        et == event_type_bcsm::collected_info || et == event_type_bcsm::analyzed_information;
    if (!terminating && !(originating && !sk.cmrt)) {
      ++counters_.unsupported_trigger;
      CMR_LOG(scp, info, "call %llu: event type %d not served for key %u: Continue",
              static_cast<unsigned long long>(c.id), et ? static_cast<int>(*et) : -1, sk.key);
      answer_at_once(layer, c, std::nullopt);
      finish(c);
      return &c;
    }
    c.terminating = terminating;

    const auto plan = numbering_plan::from(cfg_);
    const auto called = called_party(plan, *idp);
    const auto calling = calling_party(plan, *idp);
    const auto& owner = terminating ? called : calling;
    const auto& other = terminating ? calling : called;
    if (!owner) {
      ++counters_.idp_missing_parameter;
      CMR_LOG(scp, notice, "call %llu: InitialDP without the owner's %s number: missingParameter",
              static_cast<unsigned long long>(c.id), terminating ? "called" : "calling");
      answer_at_once(layer, c, invoke_id);
      finish(c);
      return &c;
    }
    c.owner = owner->digits;
    if (other) c.other = other->digits;
    if (called) c.called_routing = called->routing;
    c.calling_number = idp->calling_party_number;

    const auto choice = decide_ ? decide_(c.owner, sk.cmrt, c.other) : std::nullopt;
    scp_profile profile = sk.profile;
    if (profile == scp_profile::call_party_handling &&
        (v != codec::protocol_variant::cap_v4 || c.called_routing.empty()))
      profile = scp_profile::connect_to_resource;
    const bool ui = profile != scp_profile::alerting_pattern;
    if (!choice || (ui && choice->announcement_id == 0) || (!ui && c.called_routing.empty())) {
      ++counters_.no_resource;
      CMR_LOG(scp, info, "call %llu: nothing to present to %s (%s): Continue",
              static_cast<unsigned long long>(c.id), c.owner.c_str(), sk.cmrt ? "cmrt" : "cmrbt");
      answer_at_once(layer, c, std::nullopt);
      finish(c);
      return &c;
    }
    c.resource_id = choice->id;
    c.announcement_id = choice->announcement_id;
    c.alerting_pattern = choice->alerting_pattern;
    c.profile = profile;
    CMR_LOG(scp, info, "call %llu (%s, key %u): owner %s other %s -> %s (announcement %u), %s",
            static_cast<unsigned long long>(c.id), c.protocol_name(), sk.key, c.owner.c_str(),
            c.other.c_str(), c.resource_id.c_str(), c.announcement_id, to_string(profile));
    switch (profile) {
      case scp_profile::connect_to_resource:
        ++counters_.profile_connect_to_resource;
        c.proc = make_connect_to_resource(*this, c);
        break;
      case scp_profile::temporary_connection:
        ++counters_.profile_temporary_connection;
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
    }
    c.proc->start();
  } catch (const std::exception& e) {
    // The service never blocks a call.
    ++counters_.internal_failures;
    CMR_LOG(scp, error, "call %llu: %s: Continue", static_cast<unsigned long long>(c.id), e.what());
    if (c.ssf_open) answer_at_once(layer, c, std::nullopt);
    c.outcome = call_outcome::error;
    finish(c);
  }
  return &c;
}

}  // namespace cmr::in::scp
