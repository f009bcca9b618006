#include "in/cap/cap_dialogues.h"

#include <cstdio>
#include <string_view>

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/log.h"

namespace cmr::in::cap {

namespace op = codec::opcode;
using tcap::component_ind;
using kind = tcap::component_ind::kind;

namespace {

const char* event_name(codec::event_type_bcsm e) {
  switch (e) {
    case codec::event_type_bcsm::o_called_party_busy:
      return "oCalledPartyBusy";
    case codec::event_type_bcsm::o_no_answer:
      return "oNoAnswer";
    case codec::event_type_bcsm::o_answer:
      return "oAnswer";
    case codec::event_type_bcsm::o_disconnect:
      return "oDisconnect";
    case codec::event_type_bcsm::o_abandon:
      return "oAbandon";
    case codec::event_type_bcsm::t_busy:
      return "tBusy";
    case codec::event_type_bcsm::t_no_answer:
      return "tNoAnswer";
    case codec::event_type_bcsm::t_answer:
      return "tAnswer";
    case codec::event_type_bcsm::t_disconnect:
      return "tDisconnect";
    case codec::event_type_bcsm::t_abandon:
      return "tAbandon";
    default:
      return "other";
  }
}

scp::event_report to_report(const codec::event_report_bcsm& e) {
  using codec::event_type_bcsm;
  scp::event_report r;
  switch (e.event) {
    case event_type_bcsm::o_answer:
    case event_type_bcsm::t_answer:
      r.event = scp::call_event::answer;
      break;
    case event_type_bcsm::o_called_party_busy:
    case event_type_bcsm::t_busy:
      r.event = scp::call_event::busy;
      break;
    case event_type_bcsm::o_no_answer:
    case event_type_bcsm::t_no_answer:
      r.event = scp::call_event::no_answer;
      break;
    case event_type_bcsm::o_abandon:
    case event_type_bcsm::t_abandon:
      r.event = scp::call_event::abandon;
      break;
    case event_type_bcsm::o_disconnect:
    case event_type_bcsm::t_disconnect:
      r.event = scp::call_event::disconnect;
      break;
    default:
      r.event = scp::call_event::other;
      break;
  }
  r.originating = static_cast<unsigned>(e.event) < 12;
  r.leg = e.leg ? e.leg->leg : 0;
  // EDP-R: messageType request, or no miscCallInfo at all.
  r.request = !e.misc || !e.misc->notification;
  r.name = event_name(e.event);
  return r;
}

std::string refusal_text(const component_ind& comp) {
  char buf[64];
  if (comp.type == kind::u_error)
    std::snprintf(buf, sizeof buf, "ReturnError %d", comp.code);
  else
    std::snprintf(buf, sizeof buf, "Reject %u/%u", static_cast<unsigned>(comp.problem.kind),
                  static_cast<unsigned>(comp.problem.code));
  return buf;
}

// PromptAndCollectUserInformation's answers as the service's words: the
// ReturnResult's digits, or the error (29.078 / ETS 300 374-1:
// improperCallerResponse when nothing valid came, canceled) or reject.
scp::collected_digits collected_of(const component_ind& comp, codec::protocol_variant v) {
  scp::collected_digits out;
  if (comp.type == kind::result_last || comp.type == kind::result_not_last) {
    if (comp.parameter) {
      if (auto r = codec::decode_received_information(v, *comp.parameter)) {
        std::optional<std::string> digits =
            r->ia5 ? std::optional<std::string>(r->text) : codec::decode_collected_digits(r->digits);
        if (digits && !digits->empty()) {
          out.digits = std::move(*digits);
          return out;
        }
      }
    }
    out.error = scp::collect_error::refused;
    out.why = "ReceivedInformation not readable";
    return out;
  }
  out.why = refusal_text(comp);
  if (comp.type == kind::u_error && comp.code == codec::error_code::improper_caller_response)
    out.error = scp::collect_error::no_digits;
  else if (comp.type == kind::u_error && comp.code == codec::error_code::canceled)
    out.error = scp::collect_error::canceled;
  else
    out.error = scp::collect_error::refused;
  return out;
}

}  // namespace

// --- dialogue ---------------------------------------------------------------------------

const char* cap_endpoint::dialogue::forget(std::optional<std::int8_t> invoke_id) {
  if (!invoke_id) return "an instruction";
  for (auto it = outstanding_.begin(); it != outstanding_.end(); ++it) {
    if (it->first != *invoke_id) continue;
    const char* n = it->second;
    outstanding_.erase(it);
    return n;
  }
  return "an instruction";
}

std::int8_t cap_endpoint::dialogue::take_invoke_id() {
  const std::int8_t taken = next_invoke_;
  next_invoke_ = taken == 127 ? std::int8_t{1} : static_cast<std::int8_t>(taken + 1);
  return taken;
}

void cap_endpoint::dialogue::flush_rejects() {
  if (service_done_ || !peer_open_ || !layer().has_pending(id_)) return;
  if (!layer().continue_(id_)) {
    CMR_LOG(scp, notice, "dialogue 0x%08x: Reject not sent: dialogue aborted", id_);
    (void)layer().u_abort(id_);
  }
}

void cap_endpoint::dialogue::reject_invoke(const component_ind& comp, tcap::invoke_problem p,
                                           bool can_reply) {
  CMR_LOG(scp, notice, "dialogue 0x%08x: invoke %d (opcode %d) rejected: %s", id_,
          comp.invoke_id.value_or(-1), comp.code, tcap::to_string(p));
  if (can_reply && comp.invoke_id)
    (void)layer().u_reject(id_, *comp.invoke_id, tcap::reject_problem::of(p));
}

void cap_endpoint::dialogue::end_or_abort() {
  if (peer_open_ && !layer().end(id_)) (void)layer().u_abort(id_);
  mark_over();
}

void cap_endpoint::dialogue::package_done(bool ending) {
  if (!ending) {
    flush_rejects();
    return;
  }
  if (service_done_) return;
  mark_over();
  notify_end(false, "TC-END");
}

void cap_endpoint::dialogue::aborted(const std::string& why) {
  peer_open_ = false;
  if (service_done_) return;
  mark_over();
  notify_end(true, why);
}

// --- the switch's dialogue -------------------------------------------------------------

const char* ssf_dialogue::protocol() const {
  switch (variant_) {
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

std::string ssf_dialogue::name() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "tcap(0x%08x)", id_);
  return buf;
}

bool ssf_dialogue::can(scp::capability c) const {
  switch (c) {
    case scp::capability::call_party_handling:
      return variant_ == codec::protocol_variant::cap_v4;
    case scp::capability::activity_test:
    case scp::capability::connect_to_resource:
      return true;
  }
  return false;
}

bool ssf_dialogue::send(std::span<const scp::instruction> ops, bool last) {
  if (!open()) return false;
  std::vector<encoded_op> enc;
  enc.reserve(ops.size());
  for (const auto& o : ops) {
    enc.push_back(ep_.mapping().codec().encode(variant_, o));
    if (!enc.back().ok) {
      CMR_LOG(scp, error, "dialogue 0x%08x: %s does not encode for %s", id_, scp::name_of(o),
              protocol());
      return false;
    }
  }
  std::vector<std::int8_t> queued;
  const auto undo = [&] {
    for (const std::int8_t q : queued) (void)layer().u_cancel(id_, q);
  };
  for (std::size_t i = 0; i < enc.size(); ++i) {
    tcap::invoke_req r;
    r.invoke_id = take_invoke_id();
    r.opcode = enc[i].opcode;
    r.parameter = std::move(enc[i].arg);
    r.timeout = enc[i].timeout;
    if (auto ok = layer().invoke(id_, r); !ok) {
      CMR_LOG(scp, error, "dialogue 0x%08x: invoke %d refused: %s", id_, r.opcode,
              tcap::to_string(ok.error()));
      undo();
      return false;
    }
    queued.push_back(r.invoke_id);
    remember(r.invoke_id, scp::name_of(ops[i]));
    if (std::holds_alternative<scp::activity_test>(ops[i])) activity_invoke_ = r.invoke_id;
  }
  auto sent = last ? layer().end(id_) : layer().continue_(id_);
  if (!sent) {
    CMR_LOG(scp, error, "dialogue 0x%08x: %s not sent: %s", id_, last ? "TC-END" : "TC-CONTINUE",
            tcap::to_string(sent.error()));
    undo();
    return false;
  }
  if (last) mark_over();
  return true;
}

void ssf_dialogue::refuse_missing_parameter() {
  if (peer_open_) (void)layer().u_error(id_, trigger_invoke_, codec::error_code::missing_parameter);
  end_or_abort();
}

void ssf_dialogue::close() {
  if (!service_done_) end_or_abort();
}

void ssf_dialogue::abort() {
  if (peer_open_ && !service_done_) (void)layer().u_abort(id_);
  mark_over();
}

void ssf_dialogue::invoke(const component_ind& comp, bool ending) {
  auto& counters = ep_.mapping().counters();
  auto& listener = ep_.mapping().listener();
  if (comp.code == op::event_report_bcsm) {
    if (comp.parameter) {
      if (auto e = codec::decode_event_report_bcsm(variant_, *comp.parameter)) {
        listener.reported(*this, to_report(*e), ending);
        return;
      }
    }
    ++counters.mistyped_arguments;
    reject_invoke(comp, tcap::invoke_problem::mistyped_parameter, !ending);
    return;
  }
  if (comp.code == op::specialized_resource_report) {
    listener.reported(*this, scp::resource_report{}, ending);
    return;
  }
  ++counters.unexpected_operations;
  reject_invoke(comp, tcap::invoke_problem::unrecognized_operation, !ending);
}

void ssf_dialogue::components(const tcap::dialogue_ind& ind) {
  const bool ending = ind.type == tcap::dialogue_ind_kind::end;
  if (ending) peer_open_ = false;
  auto& listener = ep_.mapping().listener();
  for (const auto& comp : ind.components) {
    if (service_done_) break;  // the call is over for the service
    switch (comp.type) {
      case kind::invoke:
        invoke(comp, ending);
        break;
      case kind::result_last:
      case kind::result_not_last:
        if (activity_invoke_ && comp.invoke_id == activity_invoke_) {
          activity_invoke_.reset();
          (void)forget(comp.invoke_id);
          listener.reported(*this, scp::activity_result{true}, ending);
        } else if (comp.code == op::prompt_and_collect_user_information) {
          // Relayed by the switch to its resource (connect-to-resource).
          (void)forget(comp.invoke_id);
          listener.reported(*this, collected_of(comp, variant_), ending);
        } else if (comp.type == kind::result_last) {
          (void)forget(comp.invoke_id);
        }
        break;
      case kind::l_reject:
        ++ep_.mapping().counters().malformed_components;
        break;
      case kind::u_error:
      case kind::r_reject:
      case kind::u_reject: {
        const char* what = forget(comp.invoke_id);
        if (std::string_view(what) == "PromptAndCollectUserInformation")
          listener.reported(*this, collected_of(comp, variant_), ending);
        else
          listener.reported(*this, scp::refusal{what, refusal_text(comp)}, ending);
        break;
      }
    }
  }
  package_done(ending);
}

void ssf_dialogue::notify_end(bool aborted, const std::string& why) {
  ep_.mapping().listener().dialogue_ended(*this, aborted, why);
}

void ssf_dialogue::l_cancel(const tcap::l_cancel_ind& ind) {
  if (service_done_) return;
  auto& listener = ep_.mapping().listener();
  if (ind.opcode == op::activity_test && activity_invoke_ == ind.invoke_id) {
    activity_invoke_.reset();
    (void)forget(ind.invoke_id);
    listener.reported(*this, scp::activity_result{false}, false);
    return;
  }
  const char* what = forget(ind.invoke_id);
  if (ind.opcode == op::play_announcement)
    listener.reported(*this, scp::no_answer_to{what, true}, false);
}

// --- the assisting IP's dialogue ---------------------------------------------------------

std::string ip_dialogue::name() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "tcap(0x%08x)", id_);
  return buf;
}

