// The call model's operation handling: every invoke the SCP may send has one
// handler in a table (opcode -> handler); an opcode without one is rejected
// (TC-U-REJECT unrecognizedOperation). A handler decodes its argument
// (undecodable: TC-U-REJECT mistypedParameter), checks the sequence
// (ReturnError unexpectedComponentSequence) and records what the call must
// do; the bearer and the scenario act once the whole message is processed
// (ssf_engine::after_message), so a message's order of components does not
// matter.
#include <array>
#include <string>

#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "tools/cmr-ssf/ssf_engine.h"

namespace cmr::tools::ssf {

namespace op = codec::opcode;

// One invoke as the handlers see it.
struct received_invoke {
  std::int32_t code = 0;
  std::int8_t id = 0;
  codec::in_bytes arg;
};

namespace {

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

// The handlers, one per operation (ssf_engine's friend).
struct operation_handlers {
  using engine = ssf_engine;
  using call = ssf_call;
  using handler = void (*)(engine&, call&, const received_invoke&);
  struct entry {
    std::int32_t code;
    handler fn;
  };

  static void request_report_bcsm_event(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_request_report_bcsm_event(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "RequestReportBCSMEvent");
    for (const auto& ev : r->events) c.armed.arm(ev);
  }

  static void connect_to_resource(engine& e, call& c, const received_invoke& in) {
    if (!codec::decode_connect_to_resource(e.s_.variant, in.arg))
      return e.reject_argument(c, in, "ConnectToResource");
    c.to_resource = true;
    c.bearer_invoke = in.id;
    c.bearer_opcode = in.code;
  }

  static void establish_temporary_connection(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_establish_temporary_connection(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "EstablishTemporaryConnection");
    auto n =
        codec::decode_q763_number(codec::q763_kind::generic, r->assisting_ssp_ip_routing_address);
    if (!n || n->digits.empty()) return e.reject_argument(c, in, "assistingSSPIPRoutingAddress");
    c.temporary = true;
    c.bearer_invoke = in.id;
    c.bearer_opcode = in.code;
    e.trace(c, "ETC routing " + n->digits +
                   (r->correlation_id ? " correlationID " + hex(*r->correlation_id) : ""));
    if (!e.s_.no_bearer) {
      c.pending_bearer = {};
      c.pending_bearer.call = c.id;
      c.pending_bearer.routing_digits = n->digits;
      c.bearer_requested = true;
    }
  }

  static void play_announcement(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_play_announcement(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "PlayAnnouncement");
    if (!c.to_resource)
      return e.out_of_sequence(c, in, "PlayAnnouncement without ConnectToResource");
    const bool wants_report = r->request_announcement_complete.value_or(true);
    if (wants_report) c.pa_invoke = in.id;
    e.trace(c, "PA messageID " + std::to_string(r->message_id) + " repetitions " +
                   (r->number_of_repetitions ? std::to_string(*r->number_of_repetitions) : "-") +
                   " duration " + (r->duration ? std::to_string(*r->duration) : "-") +
                   (wants_report ? " report" : ""));
    if (e.s_.no_bearer) {
      if (wants_report) e.send_srr(c);
      return;
    }
    c.pending_bearer = {};
    c.pending_bearer.call = c.id;
    c.pending_bearer.announcement_id = r->message_id;
    c.pending_bearer.bounded_by_duration = r->duration.has_value();
    if (r->number_of_repetitions)
      c.pending_bearer.repetitions = r->number_of_repetitions;
    else if (!r->duration)
      c.pending_bearer.repetitions = 1;
    c.bearer_requested = true;
    c.bearer_invoke = in.id;
    c.bearer_opcode = in.code;
  }

  static void dfc_with_argument(engine& e, call& c, const received_invoke& in) {
    if (!codec::decode_dfc_with_argument(e.s_.variant, in.arg))
      return e.reject_argument(c, in, "DisconnectForwardConnectionWithArgument");
    disconnect_forward_connection(e, c, in);
  }

  static void disconnect_forward_connection(engine& e, call& c, const received_invoke&) {
    c.bearer_requested = false;
    e.close_bearer(c);
    c.to_resource = c.temporary = false;
    c.pa_invoke.reset();
  }

  static void continue_(engine&, call& c, const received_invoke&) { c.proceed_pending = true; }

  static void continue_with_argument(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_continue_with_argument(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "ContinueWithArgument");
    if (r->alerting_pattern) e.trace(c, "alertingPattern " + hex(*r->alerting_pattern));
    c.proceed_pending = true;
  }

  static void connect(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_connect(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "Connect");
    if (r->alerting_pattern) e.trace(c, "alertingPattern " + hex(*r->alerting_pattern));
    const auto& prefix = e.s_.platform_prefix;
    if (!prefix.empty() && !r->destination_routing_address.empty()) {
      const auto dest = codec::decode_q763_number(codec::q763_kind::called,
                                                  r->destination_routing_address.front());
      if (dest && dest->digits.size() > prefix.size() && dest->digits.starts_with(prefix)) {
        c.platform_digits = dest->digits;
        e.trace(c, "Connect to the platform " + dest->digits + ": SIP trunk");
      }
    }
    c.proceed_pending = true;
  }

