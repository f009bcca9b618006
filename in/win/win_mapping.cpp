// The TC-user of the SCP's ANSI TCAP layer: Queries classified by their
// first invoke (AnalyzedInformation: a trigger; an event trigger: a report
// for the call of its BillingID), everything later handed to the call or
// seizure whose transaction it is.
#include "in/win/win_mapping.h"

#include "in/ansi_tcap/ansi_tcap_message.h"
#include "in/scp/log.h"
#include "in/scp/numbering.h"
#include "in/win/win_calls.h"

namespace cmr::in::win {

using tcap::component_ind;
using tcap::dialogue_ind_kind;

namespace {

std::uint8_t nature_of(const ansi41::digits& d) {
  return d.international ? scp::nature_international : scp::nature_unknown;
}

scp::party party_of(const scp::numbering_plan& plan, const ansi41::digits& d) {
  // The routing octets stay opaque to the service (it only needs to know a
  // called number is there): ANSI-41 routes by digits, kept as text.
  return scp::party{scp::normalise(plan, nature_of(d), d.value),
                    scp::address_octets(d.value.begin(), d.value.end())};
}

}  // namespace

win_mapping::win_mapping(scp::switch_listener& listener, scp::scp_counters& counters,
                         const scp::scp_settings& cfg, timer_service& timers)
    : listener_(listener), counters_(counters), cfg_(cfg), timers_(timers) {}

win_mapping::~win_mapping() {
  // Calls first (their seizures and timers), while the maps they leave exist.
  calls_.clear();
}

void win_mapping::bind(ansi_tcap::ansi_tcap_layer& layer, const sigtran::sccp_address& ip) {
  layer_ = &layer;
  ip_ = ip;
}

ansi_tcap::ansi_tcap_config win_mapping::tcap_settings() const {
  ansi_tcap::ansi_tcap_config c;
  c.inactivity_timeout = std::chrono::seconds(cfg_.inactivity_timer_s);
  return c;
}

std::string win_mapping::status_lines() const {
  return "win-calls " + std::to_string(live_calls_.load()) + "\n";
}

void win_mapping::recount() {
  transactions_ = layer_ != nullptr ? static_cast<std::int64_t>(layer_->transaction_count()) : 0;
  live_calls_ = static_cast<std::int64_t>(calls_.size());
}

void win_mapping::own(tcap::dialogue_id tid, msc_call* c, seizure* s) {
  by_tid_[tid] = owner{c, s};
}

void win_mapping::disown(tcap::dialogue_id tid) {
  by_tid_.erase(tid);
}

void win_mapping::unexpected(tcap::dialogue_id tid, const component_ind& comp, bool can_reply) {
  ++counters_.unexpected_operations;
  CMR_LOG(scp, notice, "ansi(0x%08x): unexpected operation 0x%05x: rejected", tid,
          static_cast<unsigned>(comp.code));
  if (can_reply && comp.invoke_id)
    (void)layer_->u_reject(tid, *comp.invoke_id,
                           tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
}

void win_mapping::forget_billing(std::uint64_t key, const msc_call* c) {
  if (const auto it = by_billing_.find(key); it != by_billing_.end() && it->second == c)
    by_billing_.erase(it);
}

void win_mapping::dead(msc_call* c) {
  if (c->done()) dead_.push_back(c->serial());
}

void win_mapping::sweep() {
  for (const std::uint64_t serial : dead_) {
    if (const auto it = calls_.find(serial); it != calls_.end() && it->second->done())
      calls_.erase(it);
  }
  dead_.clear();
  recount();
}

// --- indications -----------------------------------------------------------------------

void win_mapping::on_dialogue(const tcap::dialogue_ind& ind) {
  if (ind.type == dialogue_ind_kind::begin) {
    begin(ind);
  } else if (const auto it = by_tid_.find(ind.id); it != by_tid_.end()) {
    const owner o = it->second;
    if (o.call != nullptr)
      o.call->components(ind);
    else if (o.seize != nullptr)
      o.seize->components(ind);
  } else {
    CMR_LOG(scp, notice, "ansi(0x%08x): unknown transaction, %s", ind.id,
            ind.type == dialogue_ind_kind::end ? "ignored" : "aborted");
    if (ind.type == dialogue_ind_kind::continue_) (void)layer_->u_abort(ind.id);
  }
  sweep();
}

void win_mapping::on_u_abort(const tcap::u_abort_ind& ind) {
  if (const auto it = by_tid_.find(ind.id); it != by_tid_.end()) {
    const owner o = it->second;
    // The peer's abort information (T1.114: its UserAbortInformation) is
    // only named in the log: no WIN flow here defines its content.
    const std::string why =
        ind.user_info ? "Abort (user, " + std::to_string(ind.user_info->size()) +
                            " octets of abort information)"
                      : std::string("Abort (user)");
    if (o.call != nullptr) o.call->lost(why);
    else if (o.seize != nullptr) o.seize->lost(why);
  }
  sweep();
}

void win_mapping::on_p_abort(const tcap::p_abort_ind& ind) {
  if (const auto it = by_tid_.find(ind.id); it != by_tid_.end()) {
    const owner o = it->second;
    const std::string why = std::string("Abort (") + tcap::to_string(ind.reason) + ")";
    if (o.call != nullptr) o.call->lost(why);
    else if (o.seize != nullptr) o.seize->lost(why);
  }
  sweep();
}

void win_mapping::on_l_cancel(const tcap::l_cancel_ind& ind) {
  if (const auto it = by_tid_.find(ind.id); it != by_tid_.end()) {
    const owner o = it->second;
    if (o.call != nullptr) o.call->l_cancel(ind);
    else if (o.seize != nullptr) o.seize->l_cancel(ind);
  }
  sweep();
}

void win_mapping::on_notice(const tcap::notice_ind& ind) {
  CMR_LOG(scp, notice, "ansi(0x%08x): TC-NOTICE, return cause %u", ind.id,
          static_cast<unsigned>(ind.return_cause));
}

void win_mapping::begin(const tcap::dialogue_ind& ind) {
  const component_ind* first = ind.components.empty() ? nullptr : &ind.components.front();
  if (first == nullptr || first->type != component_ind::kind::invoke) {
    if (first != nullptr && first->type == component_ind::kind::l_reject)
      ++counters_.malformed_components;
    CMR_LOG(scp, notice, "ansi(0x%08x): Query without a usable invoke: ended", ind.id);
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
    return;
  }
  const std::int32_t op = first->code;
  if (op == ansi41::opcode::analyzed_information()) {
    analyzed_information(ind, *first);
  } else if (op == ansi41::opcode::t_answer() || op == ansi41::opcode::t_busy() ||
             op == ansi41::opcode::t_no_answer() || op == ansi41::opcode::t_disconnect() ||
             op == ansi41::opcode::o_disconnect()) {
    event_trigger(ind, *first);
  } else {
    ++counters_.unexpected_operations;
    const char* n = ansi41::operation_name(op);
    CMR_LOG(scp, notice, "ansi(0x%08x): Query opens with %s: rejected", ind.id,
            n != nullptr ? n : "an operation the SCP does not serve");
    if (first->invoke_id)
      (void)layer_->u_reject(ind.id, *first->invoke_id,
                             tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
  }
}

void win_mapping::refuse(tcap::dialogue_id tid, const component_ind& comp, bool missing,
                         const std::string& why) {
  CMR_LOG(scp, notice, "ansi(0x%08x): %s: %s", tid,
          ansi41::operation_name(comp.code) != nullptr ? ansi41::operation_name(comp.code) : "?",
          why.c_str());
  if (comp.invoke_id) {
    if (missing)
      (void)layer_->u_error(tid, *comp.invoke_id, ansi41::error_code::missing_parameter());
    else
      (void)layer_->u_reject(tid, *comp.invoke_id,
                             tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
  }
  if (!layer_->end(tid)) (void)layer_->u_abort(tid);
}

void win_mapping::analyzed_information(const tcap::dialogue_ind& ind, const component_ind& comp) {
  // Triggers the service never sees are counted here (it counts the others).
  static const ansi41::bytes no_parameter;
  auto a = ansi41::decode_analyzed_information(comp.parameter ? *comp.parameter : no_parameter);
  if (!a) {
    ++counters_.idp_received;
    const bool missing = a.error().what == ansi41::decode_error::kind::missing;
    ++(missing ? counters_.idp_missing_parameter : counters_.idp_undecodable);
    refuse(ind.id, comp, missing, a.error().parameter + " " + a.error().detail);
    return;
  }
  const std::int8_t invoke = comp.invoke_id.value_or(0);
  const scp::win_trigger* wt = cfg_.find_win_trigger(a->trigger_type);
  if (wt == nullptr) {
    ++counters_.idp_received;
    ++counters_.unknown_service_key;
    CMR_LOG(scp, info, "ansi(0x%08x): TriggerType %s not served: the call proceeds", ind.id,
            ansi41::trigger_name(a->trigger_type).c_str());
    (void)layer_->result_last(ind.id, invoke);  // nothing to say: the call proceeds
    if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);
    return;
  }
  scp::trigger t;
  t.service_key = a->trigger_type;
  t.service = scp::resolved_service{wt->cmrt, static_cast<std::uint8_t>(wt->profile)};
  t.point = wt->owner_called ? scp::trigger_point::terminating : scp::trigger_point::originating;
  t.point_name = ansi41::trigger_name(a->trigger_type);
  const auto plan = scp::numbering_plan::from(cfg_);
  if (!a->dialed.value.empty()) t.called = party_of(plan, a->dialed);
  if (a->calling_party && !a->calling_party->value.empty())
    t.calling = party_of(plan, *a->calling_party);

  const std::uint64_t serial = next_call_++;
  auto c = std::make_unique<msc_call>(*this, serial, ind.id, invoke, *a);
  msc_call& ref = *c;
  calls_.emplace(serial, std::move(c));
  own(ind.id, &ref, nullptr);
  // A BillingID a live call still has: the newer call takes it (the MSC
  // reused it; the older one keeps its own guard).
  by_billing_[ref.billing()] = &ref;
  listener_.triggered(ref, t);
  dead(&ref);
}

void win_mapping::event_trigger(const tcap::dialogue_ind& ind, const component_ind& comp) {
  static const ansi41::bytes no_parameter;
  auto e = ansi41::decode_event_trigger(comp.code, comp.parameter ? *comp.parameter : no_parameter);
  if (!e) {
    ++counters_.mistyped_arguments;
    refuse(ind.id, comp, e.error().what == ansi41::decode_error::kind::missing,
           e.error().parameter + " " + e.error().detail);
    return;
  }
  // Answered at once: the MSC's call goes on whatever the service does.
  (void)layer_->result_last(ind.id, comp.invoke_id.value_or(0));
  if (!layer_->end(ind.id)) (void)layer_->u_abort(ind.id);

  const auto it = by_billing_.find(billing_key(e->billing));
  if (it == by_billing_.end()) {
    ++counters_.win_unmatched_triggers;
    CMR_LOG(scp, notice, "ansi(0x%08x): %s for no live call", ind.id,
            ansi41::operation_name(comp.code));
    return;
  }
  msc_call& c = *it->second;
  scp::event_report r;
  r.name = ansi41::operation_name(comp.code);
  bool ending = true;
  const std::int32_t op = comp.code;
  if (op == ansi41::opcode::t_answer()) {
    r.event = scp::call_event::answer;
    ending = false;
  } else if (op == ansi41::opcode::t_busy()) {
    r.event = scp::call_event::busy;
  } else if (op == ansi41::opcode::t_no_answer()) {
    r.event = scp::call_event::no_answer;
  } else {
    // ODisconnect / TDisconnect: the end of an answered call, else the
    // caller's abandon.
    r.event = c.answered() ? scp::call_event::disconnect : scp::call_event::abandon;
    r.originating = op == ansi41::opcode::o_disconnect();
  }
  c.triggered(r, ending);
}

}  // namespace cmr::in::win
