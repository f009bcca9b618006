// The CDMA MSC's call flow (docs/cdma-delivery.md): what the SCP's packages
// on the AnalyzedInformation transaction ask for (ConnectResource,
// DisconnectResource, the anlyzd RETURN RESULT), the answers to the event
// triggers, and the scenario once the call proceeds: the callee's answer,
// busy or silence and the caller's abandon or hang-up, each sent to the SCP
// as an event trigger on a new transaction.
//
// Every path that may end a call (abort_call, end_call, occur, proceed,
// run_later with no delay) is the last thing a function does with it: the
// call may be gone afterwards.
#include "tools/cmr-ssf/win_engine.h"
#include "tools/cmr-ssf/win_messages.h"

namespace cmr::tools::ssf {

using tcap::component_ind;
using clock_type = std::chrono::steady_clock;

namespace {

std::string package_name(const tcap::dialogue_ind& ind) {
  switch (ind.type) {
    case tcap::dialogue_ind_kind::begin:
      return "Query";
    case tcap::dialogue_ind_kind::continue_:
      return "Conversation";
    case tcap::dialogue_ind_kind::end:
      break;
  }
  return "Response";
}

std::string components_text(const tcap::dialogue_ind& ind) {
  std::string s;
  for (const auto& comp : ind.components) {
    switch (comp.type) {
      case component_ind::kind::invoke: {
        const char* n = ansi41::operation_name(comp.code);
        s += std::string(" ") + (n != nullptr ? n : "op" + std::to_string(comp.code));
        break;
      }
      case component_ind::kind::result_last:
      case component_ind::kind::result_not_last:
        s += " RETURN-RESULT";
        break;
      case component_ind::kind::u_error:
        s += " RETURN-ERROR(" + std::to_string(comp.code & 0xff) + ")";
        break;
      default:
        s += " REJECT";
        break;
    }
  }
  return s.empty() ? " (no components)" : s;
}

std::string reject_text(const component_ind& comp) {
  return "invoke " + (comp.invoke_id ? std::to_string(*comp.invoke_id) : std::string("?"));
}

}  // namespace

// --- the AnalyzedInformation transaction ---------------------------------------------------

void win_engine::trigger_package(call& c, const tcap::dialogue_ind& ind) {
  if (!c.has_setup) {
    c.has_setup = true;
    c.setup = std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - c.begun);
  }
  if (s_.trace) trace(c, "rx " + package_name(ind) + components_text(ind));
  if (ind.type == tcap::dialogue_ind_kind::begin)
    return abort_call(c, failure_kind::unexpected, "Query on the call's own transaction");
  bool disconnect = false;
  bool result = false;
  for (const auto& comp : ind.components) {
    switch (comp.type) {
      case component_ind::kind::invoke:
        if (comp.code == ansi41::opcode::connect_resource()) {
          if (!connect_resource(c, comp)) return;
        } else if (comp.code == ansi41::opcode::disconnect_resource()) {
          disconnect = true;
        } else {
          const char* n = ansi41::operation_name(comp.code);
          return abort_call(c, failure_kind::unexpected,
                            std::string(n != nullptr ? n : "an unknown operation") +
                                " on the AnalyzedInformation transaction");
        }
        break;
      case component_ind::kind::result_last:
        if (!anlyzd_result(c, comp)) return;
        result = true;
        break;
      case component_ind::kind::result_not_last:
        return abort_call(c, failure_kind::unexpected, "RETURN RESULT (not last) for anlyzd");
      case component_ind::kind::u_error:
        return abort_call(c, failure_kind::scp_error,
                          "ReturnError " + std::to_string(comp.code & 0xff) + " for anlyzd");
      case component_ind::kind::l_reject:
        return abort_call(c, failure_kind::bad_component,
                          "faulty component from the SCP (TC-L-REJECT)");
      case component_ind::kind::r_reject:
      case component_ind::kind::u_reject:
        return abort_call(c, failure_kind::rejected, "the SCP rejected " + reject_text(comp));
    }
  }
  if (disconnect || (result && has_bearer(c))) {
    if (has_bearer(c))
      trace(c, std::string(disconnect ? "DisconnectResource: "
                                      : "anlyzd result without DisconnectResource: ") +
                   (c.bearer != 0 ? "BYE to the IP" : "the emulated bearer drops"));
    close_bearer(c);
  }
  if (!result) {
    if (ind.type != tcap::dialogue_ind_kind::end) return;  // the resource plays on
    // A Response without the result: the end the SCP gives an abandoned
    // call (docs/cdma-delivery.md), else a protocol error.
    if (c.ph == win_phase::over) return maybe_finish(c);
    return abort_call(c, failure_kind::unexpected,
                      "Response without the AnalyzedInformation RETURN RESULT");
  }
  if (c.trigger_open) {
    // The result came in a Conversation: nothing more is expected there.
    trace(c, "anlyzd result in a Conversation: tx Response");
    if (layer_->release_permitted(c.id))
      (void)layer_->end(c.id);
    else
      (void)layer_->u_abort(c.id);
    c.trigger_open = false;
  }
  if (c.ph == win_phase::over) return maybe_finish(c);  // abandoned meanwhile
  if (c.disconnect_ordered) {
    // ActionCode DisconnectCall: the SCP releases the call (as CAP's ReleaseCall).
    trace(c, "the SCP released the call");
    set_outcome(c, call_outcome::released);
    return end_call(c);
  }
  if (!c.platform_digits.empty() || c.resource_connected) return proceed(c);
  trace(c, "anlyzd result without instructions: the call proceeds unmonitored");
  set_outcome(c, call_outcome::continued);
  end_call(c);
}