bool ip_dialogue::send_one(const encoded_op& e, const char* name, std::optional<std::int8_t>* sent) {
  if (!e.ok) return false;
  tcap::invoke_req r;
  r.invoke_id = take_invoke_id();
  r.opcode = e.opcode;
  r.parameter = e.arg;
  r.timeout = e.timeout;  // nullopt: the operation's class timer
  if (!layer().invoke(id_, r)) return false;
  remember(r.invoke_id, name);
  if (sent != nullptr) *sent = r.invoke_id;
  return static_cast<bool>(layer().continue_(id_));
}

bool ip_dialogue::play(const scp::play_announcement& p) {
  if (!peer_open_ || service_done_) return false;
  return send_one(ep_.mapping().codec().encode(variant_, p), "PlayAnnouncement");
}

bool ip_dialogue::prompt_and_collect(const scp::prompt_and_collect& p) {
  if (!peer_open_ || service_done_) return false;
  return send_one(ep_.mapping().codec().encode(variant_, p), "PromptAndCollectUserInformation",
                  &collect_invoke_);
}

void ip_dialogue::close() {
  if (!service_done_) end_or_abort();
}

void ip_dialogue::refuse_unknown_correlation(std::int8_t invoke_id) {
  (void)layer().u_error(id_, invoke_id, codec::error_code::unexpected_data_value);
  end_or_abort();
}

