// call-party-handling (docs/cs-delivery.md section 3, CAP v4): the caller's
// call segment 1 is connected to the resource and plays while a new call
// attempt alerts the callee as leg 3 in call segment 2.
//   trigger -> arm caller leg + connect segment 1 to the resource + play
//              + initiate the call attempt (leg 3, segment 2) + arm leg 3
//   leg 3 answered (request) -> release the resource (segment 1)
//                               + move leg 3 + Continue
//   leg 3 busy / no answer (request) -> per configuration:
//     release:  last message [release the resource, release the call (17 / 19)]
//     continue: release the resource + disconnect leg 3 + continue segment 1
// A switch that cannot do call-party handling gets connect-to-resource
// instead (the service picks).
//
//   IDLE --instructed--> ALERTING --callee answered--> JOINED
//                            +--callee busy / no answer--> RELEASED | CONTINUED
#include <algorithm>
#include <array>

#include "in/scp/log.h"
#include "in/scp/procedure.h"
#include "in/scp/procedures.h"
#include "in/scp/scp_service.h"

namespace cmr::in::scp {

enum class cph_state : std::uint8_t { idle, alerting, joined, released, continued };
enum class cph_input : std::uint8_t { instructed, callee_answered, callee_not_reached_release, callee_not_reached_continue };

const char* to_string(cph_state s) {
  switch (s) {
    case cph_state::idle:
      return "IDLE";
    case cph_state::alerting:
      return "ALERTING";
    case cph_state::joined:
      return "JOINED";
    case cph_state::released:
      return "RELEASED";
    case cph_state::continued:
      return "CONTINUED";
  }
  return "?";
}
const char* to_string(cph_input i) {
  switch (i) {
    case cph_input::instructed:
      return "instructed";
    case cph_input::callee_answered:
      return "callee answered";
    case cph_input::callee_not_reached_release:
      return "callee not reached, release";
    case cph_input::callee_not_reached_continue:
      return "callee not reached, continue";
  }
  return "?";
}

namespace {

constexpr std::uint8_t k_caller_segment = 1;
constexpr std::uint8_t k_new_leg = 3;
constexpr std::uint8_t k_new_segment = 2;
constexpr std::uint8_t q850_user_busy = 17;
constexpr std::uint8_t q850_no_answer = 19;

using cph_row = fsm_row<cph_state, cph_input>;
constexpr std::array cph_table{
    cph_row{cph_state::idle, cph_input::instructed, cph_state::alerting},
    cph_row{cph_state::alerting, cph_input::callee_answered, cph_state::joined},
    cph_row{cph_state::alerting, cph_input::callee_not_reached_release, cph_state::released},
    cph_row{cph_state::alerting, cph_input::callee_not_reached_continue, cph_state::continued},
};

class call_party_handling_procedure final : public procedure {
public:
  call_party_handling_procedure(scp_service& svc, call& c)
      : procedure(svc, c), fsm_(cph_table, cph_state::idle, log_scp), prefix_(sub_prefix("cph")) {}
  [[nodiscard]] const char* name() const override { return "call-party-handling"; }

  void start() override {
    const auto& cfg = svc_.settings();
    connect_to_resource ctr;
    ctr.call_segment = k_caller_segment;
    auto pa = announcement(false, false);
    pa.call_segment = k_caller_segment;
    if (cfg.no_answer_timer_s != 0) {
      pa.duration_s =
          static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.no_answer_timer_s, 32767));
      pa.repetitions = static_cast<std::uint8_t>(
          std::clamp<std::uint32_t>(cfg.announcement_repetitions, 1, 127));
    }
    initiate_call_attempt ica;
    ica.destination = c_.called_routing;
    ica.calling_number = c_.calling_number;
    ica.leg = k_new_leg;
    ica.call_segment = k_new_segment;
    arm_new_leg callee;
    callee.leg = k_new_leg;
    callee.no_answer_timer_s =
        static_cast<std::uint16_t>(std::min<std::uint32_t>(cfg.no_answer_timer_s, 2047));
    if (!send({arm_caller_leg{c_.originating}, ctr, pa, ica, callee})) return;
    fsm_.dispatch(cph_input::instructed, prefix_);
    proceeded();  // the callee is being alerted: a Continue would be wrong now
    c_.t_alerting = svc_.timers().now();
  }

  // The resource report was not asked for; tolerate one.
  void on_resource_report() override {}

  void on_report(const event_report& e) override {
    const bool callee_leg = e.leg == 0 || e.leg == k_new_leg;
    if (fsm_.in(cph_state::alerting) && callee_leg) {
      if (e.event == call_event::busy) {
        not_reached(call_outcome::busy, svc_.settings().cph_busy_release, q850_user_busy);
        return;
      }
      if (e.event == call_event::no_answer) {
        not_reached(call_outcome::no_answer, svc_.settings().cph_no_answer_release,
                    q850_no_answer);
        return;
      }
    }
    if (e.event == call_event::answer && !callee_leg) return;
    procedure::on_report(e);
  }

  // Leg 3 answered: stop the resource, join the segments.
  void on_answer(const event_report&) override {
    if (!fsm_.in(cph_state::alerting)) {
      (void)send({continue_call{}});
      return;
    }
    fsm_.dispatch(cph_input::callee_answered, prefix_);
    (void)send({disconnect_resource{k_caller_segment}, move_leg{k_new_leg}, continue_call{}});
  }

  void on_refusal(const refusal& r) override {
    // DisconnectLeg / MoveLeg refused after the call took its course: the
    // switch ends the call itself; anything before that falls back.
    if (!fsm_.in(cph_state::alerting) && c_.t_answer) return;
    procedure::on_refusal(r);
  }

private:
  void not_reached(call_outcome o, bool release, std::uint8_t cause) {
    c_.outcome = o;
    CMR_LOG(scp, info, "%s: callee %s, %s", c_.prefix.c_str(), to_string(o),
            release ? "release" : "continue");
    if (release) {
      fsm_.dispatch(cph_input::callee_not_reached_release, prefix_);
      if (send({disconnect_resource{k_caller_segment}, release_call{cause}}, true)) finish(o);
      return;
    }
    fsm_.dispatch(cph_input::callee_not_reached_continue, prefix_);
    (void)send({disconnect_resource{k_caller_segment}, disconnect_leg{k_new_leg, cause},
                continue_segment{k_caller_segment}});
  }

  fsm<cph_state, cph_input> fsm_;
  std::string prefix_;
};

}  // namespace

std::unique_ptr<procedure> make_call_party_handling(scp_service& svc, call& c) {
  return std::make_unique<call_party_handling_procedure>(svc, c);
}

}  // namespace cmr::in::scp
