// The TC-user of one layer: TC-BEGINs classified by their first invoke
// (InitialDP: a switch's trigger; AssistRequestInstructions: an assisting
// IP), everything later handed to the dialogue it belongs to.
#include <algorithm>

#include "in/cap/cap_dialogues.h"
#include "in/cap/correlation.h"
#include "in/cap/party_numbers.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/log.h"

namespace cmr::in::cap {

namespace op = codec::opcode;
using codec::event_type_bcsm;
using tcap::component_ind;
using tcap::dialogue_ind_kind;

namespace {

const char* trigger_name(std::optional<event_type_bcsm> e) {
  if (!e) return "no eventTypeBCSM";
  switch (*e) {
    case event_type_bcsm::term_attempt_authorized:
      return "termAttemptAuthorized";
    case event_type_bcsm::collected_info:
      return "collectedInfo";
    case event_type_bcsm::analyzed_information:
      return "analyzedInformation";
    default:
      return "another detection point";
  }
}

}  // namespace

cap_endpoint::cap_endpoint(cap_mapping& mapping, std::uint8_t ssn)
    : mapping_(mapping),
      default_variant_(ssn == 241 ? codec::protocol_variant::inap_cs1
                                  : codec::protocol_variant::cap_v2) {}

cap_endpoint::~cap_endpoint() = default;

cap_endpoint::dialogue* cap_endpoint::find(tcap::dialogue_id d) {
  const auto it = dialogues_.find(d);
  return it != dialogues_.end() && !it->second->over() ? it->second.get() : nullptr;
}

void cap_endpoint::sweep() {
  for (const tcap::dialogue_id id : dead_) {
    // Over, unless the id was reused by a dialogue begun since.
    if (const auto it = dialogues_.find(id); it != dialogues_.end() && it->second->over())
      dialogues_.erase(it);
  }
  dead_.clear();
  mapping_.recount();
}

void cap_endpoint::on_dialogue(const tcap::dialogue_ind& ind) {
  if (ind.type == dialogue_ind_kind::begin) {
    begin(ind);
  } else if (dialogue* d = find(ind.id)) {
    d->components(ind);
  } else {
    // Not ours (any more): a Continue gets an abort, an End is over anyway.
    CMR_LOG(scp, notice, "dialogue 0x%08x: unknown, %s", ind.id,
            ind.type == dialogue_ind_kind::end ? "ignored" : "aborted");
    if (ind.type == dialogue_ind_kind::continue_) (void)layer_->u_abort(ind.id);
  }
  sweep();
}

void cap_endpoint::lost(tcap::dialogue_id id, const std::string& why) {
  if (dialogue* d = find(id)) d->aborted(why);
  sweep();
}

void cap_endpoint::on_u_abort(const tcap::u_abort_ind& ind) {
  lost(ind.id, "TC-U-ABORT");
}

void cap_endpoint::on_p_abort(const tcap::p_abort_ind& ind) {
  lost(ind.id, tcap::to_string(ind.reason));
}

void cap_endpoint::on_l_cancel(const tcap::l_cancel_ind& ind) {
  if (dialogue* d = find(ind.id)) d->l_cancel(ind);
  sweep();
}

void cap_endpoint::on_notice(const tcap::notice_ind& ind) {
  CMR_LOG(scp, notice, "TC-NOTICE for dialogue 0x%08x", ind.id);
}

void cap_endpoint::begin(const tcap::dialogue_ind& ind) {
  codec::protocol_variant v = default_variant_;
  if (ind.ac_name) {
    if (auto info = layer_->contexts().find(*ind.ac_name)) v = info->variant;
  }
  const component_ind* first = ind.components.empty() ? nullptr : &ind.components.front();
  if (first == nullptr || first->type != component_ind::kind::invoke) {
    // No invoke, or a malformed component (the layer queued the Reject):
    // the TC-END carries it.
    if (first != nullptr && first->type == component_ind::kind::l_reject)
      ++mapping_.counters().malformed_components;
    CMR_LOG(scp, notice, "TC-BEGIN 0x%08x without a usable invoke: ended", ind.id);
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
    return;
  }
  if (first->code == op::initial_dp) {
    initial_dp(ind, v, *first);
  } else if (first->code == op::assist_request_instructions) {
    assist_request(ind, v, *first);
  } else {
    ++mapping_.counters().unexpected_operations;
    CMR_LOG(scp, notice, "TC-BEGIN 0x%08x opens with opcode %d: rejected", ind.id, first->code);
    if (first->invoke_id)
      (void)layer_->u_reject(
          ind.id, *first->invoke_id,
          tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
  }
}

void cap_endpoint::initial_dp(const tcap::dialogue_ind& ind, codec::protocol_variant v,
                              const component_ind& comp) {
  const std::int8_t invoke_id = comp.invoke_id.value_or(0);
  static const codec::bytes no_argument;
  auto idp = codec::decode_initial_dp(v, comp.parameter ? *comp.parameter : no_argument);
  if (!idp) {
    ++mapping_.counters().idp_received;
    ++mapping_.counters().idp_undecodable;
    CMR_LOG(scp, notice, "dialogue 0x%08x: InitialDP (%s) undecodable: %s", ind.id,
            codec::to_string(v), idp.error().detail.c_str());
    (void)layer_->u_reject(ind.id, invoke_id,
                           tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
    return;
  }
  scp::trigger t;
  t.service_key = idp->service_key;
  const auto et = idp->event_type;
  if (et == event_type_bcsm::term_attempt_authorized)
    t.point = scp::trigger_point::terminating;
  else if (et == event_type_bcsm::collected_info || et == event_type_bcsm::analyzed_information)
    t.point = scp::trigger_point::originating;
  t.point_name = trigger_name(et);
  const auto plan = numbering_plan::from(mapping_.settings());
  t.called = called_party(plan, *idp);
  t.calling = calling_party(plan, *idp);
  t.calling_number = idp->calling_party_number;
  // A dialogue of a TCAP id reused after an old one ended: the old is gone.
  auto d = std::make_unique<ssf_dialogue>(*this, ind.id, v, invoke_id);
  ssf_dialogue& ref = *d;
  dialogues_.insert_or_assign(ind.id, std::move(d));
  mapping_.listener().triggered(ref, t);
}

void cap_endpoint::assist_request(const tcap::dialogue_ind& ind, codec::protocol_variant v,
                                  const component_ind& comp) {
  const std::int8_t invoke_id = comp.invoke_id.value_or(0);
  static const codec::bytes no_argument;
  auto ari =
      codec::decode_assist_request_instructions(v, comp.parameter ? *comp.parameter : no_argument);
  if (!ari) {
    ++mapping_.counters().assist_requests;
    CMR_LOG(scp, notice, "dialogue 0x%08x: AssistRequestInstructions undecodable", ind.id);
    (void)layer_->u_reject(ind.id, invoke_id,
                           tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
    return;
  }
  auto d = std::make_unique<ip_dialogue>(*this, ind.id, v);
  ip_dialogue& ref = *d;
  dialogues_.insert_or_assign(ind.id, std::move(d));
  if (!mapping_.listener().assist_requested(ref, decode_correlation(ari->correlation_id)))
    ref.refuse_unknown_correlation(invoke_id);
}

// --- the mapping -----------------------------------------------------------------------

cap_mapping::cap_mapping(scp::switch_listener& listener, scp::scp_counters& counters,
                         const scp::scp_settings& cfg)
    : listener_(listener), counters_(counters), cfg_(cfg) {}

cap_mapping::~cap_mapping() = default;

cap_endpoint& cap_mapping::add_endpoint(std::uint8_t ssn) {
  endpoints_.push_back(std::make_unique<cap_endpoint>(*this, ssn));
  return *endpoints_.back();
}

tcap::ac_table cap_mapping::contexts_for_ssn(std::uint8_t ssn) {
  namespace ac = codec::ac;
  std::vector<codec::oid> names = {ac::cap_v2_gsmsrf_to_gsmscf, ac::cap_v3_gsmsrf_gsmscf,
                                   ac::cap_v4_gsmsrf_gsmscf, ac::inap_cs1_ip_to_scp};
  if (ssn == 241) {
    for (const auto& n : {ac::inap_cs1_ssp_to_scp, ac::inap_cs1_assist_handoff_ssp_to_scp})
      names.push_back(n);
  } else {
    for (const auto& n : {ac::cap_v2_gsmssf_to_gsmscf, ac::cap_v2_assist_gsmssf_to_gsmscf,
                          ac::cap_v3_gsmssf_scf_generic, ac::cap_v3_gsmssf_scf_assist_handoff,
                          ac::cap_v4_gsmssf_scf_generic, ac::cap_v4_gsmssf_scf_assist_handoff})
      names.push_back(n);
  }
  auto t = tcap::ac_table::only(std::move(names));
  // INAP CS-1 SSPs may omit the dialogue portion; CAP always has one.
  t.accept_no_dialogue_portion = ssn == 241;
  return t;
}

tcap::tcap_config cap_mapping::tcap_settings() const {
  tcap::tcap_config c;
  c.inactivity_timeout = std::chrono::seconds(cfg_.inactivity_timer_s);
  return c;
}

void cap_mapping::recount() {
  // Layers close a dialogue before indicating its end, and every callback
  // of an endpoint ends here: this is the count after it.
  std::size_t open = 0;
  for (const auto& ep : endpoints_)
    if (ep->bound()) open += ep->layer().dialogue_count();
  dialogues_ = static_cast<std::int64_t>(open);
}

std::string cap_mapping::status_lines() const {
  return "tcap-dialogues " + std::to_string(dialogues_.load()) + "\n";
}

}  // namespace cmr::in::cap
