// The service's TC-user side: dispatch of dialogue indications to the
// trigger (InitialDP), the assist handler (ARI) and the calls' procedures;
// the call table; the sweep that frees finished calls and writes their
// charging records.
#include "in/scp/scp_service.h"

#include <exception>

#include "in/codec/protocol_constants.h"
#include "in/scp/call_procedure.h"
#include "in/scp/log.h"

namespace cmr::in::scp {

namespace op_code = codec::opcode;
using tcap::component_ind;
using tcap::dialogue_ind_kind;

const char* call::protocol_name() const {
  switch (variant) {
    case codec::protocol_variant::cap_v2:
      return "cap-v2";
    case codec::protocol_variant::cap_v3:
      return "cap-v3";
    case codec::protocol_variant::cap_v4:
      return "cap-v4";
    case codec::protocol_variant::inap_cs1:
      return "inap";
  }
  return "cap-v2";
}

// --- endpoint: every indication goes through the service, guarded ------------

namespace {
// Runs fn; an exception (allocation failure, a bug) never leaves the Asio
// handler: it is counted and logged, the sweep still runs.
template <typename F>
void guard(scp_service& svc, const char* what, F&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    ++svc.counters_mut().internal_failures;
    CMR_LOG(scp, error, "%s: %s", what, e.what());
  } catch (...) {
    ++svc.counters_mut().internal_failures;
    CMR_LOG(scp, error, "%s: unknown exception", what);
  }
}
}  // namespace

void scp_endpoint::on_dialogue(const tcap::dialogue_ind& ind) {
  guard(svc_, "TC dialogue", [&] { svc_.on_dialogue(*this, ind); });
  svc_.sweep();
}
void scp_endpoint::on_u_abort(const tcap::u_abort_ind& ind) {
  guard(svc_, "TC-U-ABORT", [&] { svc_.on_dialogue_lost(*this, ind.id, "TC-U-ABORT"); });
  svc_.sweep();
}
void scp_endpoint::on_p_abort(const tcap::p_abort_ind& ind) {
  guard(svc_, "TC-P-ABORT",
        [&] { svc_.on_dialogue_lost(*this, ind.id, tcap::to_string(ind.reason)); });
  svc_.sweep();
}
void scp_endpoint::on_l_cancel(const tcap::l_cancel_ind& ind) {
  guard(svc_, "TC-L-CANCEL", [&] { svc_.on_l_cancel(*this, ind); });
  svc_.sweep();
}
void scp_endpoint::on_notice(const tcap::notice_ind& ind) {
  CMR_LOG(scp, notice, "TC-NOTICE for dialogue 0x%08x", ind.id);
}

// --- service ----------------------------------------------------------------

scp_service::scp_service(scp_settings cfg, decide_fn decide, cmr::timer_service& timers,
                         charging_writer* records, std::optional<std::uint64_t> seed)
    : cfg_(std::move(cfg)),
      decide_(std::move(decide)),
      timers_(timers),
      records_(records),
      assists_(seed) {}

scp_service::~scp_service() {
  // Procedures cancel their timers; no record for calls cut by shutdown.
  calls_.clear();
}

