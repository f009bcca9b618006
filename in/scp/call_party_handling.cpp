// call-party-handling, CAP v4 (docs/cs-delivery.md section 3): the caller's
// call segment 1 is connected to the IP and plays while InitiateCallAttempt
// alerts the callee as leg 3 in call segment 2.
//   IDP -> RRBE(leg 1) + CTR(cs 1) + PA(cs 1) + ICA(leg 3, cs 2) + RRBE(leg 3)
//   oAnswer leg 3 (EDP-R) -> DFCwA(cs 1) + MoveLeg(leg 3) + Continue
//   oCalledPartyBusy / oNoAnswer leg 3 (EDP-R) -> per configuration:
//     release:  TC-END [DFCwA(cs 1), ReleaseCall(17 / 19)]
//     continue: DFCwA(cs 1) + DisconnectLeg(leg 3) + ContinueWithArgument(cs 1)
// Other phases run connect-to-resource instead (scp_service picks).
#include "in/codec/operations_codec.h"
#include "in/codec/protocol_constants.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"
#include "in/scp/log.h"

namespace cmr::in::scp {
namespace {

namespace op_code = codec::opcode;
using codec::event_type_bcsm;
using codec::monitor_mode;

constexpr std::uint8_t k_caller_segment = 1;
constexpr std::uint8_t k_new_leg = 3;
constexpr std::uint8_t k_new_segment = 2;
constexpr std::uint8_t q850_user_busy = 17;
constexpr std::uint8_t q850_no_answer = 19;

class call_party_handling_procedure final : public call_procedure {
public:
  using call_procedure::call_procedure;
  [[nodiscard]] const char* name() const override { return "call-party-handling"; }

  void start() override {
    const auto v = c_.variant;
    const auto& cfg = svc_.settings();
    const bool t = c_.terminating;

    codec::request_report_bcsm_event caller;
    for (auto e : {t ? event_type_bcsm::t_abandon : event_type_bcsm::o_abandon,
                   t ? event_type_bcsm::t_disconnect : event_type_bcsm::o_disconnect}) {
      codec::bcsm_event be;
      be.event = e;
      be.mode = monitor_mode::notify_and_continue;
      be.leg = codec::leg_id{true, 1};
      caller.events.push_back(be);
    }
    codec::connect_to_resource ctr;
    ctr.call_segment = k_caller_segment;
    auto pa = announcement(false, false);
    pa.call_segment = k_caller_segment;
    if (cfg.no_answer_timer_s != 0) {
      pa.duration =
          static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.no_answer_timer_s, 32767));
      pa.number_of_repetitions = static_cast<std::uint8_t>(
          std::clamp<std::uint32_t>(cfg.announcement_repetitions, 1, 127));
    }
    codec::initiate_call_attempt ica;
    ica.destination_routing_address = c_.called_routing;
    ica.leg_to_be_created = codec::leg_id{true, k_new_leg};
    ica.new_call_segment = k_new_segment;
    ica.calling_party_number = c_.calling_number;
    ica.suppress_t_csi = true;
    codec::request_report_bcsm_event callee;
    for (auto e : {event_type_bcsm::o_answer, event_type_bcsm::o_called_party_busy,
                   event_type_bcsm::o_no_answer}) {
      codec::bcsm_event be;
      be.event = e;
      be.mode = monitor_mode::interrupted;
      be.leg = codec::leg_id{true, k_new_leg};
      if (e == event_type_bcsm::o_no_answer && cfg.no_answer_timer_s != 0)
        be.application_timer =
            static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.no_answer_timer_s, 2047));
      callee.events.push_back(be);
    }
    if (!send({{op_code::request_report_bcsm_event,
                codec::encode_request_report_bcsm_event(v, caller), std::nullopt},
               {op_code::connect_to_resource, codec::encode_connect_to_resource(v, ctr),
                std::nullopt},
               {op_code::play_announcement, codec::encode_play_announcement(v, pa), std::nullopt},
               {op_code::initiate_call_attempt, codec::encode_initiate_call_attempt(v, ica),
                std::nullopt},
               {op_code::request_report_bcsm_event,
                codec::encode_request_report_bcsm_event(v, callee), std::nullopt}}))
      return;
    c_.proceeded = true;  // the callee is being alerted: a Continue would be wrong now
    c_.t_alerting = svc_.timers().now();
    alerting_ = true;
  }

  void on_invoke(const tcap::component_ind& comp) override {
    // A SpecializedResourceReport was not requested; tolerate one.
    if (comp.code == op_code::specialized_resource_report) return;
    call_procedure::on_invoke(comp);
  }