// ConnectResource {DestinationDigits = TLDN}: the bearer to the IP. False
// when the call was aborted (undecodable).
bool win_engine::connect_resource(call& c, const component_ind& comp) {
  std::string why;
  std::optional<ansi41::connect_resource> cr;
  if (!comp.parameter) {
    why = "no parameter";
  } else if (auto r = ansi41::decode_connect_resource(*comp.parameter); !r) {
    why = r.error().parameter + " " + r.error().detail;
  } else if (r->destination.value.empty()) {
    why = "empty DestinationDigits";
  } else {
    cr = *r;
  }
  if (!cr) {
    // The transaction is aborted at once: the Reject would never be sent.
    abort_call(c, failure_kind::bad_component, "undecodable ConnectResource: " + why);
    return false;
  }
  if (c.ph == win_phase::over) {
    // Crossed the caller's abandon (ODisconnect sent): no bearer; the SCP
    // ends the transaction.
    trace(c, "ConnectResource after the caller abandoned: no bearer");
    return true;
  }
  if (c.ph != win_phase::query) {
    abort_call(c, failure_kind::unexpected, "ConnectResource after the call proceeded");
    return false;
  }
  c.ph = win_phase::resource;
  c.resource_connected = true;
  c.tldn = cr->destination.value;
  trace(c, "ConnectResource TLDN " + c.tldn);
  open_bearer(c);
  return true;
}

// The anlyzd RETURN RESULT: where the call goes. False when the call was
// aborted (undecodable).
bool win_engine::anlyzd_result(call& c, const component_ind& comp) {
  if (comp.invoke_id && *comp.invoke_id != 1) {
    abort_call(c, failure_kind::unexpected, "RETURN RESULT for an unknown invoke");
    return false;
  }
  ansi41::analyzed_information_result res;
  if (comp.parameter) {
    auto r = ansi41::decode_analyzed_information_result(*comp.parameter);
    if (!r) {
      abort_call(
          c, failure_kind::bad_component,
          "undecodable anlyzd RETURN RESULT: " + r.error().parameter + " " + r.error().detail);
      return false;
    }
    res = *r;
  }
  c.result_seen = true;
  const auto& prefix = s_.platform_prefix;
  if (res.routing_digits) {
    const std::string& d = res.routing_digits->value;
    if (!prefix.empty() && d.size() > prefix.size() && d.starts_with(prefix)) {
      c.platform_digits = d;
      trace(c, "RoutingDigits " + d + ": the platform, SIP trunk");
    } else {
      trace(c, "RoutingDigits " + d + " (not the platform prefix): routed as dialed");
    }
  }
  if (res.digits_dialed) trace(c, "Digits (Dialed) " + res.digits_dialed->value + ": routed there");
  if (res.termination) trace(c, "termination " + res.termination->value + ": routed there");
  if (res.action_code) {
    trace(c, "ActionCode " + std::to_string(*res.action_code));
    c.disconnect_ordered = *res.action_code == ansi41::action::disconnect_call;
  }
  return true;
}

