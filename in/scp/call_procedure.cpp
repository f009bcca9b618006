#include "in/scp/call_procedure.h"

#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {

namespace op_code = codec::opcode;
using codec::event_type_bcsm;
using codec::monitor_mode;

call_procedure::~call_procedure() = default;

void call_procedure::on_invoke(const tcap::component_ind& comp) {
  if (comp.code == op_code::event_report_bcsm) {
    if (comp.parameter) {
      if (auto e = codec::decode_event_report_bcsm(c_.variant, *comp.parameter)) {
        on_event_report(*e);
        return;
      }
    }
    ++svc_.counters_mut().mistyped_arguments;
    reject_invoke(comp, tcap::invoke_problem::mistyped_parameter);
    return;
  }
  if (comp.code == op_code::specialized_resource_report)
    return;  // profiles that expect it override
  ++svc_.counters_mut().unexpected_operations;
  reject_invoke(comp, tcap::invoke_problem::unrecognized_operation);
}

void call_procedure::reject_invoke(const tcap::component_ind& comp, tcap::invoke_problem p) {
  CMR_LOG(scp, notice, "call %llu (%s): invoke %d (opcode %d) rejected: %s",
          static_cast<unsigned long long>(c_.id), name(), comp.invoke_id.value_or(-1), comp.code,
          tcap::to_string(p));
  // The Reject leaves with whatever this indication makes the procedure
  // send, or on its own (scp_service::flush_rejects).
  if (c_.ssf_open && comp.invoke_id)
    (void)c_.ep->layer().u_reject(c_.dialogue, *comp.invoke_id, tcap::reject_problem::of(p));
}

void call_procedure::on_failure(const tcap::component_ind& comp) {
  // A switch refusing an instruction (a bearer it could not set up, say) is
  // the network's business, not a fault of this node: notice, not error.
  ++svc_.counters_mut().ssf_refusals;
  CMR_LOG(scp, notice, "call %llu (%s): the SSF answered invoke %d with %s %d: Continue",
          static_cast<unsigned long long>(c_.id), name(), comp.invoke_id.value_or(-1),
          comp.type == tcap::component_ind::kind::u_error ? "ReturnError" : "Reject", comp.code);
  proceed(call_outcome::error);
}

void call_procedure::on_ssf_end() {
  c_.ssf_open = false;
  if (!c_.finished) finish(c_.outcome);
}

void call_procedure::on_ssf_lost() {
  c_.ssf_open = false;
  ++svc_.counters_mut().dialogues_aborted;
  if (!c_.finished) finish(c_.t_answer ? call_outcome::answered : call_outcome::error);
}

bool call_procedure::on_assist_request(scp_endpoint&, tcap::dialogue_id, codec::protocol_variant,
                                       std::int8_t) {
  return false;
}

bool call_procedure::send(const std::vector<op>& ops, bool end) {
  if (!c_.ssf_open) return false;
  for (const auto& o : ops) {
    if (o.arg && o.arg->empty()) {
      CMR_LOG(scp, error, "call %llu: opcode %d did not encode for %s",
              static_cast<unsigned long long>(c_.id), o.opcode, c_.protocol_name());
      fallback("encoding failed");
      return false;
    }
  }
  auto& layer = c_.ep->layer();
  for (const auto& o : ops) {
    tcap::invoke_req r;
    r.invoke_id = c_.take_invoke_id();
    r.linked_id = o.linked;
    r.opcode = o.opcode;
    r.parameter = o.arg;
    if (auto ok = layer.invoke(c_.dialogue, r); !ok) {
      CMR_LOG(scp, error, "call %llu: invoke %d refused: %s",
              static_cast<unsigned long long>(c_.id), o.opcode, tcap::to_string(ok.error()));
      fallback("invoke refused");
      return false;
    }
  }
  auto sent = end ? layer.end(c_.dialogue) : layer.continue_(c_.dialogue);
  if (end) c_.ssf_open = false;
  if (!sent) {
    CMR_LOG(scp, error, "call %llu: %s not sent: %s", static_cast<unsigned long long>(c_.id),
            end ? "TC-END" : "TC-CONTINUE", tcap::to_string(sent.error()));
    if (end) {
      ++svc_.counters_mut().internal_failures;
      finish(call_outcome::error);
    } else {
      fallback("send failed");
    }
    return false;
  }
  return true;
}

void call_procedure::fallback(const char* why) {
  ++svc_.counters_mut().internal_failures;
  CMR_LOG(scp, error, "call %llu (%s): %s: Continue", static_cast<unsigned long long>(c_.id),
          name(), why);
  proceed(call_outcome::error);
}

void call_procedure::proceed(call_outcome unanswered) {
  if (c_.ssf_open) {
    auto& layer = c_.ep->layer();
    if (!c_.proceeded)
      (void)layer.invoke(c_.dialogue, {c_.take_invoke_id(), std::nullopt, op_code::continue_,
                                       std::nullopt, std::nullopt, std::nullopt});
    if (!layer.end(c_.dialogue)) (void)layer.u_abort(c_.dialogue);
    c_.ssf_open = false;
  }
  c_.proceeded = true;
  finish(c_.t_answer ? call_outcome::answered : unanswered);
}