  static void release_call(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_release_call(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "ReleaseCall");
    e.trace(c, "released, cause " + hex(r->cause));
    e.cancel_timers(c);
    e.close_bearer(c);
    c.bearer_requested = false;
    c.proceed_pending = false;
    c.ph = call_phase::released;
    if (!c.outcome_set) e.set_outcome(c, call_outcome::released);
  }

  static void initiate_call_attempt(engine& e, call& c, const received_invoke& in) {
    if (e.s_.variant != protocol_variant::cap_v4)
      return e.out_of_sequence(c, in, "InitiateCallAttempt outside CAP v4");
    auto r = codec::decode_initiate_call_attempt(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "InitiateCallAttempt");
    if (c.ph != call_phase::setup)
      return e.out_of_sequence(c, in, "InitiateCallAttempt after the call proceeded");
    e.queue_result(
        c, in.id, in.code,
        e.ica_result_.empty() ? std::nullopt : std::optional<codec::bytes>(e.ica_result_));
    c.callee_leg = r->leg_to_be_created ? r->leg_to_be_created->leg : 3;
    e.trace(c, "ICA leg " + std::to_string(c.callee_leg) + " alerting, leg 2 released");
    c.proceed_pending = true;  // alerting the new leg
  }

  static void move_leg(engine& e, call& c, const received_invoke& in) {
    if (!codec::decode_move_leg(e.s_.variant, in.arg)) return e.reject_argument(c, in, "MoveLeg");
    e.queue_result(c, in.id, in.code);
  }

  static void disconnect_leg(engine& e, call& c, const received_invoke& in) {
    auto r = codec::decode_disconnect_leg(e.s_.variant, in.arg);
    if (!r) return e.reject_argument(c, in, "DisconnectLeg");
    if (r->leg.leg == c.callee_leg) {
      c.callee_leg_released = true;
      if (c.scenario_timer != 0) e.timers_.cancel(c.scenario_timer);
      c.scenario_timer = 0;
    }
    e.queue_result(c, in.id, in.code);
  }

  static void reset_timer(engine& e, call& c, const received_invoke& in) {
    if (!codec::decode_reset_timer(e.s_.variant, in.arg))
      return e.reject_argument(c, in, "ResetTimer");
  }

  static void cancel(engine& e, call& c, const received_invoke& in) {
    if (!codec::decode_cancel(e.s_.variant, in.arg)) return e.reject_argument(c, in, "Cancel");
  }

  static void activity_test(engine& e, call& c, const received_invoke& in) {
    e.queue_result(c, in.id, in.code);
  }
};

namespace {

constexpr std::array<operation_handlers::entry, 16> k_operations{{
    {op::request_report_bcsm_event, &operation_handlers::request_report_bcsm_event},
    {op::connect_to_resource, &operation_handlers::connect_to_resource},
    {op::establish_temporary_connection, &operation_handlers::establish_temporary_connection},
    {op::play_announcement, &operation_handlers::play_announcement},
    {op::dfc_with_argument, &operation_handlers::dfc_with_argument},
    {op::disconnect_forward_connection, &operation_handlers::disconnect_forward_connection},
    {op::continue_, &operation_handlers::continue_},
    {op::continue_with_argument, &operation_handlers::continue_with_argument},
    {op::connect, &operation_handlers::connect},
    {op::release_call, &operation_handlers::release_call},
    {op::initiate_call_attempt, &operation_handlers::initiate_call_attempt},
    {op::move_leg, &operation_handlers::move_leg},
    {op::disconnect_leg, &operation_handlers::disconnect_leg},
    {op::reset_timer, &operation_handlers::reset_timer},
    {op::cancel, &operation_handlers::cancel},
    {op::activity_test, &operation_handlers::activity_test},
}};

}  // namespace

void ssf_engine::process_invoke(call& c, const tcap::component_ind& comp) {
  const received_invoke in{comp.code, comp.invoke_id.value_or(0),
                           comp.parameter ? codec::in_bytes(*comp.parameter) : codec::in_bytes()};
  for (const auto& e : k_operations)
    if (e.code == in.code) return e.fn(*this, c, in);
  reject_unknown(c, in);
}

void ssf_engine::reject_argument(call& c, const received_invoke& in, const char* what) {
  (void)layer_->u_reject(c.id, in.id,
                         tcap::reject_problem::of(tcap::invoke_problem::mistyped_parameter));
  c.tx_pending = true;
  fail(c, failure_kind::bad_component, std::string("undecodable ") + what);
  c.end_now = true;
}

void ssf_engine::reject_unknown(call& c, const received_invoke& in) {
  (void)layer_->u_reject(c.id, in.id,
                         tcap::reject_problem::of(tcap::invoke_problem::unrecognized_operation));
  c.tx_pending = true;
  fail(c, failure_kind::unexpected, "unknown operation " + std::to_string(in.code));
  c.end_now = true;
}

void ssf_engine::out_of_sequence(call& c, const received_invoke& in, const std::string& why) {
  queue_error(c, in.id, codec::error_code::unexpected_component_sequence);
  fail(c, failure_kind::unexpected, why);
  c.end_now = true;
}

}  // namespace cmr::tools::ssf
