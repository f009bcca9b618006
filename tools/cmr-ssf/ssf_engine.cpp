#include "tools/cmr-ssf/ssf_engine.h"

#include <algorithm>

#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/tcap/operation_table.h"
#include "tools/cmr-ssf/log.h"

namespace cmr::tools::ssf {

namespace op = codec::opcode;
using codec::event_type_bcsm;
using tcap::component_ind;
using clock_type = std::chrono::steady_clock;

namespace {

const tcap::operation_table& op_names() {
  static const tcap::operation_table t = tcap::operation_table::cap_inap_defaults();
  return t;
}

std::string op_name(std::int32_t code) {
  if (const auto* spec = op_names().find(code)) return spec->name;
  return "op" + std::to_string(code);
}

// The t- and o- event of each class.
std::pair<event_type_bcsm, event_type_bcsm> events_of(ssf_engine::ev what) {
  switch (what) {
    case ssf_engine::ev::answer: return {event_type_bcsm::t_answer, event_type_bcsm::o_answer};
    case ssf_engine::ev::busy: return {event_type_bcsm::t_busy, event_type_bcsm::o_called_party_busy};
    case ssf_engine::ev::no_answer: return {event_type_bcsm::t_no_answer, event_type_bcsm::o_no_answer};
    case ssf_engine::ev::abandon: return {event_type_bcsm::t_abandon, event_type_bcsm::o_abandon};
    case ssf_engine::ev::disconnect: break;
  }
  return {event_type_bcsm::t_disconnect, event_type_bcsm::o_disconnect};
}

// EventSpecificInformationBCSM alternative and cause of a report.
std::optional<codec::event_specific_info> info_of(event_type_bcsm e) {
  codec::event_specific_info i;
  switch (e) {
    case event_type_bcsm::o_called_party_busy: i.alternative = 3; i.cause = codec::bytes{0x80, 0x91}; break;
    case event_type_bcsm::o_no_answer: i.alternative = 4; break;
    case event_type_bcsm::o_answer: i.alternative = 5; break;
    case event_type_bcsm::o_disconnect: i.alternative = 7; i.cause = codec::bytes{0x80, 0x90}; break;
    case event_type_bcsm::t_busy: i.alternative = 8; i.cause = codec::bytes{0x80, 0x91}; break;
    case event_type_bcsm::t_no_answer: i.alternative = 9; break;
    case event_type_bcsm::t_answer: i.alternative = 10; break;
    case event_type_bcsm::t_disconnect: i.alternative = 12; i.cause = codec::bytes{0x80, 0x90}; break;
    default: return std::nullopt;
  }
  return i;
}

std::string hex(const codec::bytes& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto x : b) {
    s += d[x >> 4];
    s += d[x & 15];
  }
  return s;
}

}  // namespace

codec::bytes encode_idp(const ssf_settings& s, const std::string& called, const std::string& calling) {
  codec::initial_dp i;
  i.service_key = s.service_key;
  i.called_party_number = codec::encode_q763_number(codec::q763_kind::called, {4, 1, false, 0, 0, 0, called});
  if (!calling.empty())
    i.calling_party_number =
        codec::encode_q763_number(codec::q763_kind::calling, {4, 1, false, 0, 3, 0, calling});
  i.calling_partys_category = 10;  // ordinary subscriber
  i.event_type = s.trigger;
  if (codec::is_cap(s.variant)) {
    i.imsi = codec::bytes{0x62, 0x02, 0x10, 0x32, 0x54, 0x76, 0x98, 0xf0};
    i.msc_address = codec::isdn_address{1, 1, "491720000001"};
  }
  return codec::encode_initial_dp(s.variant, i);
}