tcap::ac_table scp_service::contexts_for_ssn(std::uint8_t ssn) {
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

tcap::tcap_config scp_service::tcap_settings() const {
  tcap::tcap_config c;
  c.inactivity_timeout = std::chrono::seconds(cfg_.inactivity_timer_s);
  return c;
}

scp_endpoint& scp_service::add_endpoint(std::uint8_t ssn) {
  const auto dflt =
      ssn == 241 ? codec::protocol_variant::inap_cs1 : codec::protocol_variant::cap_v2;
  endpoints_.push_back(
      std::make_unique<scp_endpoint>(*this, static_cast<std::uint8_t>(endpoints_.size()), dflt));
  return *endpoints_.back();
}

call& scp_service::new_call(scp_endpoint& ep, tcap::dialogue_id d, codec::protocol_variant v) {
  auto c = std::make_unique<call>();
  c->id = next_call_++;
  c->ep = &ep;
  c->dialogue = d;
  c->variant = v;
  c->wall_start = std::chrono::system_clock::now();
  c->t_start = timers_.now();
  call& ref = *c;
  by_ssf_[key_of(ep, d)] = c->id;
  calls_.emplace(c->id, std::move(c));
  live_ = calls_.size();
  return ref;
}

void scp_service::finish(call& c) {
  if (c.finished) return;
  c.finished = true;
  finished_.push_back(c.id);
}

void scp_service::attach_assist(call& c, scp_endpoint& ep, tcap::dialogue_id d) {
  c.assist_ep = &ep;
  c.assist_dialogue = d;
  c.assist_open = true;
  by_assist_[key_of(ep, d)] = c.id;
}

void scp_service::detach_assist(call& c) {
  if (c.assist_ep != nullptr) by_assist_.erase(key_of(*c.assist_ep, c.assist_dialogue));
  c.assist_ep = nullptr;
  c.assist_open = false;
}

std::function<void()> scp_service::guarded(std::function<void()> fn) {
  return [this, fn = std::move(fn)] {
    guard(*this, "timer", fn);
    sweep();
  };
}

void scp_service::on_dialogue(scp_endpoint& ep, const tcap::dialogue_ind& ind) {
  if (ind.type == dialogue_ind_kind::begin) {
    begin(ep, ind);
    return;
  }
  const key k = key_of(ep, ind.id);
  if (auto it = by_ssf_.find(k); it != by_ssf_.end()) {
    ssf_components(*calls_.at(it->second), ind);
    return;
  }
  if (auto it = by_assist_.find(k); it != by_assist_.end()) {
    assist_components(*calls_.at(it->second), ind);
    return;
  }
  // Not ours (any more): a Continue gets an abort, an End is over anyway.
  CMR_LOG(scp, notice, "dialogue 0x%08x: no call, %s", ind.id,
          ind.type == dialogue_ind_kind::end ? "ignored" : "aborted");
  if (ind.type == dialogue_ind_kind::continue_) (void)ep.layer().u_abort(ind.id);
}

void scp_service::begin(scp_endpoint& ep, const tcap::dialogue_ind& ind) {
  auto& layer = ep.layer();
  codec::protocol_variant v = ep.default_variant();
  if (ind.ac_name) {
    if (auto info = layer.contexts().find(*ind.ac_name)) v = info->variant;
  }
  const component_ind* first = ind.components.empty() ? nullptr : &ind.components.front();
  if (first == nullptr || first->type != component_ind::kind::invoke) {
    // No invoke, or a malformed component (the layer queued the Reject):
    // the TC-END carries it.
    if (first != nullptr && first->type == component_ind::kind::l_reject)
      ++counters_.malformed_components;
    CMR_LOG(scp, notice, "TC-BEGIN 0x%08x without a usable invoke: ended", ind.id);
    if (!layer.end(ind.id)) (void)layer.u_abort(ind.id);
    return;
  }
  if (first->code == op_code::initial_dp) {
    call* c = initial_dp(ep, ind, v, *first);
    if (c != nullptr && !c->finished && c->ssf_open && cfg_.activity_test_interval_s != 0) {
      c->last_ssf_rx = timers_.now();
      watch_activity(*c, std::chrono::seconds(cfg_.activity_test_interval_s));
    }
  } else if (first->code == op_code::assist_request_instructions) {
    assist_request(ep, ind, v, *first);
  } else {
    ++counters_.unexpected_operations;
    if (first->invoke_id)
      (void)layer.u_reject(ind.id, *first->invoke_id,
                           tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
    if (!layer.end(ind.id)) (void)layer.u_abort(ind.id);
  }
}

void scp_service::ssf_components(call& c, const tcap::dialogue_ind& ind) {
  const bool ended = ind.type == dialogue_ind_kind::end;
  if (ended) {
    c.ssf_open = false;
    by_ssf_.erase(key_of(*c.ep, c.dialogue));
  }
  c.last_ssf_rx = timers_.now();
  for (const auto& comp : ind.components) {
    if (c.finished) break;
    switch (comp.type) {
      case component_ind::kind::invoke:
        c.proc->on_invoke(comp);
        break;
      case component_ind::kind::result_last:
      case component_ind::kind::result_not_last:
        if (!activity_result(c, comp)) c.proc->on_result(comp);
        break;
      case component_ind::kind::l_reject:
        ++counters_.malformed_components;
        break;
      case component_ind::kind::u_error:
      case component_ind::kind::r_reject:
      case component_ind::kind::u_reject:
        c.proc->on_failure(comp);
        break;
    }
  }
  if (c.finished) return;
  if (ended) {
    c.proc->on_ssf_end();
    return;
  }
  flush_rejects(*c.ep, c.dialogue);
}

// A Reject queued for the peer (by the layer for a faulty component, or by a
// procedure for an invoke it cannot accept) leaves at once when nothing the
// procedure sent carried it: the peer may be waiting for it (Q.774 3.2.2.3).
void scp_service::flush_rejects(scp_endpoint& ep, tcap::dialogue_id d) {
  auto& layer = ep.layer();
  if (!layer.has_pending(d)) return;
  if (!layer.continue_(d)) {
    CMR_LOG(scp, notice, "dialogue 0x%08x: Reject not sent: dialogue aborted", d);
    (void)layer.u_abort(d);
  }
}

void scp_service::assist_components(call& c, const tcap::dialogue_ind& ind) {
  const bool ended = ind.type == dialogue_ind_kind::end;
  if (ended) {
    c.assist_open = false;
  }
  for (const auto& comp : ind.components) {
    if (c.finished) break;
    if (comp.type == component_ind::kind::l_reject) {
      ++counters_.malformed_components;
      continue;
    }
    c.proc->on_assist_component(comp);
  }
  if (!c.finished && ended && c.assist_ep != nullptr) {
    c.proc->on_assist_end();
  }
  if (ended) {
    detach_assist(c);
  } else if (c.assist_open && c.assist_ep != nullptr) {
    flush_rejects(*c.assist_ep, c.assist_dialogue);
  }
}

void scp_service::on_dialogue_lost(scp_endpoint& ep, tcap::dialogue_id d, const char* why) {
  const key k = key_of(ep, d);
  if (auto it = by_ssf_.find(k); it != by_ssf_.end()) {
    call& c = *calls_.at(it->second);
    by_ssf_.erase(it);
    CMR_LOG(scp, notice, "call %llu: SSF dialogue lost (%s)", static_cast<unsigned long long>(c.id),
            why);
    if (!c.finished) c.proc->on_ssf_lost();
    return;
  }
  if (auto it = by_assist_.find(k); it != by_assist_.end()) {
    call& c = *calls_.at(it->second);
    c.assist_open = false;
    CMR_LOG(scp, notice, "call %llu: assisting IP dialogue lost (%s)",
            static_cast<unsigned long long>(c.id), why);
    if (!c.finished) c.proc->on_assist_lost();
    detach_assist(c);
  }
}

void scp_service::on_l_cancel(scp_endpoint& ep, const tcap::l_cancel_ind& ind) {
  if (auto it = by_ssf_.find(key_of(ep, ind.id)); it != by_ssf_.end()) {
    call& c = *calls_.at(it->second);
    if (c.finished) return;
    if (ind.opcode == op_code::activity_test && c.activity_invoke == ind.invoke_id) {
      activity_failed(c);
      return;
    }
    c.proc->on_l_cancel(ind.opcode);
  }
}

void scp_service::watch_activity(call& c, cmr::timer_service::duration after) {
  const std::uint64_t id = c.id;
  c.activity_timer = timers_.start(after, guarded([this, id] { activity_due(id); }));
}

void scp_service::activity_due(std::uint64_t call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  call& c = *it->second;
  c.activity_timer = 0;
  if (c.finished || !c.ssf_open) return;
  const cmr::timer_service::duration interval =
      std::chrono::seconds(cfg_.activity_test_interval_s);
  const auto quiet =
      std::chrono::duration_cast<cmr::timer_service::duration>(timers_.now() - c.last_ssf_rx);
  if (c.activity_invoke || quiet < interval) {
    // A message came meanwhile (or a test is out): due again later.
    watch_activity(c, c.activity_invoke ? interval : interval - quiet);
    return;
  }
  tcap::invoke_req req;
  req.invoke_id = c.take_invoke_id();
  req.opcode = op_code::activity_test;
  req.timeout = std::min<cmr::timer_service::duration>(interval, std::chrono::seconds(10));
  auto& layer = c.ep->layer();
  if (!layer.invoke(c.dialogue, req) || !layer.continue_(c.dialogue)) {
    activity_failed(c);
    return;
  }
  c.activity_invoke = req.invoke_id;
  ++counters_.activity_tests;
  watch_activity(c, interval);
}

bool scp_service::activity_result(call& c, const tcap::component_ind& comp) {
  if (!c.activity_invoke || comp.code != op_code::activity_test ||
      comp.invoke_id != c.activity_invoke)
    return false;
  c.activity_invoke.reset();
  return true;
}

void scp_service::activity_failed(call& c) {
  ++counters_.activity_test_failures;
  CMR_LOG(scp, notice, "call %llu: no ActivityTest result: SSF dialogue aborted",
          static_cast<unsigned long long>(c.id));
  c.activity_invoke.reset();
  (void)c.ep->layer().u_abort(c.dialogue);
  by_ssf_.erase(key_of(*c.ep, c.dialogue));
  c.proc->on_ssf_lost();
}

void scp_service::count_outcome(call_outcome o) {
  switch (o) {
    case call_outcome::continued:
      ++counters_.calls_continued;
      break;
    case call_outcome::answered:
      ++counters_.calls_answered;
      break;
    case call_outcome::busy:
      ++counters_.calls_busy;
      break;
    case call_outcome::no_answer:
      ++counters_.calls_no_answer;
      break;
    case call_outcome::abandoned:
      ++counters_.calls_abandoned;
      break;
    case call_outcome::error:
      ++counters_.calls_error;
      break;
  }
}

void scp_service::write_record(const call& c) {
  count_outcome(c.outcome);
  if (records_ == nullptr) return;
  charging_record r;
  r.start = c.wall_start;
  r.service_key = c.service_key;
  r.protocol = c.protocol_name();
  r.profile = c.proc ? c.proc->name() : "none";
  r.service = c.cmrt ? "cmrt" : "cmrbt";
  r.owner = c.owner;
  r.other = c.other;
  r.resource = c.resource_id;
  r.announcement_id = c.announcement_id;
  r.outcome = c.outcome;
  const auto now = timers_.now();
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  const auto until_answer = c.t_answer ? *c.t_answer : now;
  r.setup_ms = ms(until_answer - c.t_start);
  r.alerting_ms = c.t_alerting ? ms(until_answer - *c.t_alerting) : 0;
  if (r.alerting_ms < 0) r.alerting_ms = 0;
  r.call_ms = c.t_answer ? ms(now - *c.t_answer) : 0;
  if (!records_->write(r)) ++counters_.charging_write_failures;
}

void scp_service::sweep() {
  while (!finished_.empty()) {
    const std::uint64_t id = finished_.back();
    finished_.pop_back();
    auto it = calls_.find(id);
    if (it == calls_.end()) continue;
    call& c = *it->second;
    if (c.activity_timer != 0) timers_.cancel(c.activity_timer);
    if (c.t_answer) --answered_live_;
    by_ssf_.erase(key_of(*c.ep, c.dialogue));
    detach_assist(c);
    guard(*this, "charging record", [&] { write_record(c); });
    calls_.erase(it);
  }
  live_ = calls_.size();
  // Layers close a dialogue before indicating its end, and every indication
  // and timer of the service ends here: this is the count after it.
  std::size_t open = 0;
  for (const auto& ep : endpoints_)
    if (ep->bound()) open += ep->layer().dialogue_count();
  dialogues_ = open;
}

std::string scp_service::status_text() const {
  return "live-calls " + std::to_string(live_.load()) + "\nlive-answered " +
         std::to_string(answered_live_.load()) + "\ntcap-dialogues " +
         std::to_string(dialogues_.load()) + "\n" + counters_.text();
}

}  // namespace cmr::in::scp
