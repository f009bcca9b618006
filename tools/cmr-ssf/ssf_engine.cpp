// The call model's TC-user side: calls opened and ended, the dialogue
// indications, the components of a message dispatched (invokes to
// engine_operations.cpp), what a message queued sent as one TC-CONTINUE or
// TC-END, and the sweep that aborts calls without progress.
#include "tools/cmr-ssf/ssf_engine.h"

#include <vector>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/tcap/operation_table.h"
#include "tools/cmr-ssf/log.h"

namespace cmr::tools::ssf {

namespace op = codec::opcode;
using tcap::component_ind;
using clock_type = std::chrono::steady_clock;

namespace {

std::string op_name(std::int32_t code) {
  static const tcap::operation_table names = tcap::operation_table::cap_inap_defaults();
  if (const auto* spec = names.find(code)) return spec->name;
  return "op" + std::to_string(code);
}

}  // namespace

ssf_engine::ssf_engine(cmr::timer_service& timers, ssf_settings settings, bearer_service* bearers,
                       call_observer& observer)
    : timers_(timers),
      s_(std::move(settings)),
      bearers_(bearers),
      observer_(observer),
      reports_(s_.variant) {
  srr_ = codec::encode_specialized_resource_report(s_.variant, {});
  ica_result_ = codec::encode_initiate_call_attempt_result(s_.variant, {});
  calls_.reserve(1024);
}

ssf_engine::~ssf_engine() {
  if (sweep_timer_ != 0) timers_.cancel(sweep_timer_);
  for (auto& [id, c] : calls_) {
    if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
    if (c.abandon_timer != 0) timers_.cancel(c.abandon_timer);
  }
}

void ssf_engine::touch(call& c) {
  c.deadline = timers_.now() + s_.call_timeout;
}

ssf_engine::call* ssf_engine::find(dialogue_id id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

void ssf_engine::trace(const call& c, const std::string& line) {
  if (s_.trace) observer_.trace(c.id, line);
}

dialogue_id ssf_engine::start_call(const codec::bytes& idp, const std::string& calling) {
  const dialogue_id id = layer_->open(s_.scp, ssf_context(s_.variant));
  auto [it, inserted] = calls_.try_emplace(id);
  call& c = it->second;
  c.id = id;
  if (!s_.platform_prefix.empty()) c.calling = calling;
  c.begun = clock_type::now();
  touch(c);
  if (s_.trace) trace(c, "tx TC-BEGIN InitialDP (" + std::string(protocol_name(s_.variant)) + ")");
  auto r = layer_->invoke(id, {1, {}, op::initial_dp, idp, {}, {}});
  if (r) r = layer_->begin(id);
  if (!r) {
    (void)layer_->u_abort(id);
    fail(c, failure_kind::send_failed, std::string("TC-BEGIN: ") + tcap::to_string(r.error()));
    finish(c);
    return 0;
  }
  if (s_.sc.what == scenario::kind::abandon)
    run_later(c, c.abandon_timer, std::max(s_.sc.after, milliseconds(1)),
              &ssf_engine::abandon_fired);
  arm_sweep();
  return id;
}

dialogue_id ssf_engine::place_call(std::uint64_t pair, const std::string& called,
                                   const std::string& calling) {
  constexpr std::uint64_t cached_pairs = 65536;
  if (pair >= cached_pairs) return start_call(encode_idp(s_, called, calling), calling);
  if (idps_.size() <= pair) idps_.resize(pair + 1);
  codec::bytes& idp = idps_[pair];
  if (idp.empty()) idp = encode_idp(s_, called, calling);
  return start_call(idp, calling);
}

void ssf_engine::abort_all() {
  std::vector<dialogue_id> ids;
  ids.reserve(calls_.size());
  for (const auto& [id, c] : calls_) ids.push_back(id);
  for (const auto id : ids) {
    call* c = find(id);
    if (c == nullptr) continue;
    (void)layer_->u_abort(id);
    fail(*c, failure_kind::timeout, "aborted at shutdown");
    finish(*c);
  }
  if (sweep_timer_ != 0) timers_.cancel(sweep_timer_);
  sweep_timer_ = 0;
}

// --- TC indications ------------------------------------------------------------------

void ssf_engine::on_dialogue(const tcap::dialogue_ind& ind) {
  call* cp = find(ind.id);
  if (cp == nullptr) {
    // Nothing here opens dialogues toward the SSF (no gsmSCF-initiated calls).
    CMR_LOG(ssf, notice, "TC-%s for unknown dialogue %u: aborted",
            ind.type == tcap::dialogue_ind_kind::begin ? "BEGIN" : "CONTINUE", ind.id);
    if (ind.type != tcap::dialogue_ind_kind::end) (void)layer_->u_abort(ind.id);
    return;
  }
  call& c = *cp;
  const auto now = clock_type::now();
  if (!c.has_setup) {
    c.has_setup = true;
    c.setup = std::chrono::duration_cast<std::chrono::microseconds>(now - c.begun);
  }
  touch(c);
  if (s_.trace) {
    std::string line = ind.type == tcap::dialogue_ind_kind::end ? "rx TC-END" : "rx TC-CONTINUE";
    for (const auto& comp : ind.components) {
      switch (comp.type) {
        case component_ind::kind::invoke:
          line += " " + op_name(comp.code);
          break;
        case component_ind::kind::u_error:
          line += " ReturnError(" + std::to_string(comp.code) + ")";
          break;
        case component_ind::kind::result_last:
        case component_ind::kind::result_not_last:
          line += " ReturnResult";
          break;
        default:
          line += " Reject";
          break;
      }
    }
    trace(c, line);
  }
  if (ind.type == tcap::dialogue_ind_kind::begin) {
    (void)layer_->u_abort(c.id);
    fail(c, failure_kind::unexpected, "TC-BEGIN on a call dialogue");
    finish(c);
    return;
  }
  c.ended_by_peer = ind.type == tcap::dialogue_ind_kind::end;
  for (const auto& comp : ind.components) process(c, comp);
  after_message(c);
}

void ssf_engine::on_u_abort(const tcap::u_abort_ind& ind) {
  call* c = find(ind.id);
  if (c == nullptr) return;
  trace(*c, ind.ac_not_supported ? "rx TC-U-ABORT (application context not supported)"
                                 : "rx TC-U-ABORT");
  fail(*c, ind.ac_not_supported ? failure_kind::refused : failure_kind::u_abort,
       ind.ac_not_supported ? "dialogue refused: application context not supported" : "TC-U-ABORT");
  finish(*c);
}

void ssf_engine::on_p_abort(const tcap::p_abort_ind& ind) {
  call* c = find(ind.id);
  if (c == nullptr) return;
  const std::string what =
      std::string("TC-P-ABORT ") + tcap::to_string(ind.reason) + (ind.local ? " (local)" : "");
  trace(*c, "rx " + what);
  fail(*c, failure_kind::p_abort, what);
  finish(*c);
}

void ssf_engine::on_l_cancel(const tcap::l_cancel_ind& ind) {
  // Our invocations are InitialDP (class 2), EventReportBCSM and
  // SpecializedResourceReport (class 4): their timer ending means success.
  if (ind.opcode == op::initial_dp || ind.opcode == op::event_report_bcsm ||
      ind.opcode == op::specialized_resource_report)
    return;
  if (call* c = find(ind.id)) fail(*c, failure_kind::timeout, "TC-L-CANCEL " + op_name(ind.opcode));
}

void ssf_engine::on_notice(const tcap::notice_ind& ind) {
  if (call* c = find(ind.id)) fail(*c, failure_kind::send_failed, "TC-NOTICE");
}

// --- components ----------------------------------------------------------------------

void ssf_engine::process(call& c, const component_ind& comp) {
  switch (comp.type) {
    case component_ind::kind::invoke:
      process_invoke(c, comp);
      return;
    case component_ind::kind::result_last:
    case component_ind::kind::result_not_last:
      fail(c, failure_kind::unexpected, "ReturnResult for an operation without result");
      break;
    case component_ind::kind::u_error:
      fail(c, failure_kind::scp_error, "ReturnError " + std::to_string(comp.code));
      break;
    case component_ind::kind::l_reject:
      fail(c, failure_kind::bad_component, "faulty component from the SCP (TC-L-REJECT)");
      break;
    case component_ind::kind::r_reject:
    case component_ind::kind::u_reject:
      fail(c, failure_kind::rejected,
           "the SCP rejected invoke " +
               (comp.invoke_id ? std::to_string(*comp.invoke_id) : std::string("?")));
      break;
  }
  c.end_now = true;
}

// The message's components are processed: what they asked for happens now,
// in this order (a bearer before the call proceeds), then one send.
void ssf_engine::after_message(call& c) {
  if (c.ended_by_peer) {
    // The outcome stands (busy, no answer, released ...); a TC-END letting
    // the call go unmonitored makes it "continued".
    if (c.proceed_pending && !c.outcome_set) set_outcome(c, call_outcome::continued);
    trace(c, "dialogue ended by the SCP");
    finish(c);
    return;
  }
  if (c.bearer_requested && !c.end_now) open_bearer(c);
  if (c.proceed_pending && !c.end_now) {
    c.proceed_pending = false;
    proceed(c);
  }
  flush(c);
}

// --- sending ------------------------------------------------------------------------------

bool ssf_engine::check(call& c, const result<void, tcap::tc_error>& r, const char* what) {
  if (r) return true;
  fail(c, failure_kind::send_failed, std::string(what) + ": " + tcap::to_string(r.error()));
  return false;
}

bool ssf_engine::queue_invoke(call& c, std::int32_t opcode, const codec::bytes& arg) {
  c.tx_pending = true;
  return check(c, layer_->invoke(c.id, {c.next_invoke++, {}, opcode, arg, {}, {}}), "invoke");
}

bool ssf_engine::queue_result(call& c, std::int8_t invoke_id, std::int32_t opcode,
                              std::optional<codec::bytes> param) {
  c.tx_pending = true;
  return check(c, layer_->result_last(c.id, invoke_id, opcode, std::move(param)), "result");
}

bool ssf_engine::queue_error(call& c, std::int8_t invoke_id, std::int32_t error) {
  c.tx_pending = true;
  return check(c, layer_->u_error(c.id, invoke_id, error), "error");
}

void ssf_engine::flush(call& c) {
  if (c.end_now) {
    if (!c.has_setup) {
      (void)layer_->u_abort(c.id);
      trace(c, "tx TC-U-ABORT (before the SCP answered)");
    } else {
      trace(c, "tx TC-END");
      check(c, layer_->end(c.id), "TC-END");
    }
    finish(c);
    return;
  }
  if (!c.tx_pending) return;
  c.tx_pending = false;
  trace(c, "tx TC-CONTINUE");
  check(c, layer_->continue_(c.id), "TC-CONTINUE");
}

// --- the end of a call ----------------------------------------------------------------------

void ssf_engine::set_outcome(call& c, call_outcome o) {
  c.outcome = o;
  c.outcome_set = true;
}

void ssf_engine::fail(call& c, failure_kind k, std::string detail) {
  if (c.failure != failure_kind::none) return;
  c.failure = k;
  CMR_LOG(ssf, info, "call %u failed (%s): %s", c.id, to_string(k), detail.c_str());
  c.detail = std::move(detail);
}

void ssf_engine::finish(call& c) {
  cancel_timers(c);
  close_bearer(c);
  call_record r;
  r.id = c.id;
  r.failure = c.failure;
  r.outcome = c.failure != failure_kind::none ? call_outcome::failed : c.outcome;
  r.has_setup = c.has_setup;
  r.setup = c.setup;
  r.detail = std::move(c.detail);
  calls_.erase(c.id);  // c is gone
  observer_.call_finished(r);
}

// --- guard ----------------------------------------------------------------------------------

// One timer for all calls: a call without progress for the call timeout is
// aborted (a timer per call would cost the load path).
void ssf_engine::arm_sweep() {
  if (sweep_timer_ != 0) return;
  sweep_timer_ = timers_.start(std::chrono::seconds(1), [this] {
    sweep_timer_ = 0;
    sweep();
  });
}

void ssf_engine::sweep() {
  const auto now = timers_.now();
  std::vector<dialogue_id> late;
  for (const auto& [id, c] : calls_)
    if (c.deadline <= now) late.push_back(id);
  for (const auto id : late) {
    call* c = find(id);
    if (c == nullptr) continue;
    trace(*c, "no progress for the call timeout: tx TC-U-ABORT");
    (void)layer_->u_abort(id);
    fail(*c, failure_kind::timeout, "no progress within the call timeout");
    finish(*c);
  }
  if (!calls_.empty()) arm_sweep();
}

}  // namespace cmr::tools::ssf