ssf_engine::ssf_engine(cmr::timer_service& timers, ssf_settings settings, bearer_service* bearers,
                       call_observer& observer)
    : timers_(timers), s_(std::move(settings)), bearers_(bearers), observer_(observer) {
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

void ssf_engine::touch(call& c) { c.deadline = timers_.now() + s_.call_timeout; }

ssf_engine::call* ssf_engine::find(dialogue_id id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

void ssf_engine::trace(const call& c, const std::string& line) {
  if (s_.trace) observer_.trace(c.id, line);
}

dialogue_id ssf_engine::start_call(const codec::bytes& idp) {
  const dialogue_id id = layer_->open(s_.scp, ssf_context(s_.variant));
  auto [it, inserted] = calls_.try_emplace(id);
  call& c = it->second;
  c.id = id;
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
    run_later(c, c.abandon_timer, std::max(s_.sc.after, milliseconds(1)), &ssf_engine::abandon_fired);
  arm_sweep();
  return id;
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
        case component_ind::kind::invoke: line += " " + op_name(comp.code); break;
        case component_ind::kind::u_error: line += " ReturnError(" + std::to_string(comp.code) + ")"; break;
        case component_ind::kind::result_last:
        case component_ind::kind::result_not_last: line += " ReturnResult"; break;
        default: line += " Reject"; break;
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
  trace(*c, ind.ac_not_supported ? "rx TC-U-ABORT (application context not supported)" : "rx TC-U-ABORT");
  fail(*c, ind.ac_not_supported ? failure_kind::refused : failure_kind::u_abort,
       ind.ac_not_supported ? "dialogue refused: application context not supported" : "TC-U-ABORT");
  finish(*c);
}

void ssf_engine::on_p_abort(const tcap::p_abort_ind& ind) {
  call* c = find(ind.id);
  if (c == nullptr) return;
  const std::string what = std::string("TC-P-ABORT ") + tcap::to_string(ind.reason) + (ind.local ? " (local)" : "");
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
           "the SCP rejected invoke " + (comp.invoke_id ? std::to_string(*comp.invoke_id) : std::string("?")));
      break;
  }
  c.end_now = true;
}