void ip_dialogue::components(const tcap::dialogue_ind& ind) {
  const bool ending = ind.type == tcap::dialogue_ind_kind::end;
  if (ending) peer_open_ = false;
  auto& listener = ep_.mapping().listener();
  for (const auto& comp : ind.components) {
    if (service_done_) break;
    switch (comp.type) {
      case kind::invoke:
        if (comp.code == op::specialized_resource_report) {
          listener.resource_reported(*this, scp::resource_report{});
        } else {
          ++ep_.mapping().counters().unexpected_operations;
          reject_invoke(comp, tcap::invoke_problem::unrecognized_operation, !ending);
        }
        break;
      case kind::l_reject:
        ++ep_.mapping().counters().malformed_components;
        break;
      case kind::u_error:
      case kind::r_reject:
      case kind::u_reject:
        if (collect_invoke_ && comp.invoke_id == collect_invoke_) {
          collect_invoke_.reset();
          (void)forget(comp.invoke_id);
          listener.resource_reported(*this, collected_of(comp, variant_));
          break;
        }
        listener.resource_reported(*this, scp::refusal{forget(comp.invoke_id), refusal_text(comp)});
        break;
      case kind::result_last:
      case kind::result_not_last:
        if (collect_invoke_ && comp.invoke_id == collect_invoke_) {
          collect_invoke_.reset();
          (void)forget(comp.invoke_id);
          listener.resource_reported(*this, collected_of(comp, variant_));
        } else {
          // A ReceivedInformation nobody asked for (a late or repeated one):
          // counted, nothing else.
          ++ep_.mapping().counters().unexpected_operations;
        }
        break;
    }
  }
  package_done(ending);
}

void ip_dialogue::notify_end(bool aborted, const std::string& why) {
  ep_.mapping().listener().resource_ended(*this, aborted, why);
}

}  // namespace cmr::in::cap
