#include "in/cap/instruction_codec.h"

#include <type_traits>

#include "in/cap/correlation.h"
#include "in/cap/party_numbers.h"
#include "in/codec/address.h"
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"

namespace cmr::in::cap {

namespace op = codec::opcode;
using codec::event_type_bcsm;
using codec::monitor_mode;
using codec::protocol_variant;

namespace {

bool cap_v4(protocol_variant v) { return v == protocol_variant::cap_v4; }
bool cap_v3_or_v4(protocol_variant v) {
  return v == protocol_variant::cap_v3 || v == protocol_variant::cap_v4;
}
// Q.850 cause octets: coding standard ITU-T, location user, the cause.
codec::bytes q850(std::uint8_t cause) { return {0x80, static_cast<std::uint8_t>(0x80U | cause)}; }

codec::bcsm_event bcsm(event_type_bcsm e, monitor_mode m, std::uint8_t leg) {
  codec::bcsm_event be;
  be.event = e;
  be.mode = m;
  be.leg = codec::leg_id{true, leg};
  return be;
}

// The user-interaction event set (busy, no answer, abandon, disconnect EDP-N,
// answer EDP-R) on the trigger's side.
codec::request_report_bcsm_event ui_events(bool originating) {
  const bool t = !originating;
  const auto n = monitor_mode::notify_and_continue;
  codec::request_report_bcsm_event r;
  r.events = {bcsm(t ? event_type_bcsm::t_busy : event_type_bcsm::o_called_party_busy, n, 2),
              bcsm(t ? event_type_bcsm::t_no_answer : event_type_bcsm::o_no_answer, n, 2),
              bcsm(t ? event_type_bcsm::t_answer : event_type_bcsm::o_answer,
                   monitor_mode::interrupted, 2),
              bcsm(t ? event_type_bcsm::t_abandon : event_type_bcsm::o_abandon, n, 1),
              bcsm(t ? event_type_bcsm::t_disconnect : event_type_bcsm::o_disconnect, n, 1),
              bcsm(t ? event_type_bcsm::t_disconnect : event_type_bcsm::o_disconnect, n, 2)};
  return r;
}

std::string key_of(char kind, protocol_variant v, std::initializer_list<std::uint64_t> fields) {
  std::string k{kind, static_cast<char>(v)};
  for (const std::uint64_t f : fields) k += std::to_string(f) + ',';
  return k;
}

}  // namespace

template <typename F>
codec::bytes instruction_codec::shared(const std::string& key, F&& make) {
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  codec::bytes b = make();
  if (b.empty()) return b;  // a failed encoding is not kept
  if (cache_.size() >= k_cache_size) cache_.clear();
  cache_.emplace(key, b);
  return b;
}

encoded_op instruction_codec::encode(protocol_variant v, const scp::instruction& i) {
  encoded_op out;
  const auto with = [&out](std::int32_t opcode, codec::bytes arg) {
    out.opcode = opcode;
    out.ok = !arg.empty();
    out.arg = std::move(arg);
  };
  const auto bare = [&out](std::int32_t opcode) { out.opcode = opcode; };
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, scp::arm_call_events>) {
          with(op::request_report_bcsm_event,
               shared(key_of('E', v, {a.originating ? 1U : 0U}), [&] {
                 return codec::encode_request_report_bcsm_event(v, ui_events(a.originating));
               }));
        } else if constexpr (std::is_same_v<T, scp::arm_caller_leg>) {
          const bool t = !a.originating;
          codec::request_report_bcsm_event r;
          for (auto e : {t ? event_type_bcsm::t_abandon : event_type_bcsm::o_abandon,
                         t ? event_type_bcsm::t_disconnect : event_type_bcsm::o_disconnect})
            r.events.push_back(bcsm(e, monitor_mode::notify_and_continue, 1));
          with(op::request_report_bcsm_event, codec::encode_request_report_bcsm_event(v, r));
        } else if constexpr (std::is_same_v<T, scp::arm_new_leg>) {
          codec::request_report_bcsm_event r;
          for (auto e : {event_type_bcsm::o_answer, event_type_bcsm::o_called_party_busy,
                         event_type_bcsm::o_no_answer}) {
            auto be = bcsm(e, monitor_mode::interrupted, a.leg);
            if (e == event_type_bcsm::o_no_answer && a.no_answer_timer_s != 0)
              be.application_timer = a.no_answer_timer_s;
            r.events.push_back(be);
          }
          with(op::request_report_bcsm_event, codec::encode_request_report_bcsm_event(v, r));
        } else if constexpr (std::is_same_v<T, scp::connect_to_resource>) {
          codec::connect_to_resource ctr;
          ctr.call_segment = a.call_segment;
          with(op::connect_to_resource,
               a.call_segment ? codec::encode_connect_to_resource(v, ctr)
                              : shared(key_of('C', v, {}),
                                       [&] { return codec::encode_connect_to_resource(v, ctr); }));
        } else if constexpr (std::is_same_v<T, scp::play_announcement>) {
          codec::play_announcement p;
          p.info = codec::play_announcement::what::elementary;
          p.message_id = a.id;
          p.number_of_repetitions = a.repetitions;
          p.duration = a.duration_s;
          p.disconnect_from_ip_forbidden = a.disconnect_forbidden;
          p.request_announcement_complete = a.report_complete;
          p.call_segment = a.call_segment;
          if (cap_v3_or_v4(v)) p.request_announcement_started = false;
          with(op::play_announcement,
               shared(key_of('P', v,
                             {a.id, a.repetitions.value_or(0xff), a.duration_s.value_or(0xffff),
                              a.disconnect_forbidden ? 1U : 0U, a.report_complete ? 1U : 0U,
                              a.call_segment.value_or(0xff)}),
                      [&] { return codec::encode_play_announcement(v, p); }));
        } else if constexpr (std::is_same_v<T, scp::prompt_and_collect>) {
          codec::prompt_and_collect p;
          p.digits.minimum_digits = 1;
          p.digits.maximum_digits = a.max_digits;
          p.digits.first_digit_timeout_s = a.first_digit_timeout_s;
          p.digits.inter_digit_timeout_s = a.inter_digit_timeout_s;
          p.digits.interruptable_ann_ind = a.interruptable;
          p.disconnect_from_ip_forbidden = a.disconnect_forbidden;
          codec::play_announcement info;
          info.info = codec::play_announcement::what::elementary;
          info.message_id = a.id;
          info.number_of_repetitions = a.repetitions;
          info.duration = a.duration_s;
          p.information = info;
          p.call_segment = a.call_segment;
          with(op::prompt_and_collect_user_information,
               shared(key_of('U', v,
                             {a.id, a.repetitions.value_or(0xff), a.duration_s.value_or(0xffff),
                              a.max_digits, a.interruptable ? 1U : 0U, a.first_digit_timeout_s,
                              a.inter_digit_timeout_s, a.disconnect_forbidden ? 1U : 0U,
                              a.call_segment.value_or(0xff)}),
                      [&] { return codec::encode_prompt_and_collect(v, p); }));
          // Class 1: the answer comes when the caller pressed (or the
          // timeouts ran out) after the whole ringback: no short timer.
          out.timeout = std::chrono::minutes(10);
        } else if constexpr (std::is_same_v<T, scp::establish_temporary_connection>) {
          codec::q763_number routing;
          routing.nature = 4;
          routing.plan = 1;
          routing.qualifier = 0;
          routing.digits = a.routing_digits;
          codec::establish_temporary_connection etc;
          etc.assisting_ssp_ip_routing_address =
              codec::encode_q763_number(codec::q763_kind::generic, routing);
          etc.correlation_id = encode_generic_digits(a.correlation);
          if (!a.scf_id.empty()) {
            codec::bytes scf;
            if (codec::pack_bcd(a.scf_id, scf, true)) etc.scf_id = scf;
          }
          if (etc.assisting_ssp_ip_routing_address.empty() || etc.correlation_id->empty()) {
            out.opcode = op::establish_temporary_connection;
            out.ok = false;
          } else {
            with(op::establish_temporary_connection,
                 codec::encode_establish_temporary_connection(v, etc));
          }
        } else if constexpr (std::is_same_v<T, scp::disconnect_resource>) {
          if (a.call_segment) {
            codec::dfc_with_argument dfc;
            dfc.call_segment = a.call_segment;
            with(op::dfc_with_argument, codec::encode_dfc_with_argument(v, dfc));
          } else {
            bare(op::disconnect_forward_connection);
          }
        } else if constexpr (std::is_same_v<T, scp::continue_call>) {
          bare(op::continue_);
        } else if constexpr (std::is_same_v<T, scp::continue_with_alerting>) {
          // 29.078 AlertingPattern: three octets, only the last one used.
          const codec::bytes pattern{0x00, 0x00, a.pattern};
          if (cap_v3_or_v4(v)) {
            codec::continue_with_argument cwa;
            cwa.alerting_pattern = pattern;
            with(op::continue_with_argument, codec::encode_continue_with_argument(v, cwa));
          } else {
            codec::connect_arg c;
            c.destination_routing_address.push_back(a.called);
            c.alerting_pattern = pattern;
            with(op::connect, codec::encode_connect(v, c));
          }
        } else if constexpr (std::is_same_v<T, scp::route_to_platform>) {
          // route-via-platform: Connect with only destinationRoutingAddress
          // = platform prefix + called number (nature unknown: a routing
          // number of this network). Nothing else is sent: without
          // oCSIApplicable the switch applies no O-CSI to the routed call
          // (29.078 Connect), and the SCP answers a trigger on the prefix
          // with Continue (docs/cs-delivery.md section 7).
          codec::q763_number routing;
          routing.nature = nature_unknown;
          routing.plan = 1;
          routing.digits = a.routing_digits;
          codec::connect_arg c;
          c.destination_routing_address.push_back(
              codec::encode_q763_number(codec::q763_kind::called, routing));
          if (c.destination_routing_address.front().empty()) {
            out.opcode = op::connect;
            out.ok = false;
          } else {
            with(op::connect, codec::encode_connect(v, c));
          }
        } else if constexpr (std::is_same_v<T, scp::initiate_call_attempt>) {
          out.opcode = op::initiate_call_attempt;
          out.ok = false;
          if (cap_v4(v)) {
            codec::initiate_call_attempt ica;
            ica.destination_routing_address = a.destination;
            ica.leg_to_be_created = codec::leg_id{true, a.leg};
            ica.new_call_segment = a.call_segment;
            ica.calling_party_number = a.calling_number;
            ica.suppress_t_csi = true;
            with(op::initiate_call_attempt, codec::encode_initiate_call_attempt(v, ica));
          }
        } else if constexpr (std::is_same_v<T, scp::move_leg>) {
          codec::move_leg m;
          m.leg = codec::leg_id{true, a.leg};
          with(op::move_leg, codec::encode_move_leg(v, m));
        } else if constexpr (std::is_same_v<T, scp::disconnect_leg>) {
          codec::disconnect_leg d;
          d.leg = codec::leg_id{true, a.leg};
          d.release_cause = q850(a.q850_cause);
          with(op::disconnect_leg, codec::encode_disconnect_leg(v, d));
        } else if constexpr (std::is_same_v<T, scp::continue_segment>) {
          codec::continue_with_argument cwa;
          cwa.call_segment = a.call_segment;
          with(op::continue_with_argument, codec::encode_continue_with_argument(v, cwa));
        } else if constexpr (std::is_same_v<T, scp::release_call>) {
          codec::release_call rc;
          rc.cause = q850(a.q850_cause);
          with(op::release_call, codec::encode_release_call(v, rc));
        } else if constexpr (std::is_same_v<T, scp::activity_test>) {
          bare(op::activity_test);
          out.timeout = std::chrono::seconds(a.timeout_s);
        }
      },
      i);
  return out;
}

}  // namespace cmr::in::cap