void ssf_engine::process_invoke(call& c, const component_ind& comp) {
  const std::int32_t code = comp.code;
  const std::int8_t iid = comp.invoke_id.value_or(0);
  const auto v = s_.variant;
  const codec::in_bytes arg = comp.parameter ? codec::in_bytes(*comp.parameter) : codec::in_bytes();
  auto bad = [&](const char* what) {
    (void)layer_->u_reject(c.id, iid, tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
    c.tx_pending = true;
    fail(c, failure_kind::bad_component, std::string("undecodable ") + what);
    c.end_now = true;
  };
  auto out_of_sequence = [&](const std::string& why) {
    queue_error(c, iid, codec::error_code::unexpected_component_sequence);
    fail(c, failure_kind::unexpected, why);
    c.end_now = true;
  };

  switch (code) {
    case op::request_report_bcsm_event: {
      auto r = codec::decode_request_report_bcsm_event(v, arg);
      if (!r) return bad("RequestReportBCSMEvent");
      for (const auto& e : r->events) arm(c, e);
      return;
    }
    case op::connect_to_resource: {
      if (!codec::decode_connect_to_resource(v, arg)) return bad("ConnectToResource");
      c.to_resource = true;
      c.bearer_invoke = iid;
      c.bearer_opcode = code;
      return;
    }
    case op::establish_temporary_connection: {
      auto r = codec::decode_establish_temporary_connection(v, arg);
      if (!r) return bad("EstablishTemporaryConnection");
      auto n = codec::decode_q763_number(codec::q763_kind::generic, r->assisting_ssp_ip_routing_address);
      if (!n || n->digits.empty()) return bad("assistingSSPIPRoutingAddress");
      c.temporary = true;
      c.bearer_invoke = iid;
      c.bearer_opcode = code;
      trace(c, "ETC routing " + n->digits + (r->correlation_id ? " correlationID " + hex(*r->correlation_id) : ""));
      if (!s_.no_bearer) {
        c.pending_bearer = {};
        c.pending_bearer.call = c.id;
        c.pending_bearer.routing_digits = n->digits;
        c.bearer_requested = true;
      }
      return;
    }
    case op::play_announcement: {
      auto r = codec::decode_play_announcement(v, arg);
      if (!r) return bad("PlayAnnouncement");
      if (!c.to_resource) return out_of_sequence("PlayAnnouncement without ConnectToResource");
      const bool wants_report = r->request_announcement_complete.value_or(true);
      if (wants_report) c.pa_invoke = iid;
      trace(c, "PA messageID " + std::to_string(r->message_id) + " repetitions " +
                   (r->number_of_repetitions ? std::to_string(*r->number_of_repetitions) : "-") + " duration " +
                   (r->duration ? std::to_string(*r->duration) : "-") + (wants_report ? " report" : ""));
      if (s_.no_bearer) {
        if (wants_report) send_srr(c);
        return;
      }
      c.pending_bearer = {};
      c.pending_bearer.call = c.id;
      c.pending_bearer.announcement_id = r->message_id;
      c.pending_bearer.bounded_by_duration = r->duration.has_value();
      if (r->number_of_repetitions) c.pending_bearer.repetitions = r->number_of_repetitions;
      else if (!r->duration) c.pending_bearer.repetitions = 1;
      c.bearer_requested = true;
      c.bearer_invoke = iid;
      c.bearer_opcode = code;
      return;
    }
    case op::dfc_with_argument:
      if (!codec::decode_dfc_with_argument(v, arg)) return bad("DisconnectForwardConnectionWithArgument");
      [[fallthrough]];
    case op::disconnect_forward_connection:
      c.bearer_requested = false;
      close_bearer(c, true);
      c.to_resource = c.temporary = false;
      c.pa_invoke.reset();
      return;
    case op::continue_:
      c.proceed_pending = true;
      return;
    case op::continue_with_argument: {
      auto r = codec::decode_continue_with_argument(v, arg);
      if (!r) return bad("ContinueWithArgument");
      if (r->alerting_pattern) trace(c, "alertingPattern " + hex(*r->alerting_pattern));
      c.proceed_pending = true;
      return;
    }
    case op::connect: {
      auto r = codec::decode_connect(v, arg);
      if (!r) return bad("Connect");
      if (r->alerting_pattern) trace(c, "alertingPattern " + hex(*r->alerting_pattern));
      c.proceed_pending = true;
      return;
    }
    case op::release_call: {
      auto r = codec::decode_release_call(v, arg);
      if (!r) return bad("ReleaseCall");
      trace(c, "released, cause " + hex(r->cause));
      cancel_timers(c);
      close_bearer(c, true);
      c.bearer_requested = false;
      c.proceed_pending = false;
      c.ph = phase::released;
      if (!c.outcome_set) set_outcome(c, call_outcome::released);
      return;
    }
    case op::initiate_call_attempt: {
      if (v != protocol_variant::cap_v4) return out_of_sequence("InitiateCallAttempt outside CAP v4");
      auto r = codec::decode_initiate_call_attempt(v, arg);
      if (!r) return bad("InitiateCallAttempt");
      if (c.ph != phase::setup) return out_of_sequence("InitiateCallAttempt after the call proceeded");
      queue_result(c, iid, code, ica_result_.empty() ? std::nullopt : std::optional<codec::bytes>(ica_result_));
      c.callee_leg = r->leg_to_be_created ? r->leg_to_be_created->leg : 3;
      trace(c, "ICA leg " + std::to_string(c.callee_leg) + " alerting, leg 2 released");
      c.proceed_pending = true;  // alerting the new leg
      return;
    }
    case op::move_leg: {
      if (!codec::decode_move_leg(v, arg)) return bad("MoveLeg");
      queue_result(c, iid, code);
      return;
    }
    case op::disconnect_leg: {
      auto r = codec::decode_disconnect_leg(v, arg);
      if (!r) return bad("DisconnectLeg");
      if (r->leg.leg == c.callee_leg) {
        c.callee_leg_released = true;
        if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
        c.scenario_timer = 0;
      }
      queue_result(c, iid, code);
      return;
    }
    case op::reset_timer:
      if (!codec::decode_reset_timer(v, arg)) return bad("ResetTimer");
      return;
    case op::cancel:
      if (!codec::decode_cancel(v, arg)) return bad("Cancel");
      return;
    case op::activity_test:
      queue_result(c, iid, code);
      return;
    default:
      (void)layer_->u_reject(c.id, iid, tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
      c.tx_pending = true;
      fail(c, failure_kind::unexpected, "unknown operation " + std::to_string(code));
      c.end_now = true;
      return;
  }
}

// --- events ----------------------------------------------------------------------------

void ssf_engine::arm(call& c, const codec::bcsm_event& e) {
  const std::uint8_t leg = e.leg ? e.leg->leg : 0;
  auto* end = c.armed.begin() + c.n_armed;
  auto* it = std::find_if(c.armed.begin(), end,
                          [&](const armed_event& a) { return a.event == e.event && a.leg == leg; });
  if (e.mode == codec::monitor_mode::transparent) {
    if (it != end) {
      *it = c.armed[c.n_armed - 1];
      --c.n_armed;
    }
    return;
  }
  const armed_event a{e.event, leg, e.mode, e.application_timer};
  if (it != end) *it = a;
  else if (c.n_armed < c.armed.size()) c.armed[c.n_armed++] = a;
}

const ssf_engine::armed_event* ssf_engine::find_armed(const call& c, ev what, std::uint8_t leg) const {
  const auto [t, o] = events_of(what);
  const bool any_leg = what == ev::abandon || what == ev::disconnect;
  for (std::uint8_t i = 0; i < c.n_armed; ++i) {
    const auto& a = c.armed[i];
    if ((a.event == t || a.event == o) && (any_leg || a.leg == 0 || a.leg == leg)) return &a;
  }
  return nullptr;
}

const codec::bytes& ssf_engine::report_bytes(event_type_bcsm e, std::uint8_t leg, bool notify) {
  for (const auto& r : reports_)
    if (r.event == e && r.leg == leg && r.notify == notify) return r.bytes;
  codec::event_report_bcsm erb;
  erb.event = e;
  erb.info = info_of(e);
  erb.leg = codec::leg_id{false, leg};
  erb.misc = codec::misc_call_info{notify, std::nullopt};
  codec::bytes b = codec::encode_event_report_bcsm(s_.variant, erb);
  if (b.empty()) {
    erb.info.reset();
    b = codec::encode_event_report_bcsm(s_.variant, erb);
  }
  reports_.push_back({e, leg, notify, std::move(b)});
  return reports_.back().bytes;
}

void ssf_engine::set_outcome(call& c, call_outcome o) {
  c.outcome = o;
  c.outcome_set = true;
}

void ssf_engine::occur(call& c, ev what, std::uint8_t leg) {
  switch (what) {
    case ev::answer: set_outcome(c, call_outcome::answered); c.answered_once = true; break;
    case ev::busy: set_outcome(c, call_outcome::busy); break;
    case ev::no_answer: set_outcome(c, call_outcome::no_answer); break;
    case ev::abandon: set_outcome(c, call_outcome::abandoned); break;
    case ev::disconnect: if (!c.outcome_set) set_outcome(c, call_outcome::answered); break;
  }
  static const char* const names[] = {"answer", "busy", "no answer", "abandon", "disconnect"};
  const bool ending = what != ev::answer;
  if (const armed_event* a = find_armed(c, what, leg)) {
    const armed_event hit = *a;
    const auto idx = static_cast<std::size_t>(a - c.armed.data());
    c.armed[idx] = c.armed[c.n_armed - 1];
    --c.n_armed;
    const bool notify = hit.mode == codec::monitor_mode::notify_and_continue;
    const std::uint8_t report_leg = hit.leg != 0 ? hit.leg : (leg != 0 ? leg : c.callee_leg);
    if (s_.trace)
      trace(c, std::string("event ") + names[static_cast<int>(what)] + ": report " +
                   std::to_string(static_cast<int>(hit.event)) + " leg " + std::to_string(report_leg) +
                   (notify ? " EDP-N" : " EDP-R"));
    queue_invoke(c, op::event_report_bcsm, report_bytes(hit.event, report_leg, notify));
    if (!notify) {
      c.ph = ending ? phase::ending_wait : phase::answer_wait;
      return;
    }
  } else if (s_.trace) {
    trace(c, std::string("event ") + names[static_cast<int>(what)] + " (not armed)");
  }
  if (ending) {
    cancel_timers(c);
    close_bearer(c, true);
    c.end_now = true;
    return;
  }
  start_hold(c);
}

void ssf_engine::proceed(call& c) {
  switch (c.ph) {
    case phase::setup: start_alerting(c); return;
    case phase::answer_wait: start_hold(c); return;
    case phase::ending_wait:
      if (c.callee_leg_released) {
        // CPH DisconnectLeg + ContinueWithArgument: the original call goes on.
        c.callee_leg = 1;
        start_hold(c);
      } else {
        close_bearer(c, true);
        c.end_now = true;
      }
      return;
    case phase::alerting:
    case phase::talking:
    case phase::released: return;
  }
}

void ssf_engine::start_alerting(call& c) {
  c.ph = phase::alerting;
  switch (s_.sc.what) {
    case scenario::kind::answer:
    case scenario::kind::busy:
      run_later(c, c.scenario_timer, s_.sc.after, &ssf_engine::scenario_fired);
      return;
    case scenario::kind::no_answer: {
      milliseconds t = s_.sc.no_answer_time;
      if (const auto* a = find_armed(c, ev::no_answer, c.callee_leg); a && a->application_timer)
        t = std::chrono::seconds(*a->application_timer);
      run_later(c, c.scenario_timer, t, &ssf_engine::scenario_fired);
      return;
    }
    case scenario::kind::abandon: return;  // the abandon timer runs since the IDP
  }
}

void ssf_engine::start_hold(call& c) {
  c.ph = phase::talking;
  run_later(c, c.scenario_timer, s_.sc.hold, &ssf_engine::hold_fired);
}

void ssf_engine::scenario_fired(call& c) {
  if (c.ph != phase::alerting) return;
  switch (s_.sc.what) {
    case scenario::kind::answer: occur(c, ev::answer, c.callee_leg); return;
    case scenario::kind::busy: occur(c, ev::busy, c.callee_leg); return;
    case scenario::kind::no_answer: occur(c, ev::no_answer, c.callee_leg); return;
    case scenario::kind::abandon: return;
  }
}

void ssf_engine::hold_fired(call& c) {
  if (c.ph == phase::talking) occur(c, ev::disconnect, 0);
}

void ssf_engine::abandon_fired(call& c) {
  if (c.answered_once || (c.ph != phase::setup && c.ph != phase::alerting)) return;
  if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
  c.scenario_timer = 0;
  if (!c.has_setup) {
    // Still waiting for the SCP's first answer: nothing to report to.
    set_outcome(c, call_outcome::abandoned);
    c.end_now = true;
    return;
  }
  occur(c, ev::abandon, 1);
}

void ssf_engine::run_later(call& c, cmr::timer_service::timer_id& slot, milliseconds after,
                           void (ssf_engine::*fn)(call&)) {
  if (slot != 0) timers_.cancel(slot);
  slot = 0;
  if (after.count() <= 0) {
    (this->*fn)(c);
    return;
  }
  const bool abandon_slot = &slot == &c.abandon_timer;
  slot = timers_.start(after, [this, id = c.id, fn, abandon_slot] { timer_entry(id, fn, abandon_slot); });
}

void ssf_engine::timer_entry(dialogue_id id, void (ssf_engine::*fn)(call&), bool abandon_slot) {
  call* c = find(id);
  if (c == nullptr) return;
  (abandon_slot ? c->abandon_timer : c->scenario_timer) = 0;
  touch(*c);
  (this->*fn)(*c);
  flush(*c);
}

void ssf_engine::cancel_timers(call& c) {
  if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
  if (c.abandon_timer != 0) timers_.cancel(c.abandon_timer);
  c.scenario_timer = c.abandon_timer = 0;
}

// --- bearer ------------------------------------------------------------------------------

void ssf_engine::open_bearer(call& c) {
  c.bearer_requested = false;
  close_bearer(c, true);  // a new PA replaces a running play
  if (bearers_ == nullptr) return;
  const bearer_id b = bearers_->open(c.pending_bearer);
  if (b == 0) {
    bearer_end e;
    e.what = bearer_end::kind::failed;
    e.detail = "INVITE could not be sent";
    fail(c, failure_kind::bearer, e.detail);
    if (c.bearer_invoke)
      queue_error(c, *c.bearer_invoke,
                  c.bearer_opcode == op::establish_temporary_connection ? codec::error_code::etc_failed
                                                                        : codec::error_code::unavailable_resource);
    c.pa_invoke.reset();
    return;
  }
  c.bearer = b;
  if (s_.trace)
    trace(c, c.pending_bearer.announcement_id
                 ? "bearer INVITE play=cmr:" + std::to_string(*c.pending_bearer.announcement_id)
                 : "bearer INVITE " + c.pending_bearer.routing_digits);
}

void ssf_engine::close_bearer(call& c, bool /*play_interrupted*/) {
  if (c.bearer == 0 || bearers_ == nullptr) return;
  const bearer_id b = c.bearer;
  c.bearer = 0;
  const rtp_report r = bearers_->close(b);
  trace(c, "bearer BYE (switch side), RTP " + r.to_string());
  check_rtp(c, r);
}

void ssf_engine::check_rtp(call& c, const rtp_report& r) {
  if (r.ok) return;
  fail(c, r.packets == 0 ? failure_kind::rtp_missing : failure_kind::rtp_mismatch, "RTP: " + r.problem);
}

void ssf_engine::send_srr(call& c) {
  if (!c.pa_invoke) return;
  tcap::invoke_req req{c.next_invoke++, c.pa_invoke, op::specialized_resource_report, srr_, {}, {}};
  if (srr_.empty()) req.parameter.reset();
  c.pa_invoke.reset();
  if (s_.trace) trace(c, "tx SpecializedResourceReport (linked to the PA)");
  check(c, layer_->invoke(c.id, req), "invoke SRR");
  c.tx_pending = true;
}

void ssf_engine::bearer_up(std::uint32_t call_id, bearer_id id) {
  call* c = find(call_id);
  if (c == nullptr || c->bearer != id) return;
  touch(*c);
  trace(*c, "bearer 200 OK, RTP flowing");
}

void ssf_engine::bearer_ended(std::uint32_t call_id, bearer_id id, const bearer_end& end) {
  call* c = find(call_id);
  if (c == nullptr || c->bearer != id) return;
  c->bearer = 0;
  touch(*c);
  if (end.what == bearer_end::kind::failed) {
    trace(*c, "bearer failed: " + end.detail);
    fail(*c, failure_kind::bearer, "bearer: " + end.detail);
    if (c->bearer_invoke)
      queue_error(*c, *c->bearer_invoke,
                  c->bearer_opcode == op::establish_temporary_connection ? codec::error_code::etc_failed
                                                                         : codec::error_code::unavailable_resource);
    c->pa_invoke.reset();
  } else {
    trace(*c, "bearer BYE from the IP, RTP " + end.rtp.to_string());
    check_rtp(*c, end.rtp);
    send_srr(*c);
  }
  flush(*c);
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

void ssf_engine::after_message(call& c) {
  if (c.ended_by_peer) {
    if (c.proceed_pending && !c.outcome_set) set_outcome(c, call_outcome::continued);
    if (c.ph == phase::ending_wait || c.ph == phase::released || c.outcome_set) {
      // The outcome stands (busy, no answer, released ...).
    }
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

void ssf_engine::fail(call& c, failure_kind k, std::string detail) {
  if (c.failure != failure_kind::none) return;
  c.failure = k;
  CMR_LOG(ssf, info, "call %u failed (%s): %s", c.id, to_string(k), detail.c_str());
  c.detail = std::move(detail);
}

void ssf_engine::finish(call& c) {
  cancel_timers(c);
  close_bearer(c, true);
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