protected:
  void on_event_report(const codec::event_report_bcsm& e) override {
    const bool callee_leg = !e.leg || e.leg->leg == k_new_leg;
    if (alerting_ && callee_leg) {
      switch (e.event) {
        case event_type_bcsm::o_called_party_busy:
          alerting_ = false;
          not_reached(call_outcome::busy, svc_.settings().cph_busy_release, q850_user_busy);
          return;
        case event_type_bcsm::o_no_answer:
          alerting_ = false;
          not_reached(call_outcome::no_answer, svc_.settings().cph_no_answer_release,
                      q850_no_answer);
          return;
        default:
          break;
      }
    }
    if (e.event == event_type_bcsm::o_answer && !callee_leg) return;
    call_procedure::on_event_report(e);
  }

  // The callee answered on leg 3: stop the IP, join the segments.
  void on_answer(const codec::event_report_bcsm&) override {
    if (!alerting_) {
      (void)send({{op_code::continue_, std::nullopt, std::nullopt}});
      return;
    }
    alerting_ = false;
    const auto v = c_.variant;
    codec::dfc_with_argument dfc;
    dfc.call_segment = k_caller_segment;
    codec::move_leg move;
    move.leg = codec::leg_id{true, k_new_leg};
    (void)send({{op_code::dfc_with_argument, codec::encode_dfc_with_argument(v, dfc), std::nullopt},
                {op_code::move_leg, codec::encode_move_leg(v, move), std::nullopt},
                {op_code::continue_, std::nullopt, std::nullopt}});
  }

  void on_failure(const tcap::component_ind& comp) override {
    // DisconnectLeg / MoveLeg refused after the call took its course: the SSF
    // ends the call itself; anything before that falls back.
    if (!alerting_ && c_.t_answer) return;
    call_procedure::on_failure(comp);
  }

private:
  void not_reached(call_outcome o, bool release, std::uint8_t cause) {
    c_.outcome = o;
    const auto v = c_.variant;
    codec::dfc_with_argument dfc;
    dfc.call_segment = k_caller_segment;
    const codec::bytes q850{0x80, static_cast<std::uint8_t>(0x80U | cause)};
    CMR_LOG(scp, info, "call %llu: callee %s, %s", static_cast<unsigned long long>(c_.id),
            to_string(o), release ? "release" : "continue");
    if (release) {
      codec::release_call rc;
      rc.cause = q850;
      if (send({{op_code::dfc_with_argument, codec::encode_dfc_with_argument(v, dfc), std::nullopt},
                {op_code::release_call, codec::encode_release_call(v, rc), std::nullopt}},
               true))
        finish(o);
      return;
    }
    codec::disconnect_leg dl;
    dl.leg = codec::leg_id{true, k_new_leg};
    dl.release_cause = q850;
    codec::continue_with_argument cwa;
    cwa.call_segment = k_caller_segment;
    (void)send({{op_code::dfc_with_argument, codec::encode_dfc_with_argument(v, dfc), std::nullopt},
                {op_code::disconnect_leg, codec::encode_disconnect_leg(v, dl), std::nullopt},
                {op_code::continue_with_argument, codec::encode_continue_with_argument(v, cwa),
                 std::nullopt}});
  }

  bool alerting_ = false;
};

}  // namespace

std::unique_ptr<call_procedure> make_call_party_handling(scp_service& svc, call& c) {
  return std::make_unique<call_party_handling_procedure>(svc, c);
}

}  // namespace cmr::in::scp
