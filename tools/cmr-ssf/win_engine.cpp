// The CDMA MSC call model's TC-user side: calls opened, the transactions'
// indications sorted to the call they belong to (the AnalyzedInformation
// transaction or one of its event triggers), the end of a call, and the
// sweep that aborts calls without progress.
#include "tools/cmr-ssf/win_engine.h"

#include "tools/cmr-ssf/log.h"
#include "tools/cmr-ssf/win_messages.h"

namespace cmr::tools::ssf {

using clock_type = std::chrono::steady_clock;

const char* to_string(win_event e) {
  switch (e) {
    case win_event::t_answer:
      return "TAnswer";
    case win_event::t_busy:
      return "TBusy";
    case win_event::t_no_answer:
      return "TNoAnswer";
    case win_event::o_disconnect:
      return "ODisconnect";
  }
  return "?";
}

win_engine::win_engine(cmr::timer_service& timers, ssf_settings settings, bearer_service* bearers,
                       call_observer& observer)
    : timers_(timers), s_(std::move(settings)), bearers_(bearers), observer_(observer) {
  calls_.reserve(1024);
}

win_engine::~win_engine() {
  if (sweep_timer_ != 0) timers_.cancel(sweep_timer_);
  for (auto& [id, c] : calls_) cancel_timers(c);
}

win_engine::call* win_engine::find(dialogue_id id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

win_engine::call* win_engine::owner_of_event(dialogue_id tx) {
  auto it = event_owner_.find(tx);
  return it == event_owner_.end() ? nullptr : find(it->second.call);
}

const char* win_engine::event_name(dialogue_id tx) const {
  auto it = event_owner_.find(tx);
  return it == event_owner_.end() ? "event trigger" : to_string(it->second.what);
}

void win_engine::touch(call& c) {
  c.deadline = timers_.now() + s_.call_timeout;
}

void win_engine::trace(const call& c, const std::string& line) {
  if (s_.trace) observer_.trace(c.id, line);
}

dialogue_id win_engine::place_call(std::uint64_t, const std::string& called,
                                   const std::string& calling) {
  return start_call(called, calling);
}

dialogue_id win_engine::start_call(const std::string& called, const std::string& calling) {
  const dialogue_id id = layer_->open(s_.scp);
  auto [it, inserted] = calls_.try_emplace(id);
  call& c = it->second;
  c.id = id;
  next_billing_ = (next_billing_ + 1) & 0xffffff;
  if (next_billing_ == 0) next_billing_ = 1;
  c.billing = {s_.mscid, next_billing_, 0};
  if (!s_.platform_prefix.empty()) c.calling = calling;
  c.begun = clock_type::now();
  touch(c);
  const auto ai = make_analyzed_information(s_, c.billing, called, calling);
  c.msid = ai.msid;
  if (s_.trace)
    trace(c, "tx Query AnalyzedInformation BillingID " + std::to_string(c.billing.mscid) + "/" +
                 std::to_string(c.billing.id_number) + "/0 TriggerType " +
                 ansi41::trigger_name(s_.win_trigger_type) + " dialed " + called);
  auto r = layer_->invoke(
      id, {1, {}, ansi41::opcode::analyzed_information(), ansi41::encode(ai), {}, {}});
  if (r) r = layer_->begin(id, true);
  if (!r) {
    (void)layer_->u_abort(id);
    c.trigger_open = false;
    fail(c, failure_kind::send_failed, std::string("Query: ") + tcap::to_string(r.error()));
    finish(c);
    return 0;
  }
  if (s_.sc.what == scenario::kind::abandon)
    run_later(c, c.abandon_timer, std::max(s_.sc.after, milliseconds(1)),
              &win_engine::abandon_fired);
  arm_sweep();
  return id;
}

void win_engine::abort_all() {
  std::vector<dialogue_id> ids;
  ids.reserve(calls_.size());
  for (const auto& [id, c] : calls_) ids.push_back(id);
  for (const auto id : ids)
    if (call* c = find(id)) abort_call(*c, failure_kind::timeout, "aborted at shutdown");
  if (sweep_timer_ != 0) timers_.cancel(sweep_timer_);
  sweep_timer_ = 0;
}

// --- TC indications ------------------------------------------------------------------

void win_engine::on_dialogue(const tcap::dialogue_ind& ind) {
  if (call* c = find(ind.id)) {
    touch(*c);
    if (ind.type == tcap::dialogue_ind_kind::end) c->trigger_open = false;
    trigger_package(*c, ind);
    return;
  }
  if (call* c = owner_of_event(ind.id)) {
    touch(*c);
    event_package(*c, ind);
    return;
  }
  // Nothing here expects transactions opened by the SCP (CallControlDirective
  // is not used by the CMR flows), nor packages of forgotten ones.
  CMR_LOG(ssf, notice, "ANSI TCAP package for unknown transaction 0x%08x: aborted", ind.id);
  if (ind.type != tcap::dialogue_ind_kind::end) (void)layer_->u_abort(ind.id);
}

void win_engine::on_u_abort(const tcap::u_abort_ind& ind) {
  if (call* c = find(ind.id)) {
    c->trigger_open = false;
    trace(*c, "rx Abort (user) on the AnalyzedInformation transaction");
    return abort_call(*c, failure_kind::u_abort, "Abort (user) from the SCP");
  }
  if (call* c = owner_of_event(ind.id)) {
    const std::string on = std::string(" on ") + event_name(ind.id);
    forget_event(*c, ind.id);
    trace(*c, "rx Abort (user)" + on);
    abort_call(*c, failure_kind::u_abort, "Abort (user) from the SCP" + on);
  }
}

void win_engine::on_p_abort(const tcap::p_abort_ind& ind) {
  const std::string what =
      std::string("Abort ") + tcap::to_string(ind.reason) + (ind.local ? " (local)" : "");
  if (call* c = find(ind.id)) {
    c->trigger_open = false;
    trace(*c, "rx " + what);
    return abort_call(*c, failure_kind::p_abort, what);
  }
  if (call* c = owner_of_event(ind.id)) {
    const std::string on = std::string(" on ") + event_name(ind.id);
    forget_event(*c, ind.id);
    trace(*c, "rx " + what + on);
    abort_call(*c, failure_kind::p_abort, what + on);
  }
}

void win_engine::on_l_cancel(const tcap::l_cancel_ind& ind) {
  // Every invoke this MSC sends is class 1: its timer ending means no answer.
  const char* name = ansi41::operation_name(ind.opcode);
  const std::string what =
      std::string("no result for ") + (name != nullptr ? name : std::to_string(ind.opcode));
  if (call* c = find(ind.id)) return abort_call(*c, failure_kind::timeout, what);
  if (call* c = owner_of_event(ind.id)) abort_call(*c, failure_kind::timeout, what);
}

void win_engine::on_notice(const tcap::notice_ind& ind) {
  call* c = find(ind.id);
  if (c == nullptr) c = owner_of_event(ind.id);
  if (c != nullptr) abort_call(*c, failure_kind::send_failed, "N-NOTICE: returned by SCCP");
}

// --- the end of a call ----------------------------------------------------------------------

void win_engine::set_outcome(call& c, call_outcome o) {
  c.outcome = o;
  c.outcome_set = true;
}

void win_engine::fail(call& c, failure_kind k, std::string detail) {
  if (c.failure != failure_kind::none) return;
  c.failure = k;
  CMR_LOG(ssf, info, "call 0x%08x failed (%s): %s", c.id, to_string(k), detail.c_str());
  c.detail = std::move(detail);
}

void win_engine::end_call(call& c) {
  c.ph = win_phase::over;
  cancel_timers(c);
  close_bearer(c);
  close_trunk(c);
  maybe_finish(c);
}

void win_engine::abort_call(call& c, failure_kind k, std::string detail) {
  fail(c, k, std::move(detail));
  c.ph = win_phase::over;
  cancel_timers(c);
  close_bearer(c);
  close_trunk(c);
  if (c.trigger_open) {
    (void)layer_->u_abort(c.id);
    c.trigger_open = false;
  }
  for (const auto tx : c.events_open) {
    (void)layer_->u_abort(tx);
    event_owner_.erase(tx);
  }
  c.events_open.clear();
  finish(c);
}

void win_engine::maybe_finish(call& c) {
  if (c.ph == win_phase::over && !c.trigger_open && c.events_open.empty()) finish(c);
}

void win_engine::forget_event(call& c, dialogue_id tx) {
  event_owner_.erase(tx);
  std::erase(c.events_open, tx);
}

void win_engine::finish(call& c) {
  cancel_timers(c);
  call_record r;
  r.id = c.id;
  r.failure = c.failure;
  r.outcome = c.failure != failure_kind::none ? call_outcome::failed : c.outcome;
  r.has_setup = c.has_setup;
  r.setup = c.setup;
  r.detail = std::move(c.detail);
  trace(c, std::string("call over: ") + to_string(r.outcome));
  calls_.erase(c.id);  // c is gone
  observer_.call_finished(r);
}

// --- guard ----------------------------------------------------------------------------------

void win_engine::arm_sweep() {
  if (sweep_timer_ != 0) return;
  sweep_timer_ = timers_.start(std::chrono::seconds(1), [this] {
    sweep_timer_ = 0;
    sweep();
  });
}

void win_engine::sweep() {
  const auto now = timers_.now();
  std::vector<dialogue_id> late;
  for (const auto& [id, c] : calls_)
    if (c.deadline <= now) late.push_back(id);
  for (const auto id : late) {
    if (call* c = find(id)) {
      trace(*c, "no progress for the call timeout: Abort");
      abort_call(*c, failure_kind::timeout, "no progress within the call timeout");
    }
  }
  if (!calls_.empty()) arm_sweep();
}

}  // namespace cmr::tools::ssf