// --- event triggers -------------------------------------------------------------------------

bool win_engine::send_event(call& c, win_event e) {
  std::int32_t op = 0;
  switch (e) {
    case win_event::t_answer:
      op = ansi41::opcode::t_answer();
      break;
    case win_event::t_busy:
      op = ansi41::opcode::t_busy();
      break;
    case win_event::t_no_answer:
      op = ansi41::opcode::t_no_answer();
      break;
    case win_event::o_disconnect:
      op = ansi41::opcode::o_disconnect();
      break;
  }
  const dialogue_id tx = layer_->open(s_.scp);
  const auto arg = ansi41::encode(make_event_trigger(s_, c.billing, op, c.msid, time_of_day_now()));
  auto r = layer_->invoke(tx, {1, {}, op, arg, {}, {}});
  if (r) r = layer_->begin(tx, true);
  if (!r) {
    (void)layer_->u_abort(tx);
    fail(c, failure_kind::send_failed,
         std::string("Query ") + to_string(e) + ": " + tcap::to_string(r.error()));
    return false;
  }
  trace(c, std::string("tx Query ") + to_string(e) + " (new transaction)");
  event_owner_[tx] = {c.id, e};
  c.events_open.push_back(tx);
  return true;
}

// A Response [RETURN RESULT] to one of the call's event triggers.
void win_engine::event_package(call& c, const tcap::dialogue_ind& ind) {
  const dialogue_id tx = ind.id;
  const std::string what = event_name(tx);
  if (s_.trace) trace(c, "rx " + package_name(ind) + components_text(ind) + " (" + what + ")");
  bool answered = false;
  for (const auto& comp : ind.components) {
    switch (comp.type) {
      case component_ind::kind::result_last: {
        if (comp.parameter) {
          auto r = ansi41::decode_event_trigger_result(*comp.parameter);
          if (!r) {
            fail(c, failure_kind::bad_component,
                 "undecodable " + what + " RETURN RESULT: " + r.error().parameter + " " +
                     r.error().detail);
            break;
          }
          if (r->action_code) trace(c, what + " ActionCode " + std::to_string(*r->action_code));
        }
        answered = true;
        break;
      }
      case component_ind::kind::u_error:
        fail(c, failure_kind::scp_error,
             "ReturnError " + std::to_string(comp.code & 0xff) + " for " + what);
        break;
      case component_ind::kind::l_reject:
        fail(c, failure_kind::bad_component, "faulty component from the SCP (TC-L-REJECT)");
        break;
      case component_ind::kind::r_reject:
      case component_ind::kind::u_reject:
        fail(c, failure_kind::rejected, "the SCP rejected " + what);
        break;
      default:
        fail(c, failure_kind::unexpected, "unexpected component in the answer to " + what);
        break;
    }
  }
  if (ind.type != tcap::dialogue_ind_kind::end) {
    (void)layer_->u_abort(tx);
    fail(c, failure_kind::unexpected, what + " answered without Response");
  } else if (!answered) {
    fail(c, failure_kind::unexpected, what + ": Response without RETURN RESULT");
  }
  forget_event(c, tx);
  if (c.failure != failure_kind::none) return abort_call(c, c.failure, {});
  maybe_finish(c);
}

// --- the scenario ---------------------------------------------------------------------------