void call_procedure::finish(call_outcome o) {
  if (c_.finished) return;
  c_.outcome = o;
  close_assist();
  if (c_.ssf_open) {
    if (!c_.ep->layer().end(c_.dialogue)) (void)c_.ep->layer().u_abort(c_.dialogue);
    c_.ssf_open = false;
  }
  svc_.finish(c_);
}

void call_procedure::close_assist() {
  if (c_.assist_open && c_.assist_ep != nullptr) {
    auto& layer = c_.assist_ep->layer();
    if (!layer.end(c_.assist_dialogue)) (void)layer.u_abort(c_.assist_dialogue);
  }
  c_.assist_open = false;
  svc_.detach_assist(c_);
}

codec::request_report_bcsm_event call_procedure::ui_events() const {
  codec::request_report_bcsm_event r;
  const bool t = c_.terminating;
  const auto add = [&r](event_type_bcsm e, monitor_mode m, std::uint8_t leg) {
    codec::bcsm_event be;
    be.event = e;
    be.mode = m;
    be.leg = codec::leg_id{true, leg};
    r.events.push_back(be);
  };
  const auto n = monitor_mode::notify_and_continue;
  add(t ? event_type_bcsm::t_busy : event_type_bcsm::o_called_party_busy, n, 2);
  add(t ? event_type_bcsm::t_no_answer : event_type_bcsm::o_no_answer, n, 2);
  add(t ? event_type_bcsm::t_answer : event_type_bcsm::o_answer, monitor_mode::interrupted, 2);
  add(t ? event_type_bcsm::t_abandon : event_type_bcsm::o_abandon, n, 1);
  add(t ? event_type_bcsm::t_disconnect : event_type_bcsm::o_disconnect, n, 1);
  add(t ? event_type_bcsm::t_disconnect : event_type_bcsm::o_disconnect, n, 2);
  return r;
}

codec::play_announcement call_procedure::announcement(bool disconnect_forbidden,
                                                      bool report_complete) const {
  const auto& cfg = svc_.settings();
  codec::play_announcement p;
  p.info = codec::play_announcement::what::elementary;
  p.message_id = c_.announcement_id;
  if (cfg.announcement_duration_s != 0)
    p.duration =
        static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.announcement_duration_s, 32767));
  else
    p.number_of_repetitions =
        static_cast<std::uint8_t>(std::clamp<std::uint32_t>(cfg.announcement_repetitions, 1, 127));
  p.disconnect_from_ip_forbidden = disconnect_forbidden;
  p.request_announcement_complete = report_complete;
  if (c_.variant == codec::protocol_variant::cap_v3 ||
      c_.variant == codec::protocol_variant::cap_v4)
    p.request_announcement_started = false;
  return p;
}

namespace {
// shared_arg() keys: opcode (8 bits) | variant (2) | flags (3) | value (32).
std::uint64_t arg_key(std::int32_t opcode, codec::protocol_variant v, unsigned flags,
                      std::uint32_t value = 0) {
  return (static_cast<std::uint64_t>(static_cast<std::uint8_t>(opcode)) << 40U) |
         (static_cast<std::uint64_t>(static_cast<unsigned>(v) & 3U) << 38U) |
         (static_cast<std::uint64_t>(flags & 7U) << 35U) | value;
}
}  // namespace

codec::bytes call_procedure::ui_events_arg() const {
  return svc_.shared_arg(
      arg_key(op_code::request_report_bcsm_event, c_.variant, c_.terminating ? 1U : 0U),
      [this] { return codec::encode_request_report_bcsm_event(c_.variant, ui_events()); });
}

codec::bytes call_procedure::announcement_arg(bool disconnect_forbidden,
                                              bool report_complete) const {
  const unsigned flags = (disconnect_forbidden ? 1U : 0U) | (report_complete ? 2U : 0U);
  return svc_.shared_arg(arg_key(op_code::play_announcement, c_.variant, flags, c_.announcement_id),
                         [&] {
                           return codec::encode_play_announcement(
                               c_.variant, announcement(disconnect_forbidden, report_complete));
                         });
}

codec::bytes call_procedure::connect_to_resource_arg() const {
  return svc_.shared_arg(arg_key(op_code::connect_to_resource, c_.variant, 0), [this] {
    return codec::encode_connect_to_resource(c_.variant, codec::connect_to_resource{});
  });
}

void call_procedure::disconnect_and_continue() {
  if (!send({{op_code::disconnect_forward_connection, std::nullopt, std::nullopt},
             {op_code::continue_, std::nullopt, std::nullopt}}))
    return;
  c_.proceeded = true;
  if (!c_.t_alerting) c_.t_alerting = svc_.timers().now();
}

}  // namespace cmr::in::scp