// The anlyzd result let the call go on to the callee (directly after the
// resource, or over the trunk to the platform).
void win_engine::proceed(call& c) {
  c.ph = win_phase::alerting;
  const bool trunk = !c.platform_digits.empty() && trunks_ != nullptr;
  if (trunk) {
    open_trunk(c);
    if (c.trunk == 0) {
      fail(c, failure_kind::bearer, "trunk INVITE could not be sent");
      return occur(c, event_class::abandon);
    }
  }
  switch (s_.sc.what) {
    case scenario::kind::answer:
    case scenario::kind::busy:
      if (trunk) return;  // the callee acts once the platform's leg arrived
      return run_later(c, c.scenario_timer, s_.sc.after, &win_engine::scenario_fired);
    case scenario::kind::no_answer:
      return run_later(c, c.scenario_timer, s_.sc.no_answer_time, &win_engine::scenario_fired);
    case scenario::kind::abandon:
      return;  // the abandon timer runs since the AnalyzedInformation
  }
}

// Something happened on the call: the outcome follows and the SCP hears it.
void win_engine::occur(call& c, event_class what) {
  switch (what) {
    case event_class::answer:
      set_outcome(c, call_outcome::answered);
      c.answered_once = true;
      send_event(c, win_event::t_answer);
      c.ph = win_phase::talking;
      return run_later(c, c.scenario_timer, s_.sc.hold, &win_engine::hold_fired);
    case event_class::busy:
      set_outcome(c, call_outcome::busy);
      send_event(c, win_event::t_busy);
      break;
    case event_class::no_answer:
      set_outcome(c, call_outcome::no_answer);
      send_event(c, win_event::t_no_answer);
      break;
    case event_class::abandon:
      set_outcome(c, call_outcome::abandoned);
      send_event(c, win_event::o_disconnect);
      break;
    case event_class::disconnect:
      if (!c.outcome_set) set_outcome(c, call_outcome::answered);
      send_event(c, win_event::o_disconnect);
      break;
  }
  end_call(c);
}

void win_engine::scenario_fired(call& c) {
  if (c.ph != win_phase::alerting) return;
  if (trunk_callee(c)) return;
  switch (s_.sc.what) {
    case scenario::kind::answer:
      return occur(c, event_class::answer);
    case scenario::kind::busy:
      return occur(c, event_class::busy);
    case scenario::kind::no_answer:
      return occur(c, event_class::no_answer);
    case scenario::kind::abandon:
      return;
  }
}

void win_engine::hold_fired(call& c) {
  if (c.ph == win_phase::talking) occur(c, event_class::disconnect);
}

// The caller hangs up before an answer: ODisconnect (during the resource
// the BYE to the IP first); the SCP then ends the AnalyzedInformation
// transaction (an empty Response, or its result if it crossed).
void win_engine::abandon_fired(call& c) {
  if (c.answered_once) return;
  switch (c.ph) {
    case win_phase::query:
      trace(c, "caller abandons before the SCP answered: ODisconnect");
      return occur(c, event_class::abandon);
    case win_phase::resource:
      trace(c, "caller abandons during the resource: BYE to the IP, ODisconnect");
      close_bearer(c);
      return occur(c, event_class::abandon);
    case win_phase::alerting:
      trace(c, "caller abandons while the callee rings: ODisconnect");
      return occur(c, event_class::abandon);
    case win_phase::talking:
    case win_phase::over:
      return;
  }
}

void win_engine::run_later(call& c, cmr::timer_service::timer_id& slot, milliseconds after,
                           call_step fn) {
  if (slot != 0) timers_.cancel(slot);
  slot = 0;
  if (after.count() <= 0) return (this->*fn)(c);
  const bool abandon_slot = &slot == &c.abandon_timer;
  slot = timers_.start(after,
                       [this, id = c.id, fn, abandon_slot] { timer_entry(id, fn, abandon_slot); });
}

void win_engine::timer_entry(dialogue_id id, call_step fn, bool abandon_slot) {
  call* c = find(id);
  if (c == nullptr) return;
  (abandon_slot ? c->abandon_timer : c->scenario_timer) = 0;
  touch(*c);
  (this->*fn)(*c);
}

void win_engine::cancel_timers(call& c) {
  if (c.scenario_timer != 0) timers_.cancel(c.scenario_timer);
  if (c.abandon_timer != 0) timers_.cancel(c.abandon_timer);
  c.scenario_timer = c.abandon_timer = 0;
}

}  // namespace cmr::tools::ssf
