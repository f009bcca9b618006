// The gsmSSF/MSC call model: the TC-user of one tcap_layer that places calls
// (TC-BEGIN InitialDP), follows the SCP's instructions for every delivery
// profile of docs/cs-delivery.md section 3 and reports the armed events as
// a switch would:
//
//   RequestReportBCSMEvent   arms / disarms events per leg (EDP-R interrupted,
//                            EDP-N notifyAndContinue, transparent disarms)
//   ConnectToResource + PA   opens the bearer to the IP (play form); when the
//                            play completes (the IP's BYE) and the PA asked
//                            for it: SpecializedResourceReport linked to the PA
//   EstablishTemporaryConn.  opens the bearer to the routing number
//   DFC / DFCWithArgument    releases the IP bearer
//   Continue / CWA / Connect the call proceeds: the scenario runs (answer,
//                            busy, no answer, abandon); in TC-END: continued
//   InitiateCallAttempt      ReturnResult; alerts the new leg (CPH, CAP v4)
//   MoveLeg / DisconnectLeg  ReturnResult (leg joined / released)
//   ReleaseCall              the call is released; the SCP ends the dialogue
//   ActivityTest             ReturnResult
// Events: an armed EDP-R is reported in TC-CONTINUE and the model waits for
// the SCP; an EDP-N that ends the call (busy, no answer, abandon,
// disconnect) is reported in TC-END. Unknown operations get TC-U-REJECT,
// undecodable arguments TC-U-REJECT mistypedParameter, out-of-sequence ones
// ReturnError unexpectedComponentSequence; SCP errors and rejects, aborts and
// timeouts fail the call with a failure_kind.
//
// Threading: single-threaded; everything (the layer, the timer service, the
// bearer service's events) runs on one strand. Lean on the load path: the
// IDP comes pre-encoded, reports are encoded once per (event, leg, mode),
// calls live in one hash map and nothing else is allocated per call unless
// a scenario timer runs.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "in/codec/operations.h"
#include "tools/cmr-ssf/bearer.h"
#include "tools/cmr-ssf/ssf_types.h"
#include "in/tcap/tc_user.h"
#include "in/tcap/tcap_layer.h"
#include "common/timer_service.h"

namespace cmr::tools::ssf {

using tcap::dialogue_id;

struct call_record {
  dialogue_id id = 0;
  call_outcome outcome = call_outcome::failed;
  failure_kind failure = failure_kind::none;
  bool has_setup = false;            // the SCP answered the IDP
  std::chrono::microseconds setup{}; // TC-BEGIN sent -> first TC-CONTINUE/END received
  std::string detail;                // first failure, for traces
};

class call_observer {
public:
  virtual ~call_observer() = default;
  virtual void call_finished(const call_record& r) = 0;
  // Per-call trace lines (only when ssf_settings::trace).
  virtual void trace(dialogue_id, const std::string&) {}
};

// The InitialDP of one call (see encode_idp for the parameters carried).
codec::bytes encode_idp(const ssf_settings& s, const std::string& called, const std::string& calling);

class ssf_engine final : public tcap::tc_user, public bearer_events {
public:
  // `bearers` may be null (signalling only: ssf_settings::no_bearer).
  ssf_engine(cmr::timer_service& timers, ssf_settings settings, bearer_service* bearers,
             call_observer& observer);
  ~ssf_engine() override;
  ssf_engine(const ssf_engine&) = delete;
  ssf_engine& operator=(const ssf_engine&) = delete;

  void set_layer(tcap::tcap_layer* layer) { layer_ = layer; }

  // Places a call: TC-BEGIN [InitialDP]. 0 when it could not be sent (the
  // call is recorded as failed send_failed).
  dialogue_id start_call(const codec::bytes& idp);

  [[nodiscard]] std::size_t live_calls() const { return calls_.size(); }
  [[nodiscard]] const ssf_settings& settings() const { return s_; }
  // Aborts every live call (TC-U-ABORT) as failed timeout; stops the sweep.
  void abort_all();

  // tc_user
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

  // bearer_events
  void bearer_up(std::uint32_t call, bearer_id id) override;
  void bearer_ended(std::uint32_t call, bearer_id id, const bearer_end& end) override;

  // The event classes a switch reports (t- or o- variant by leg and trigger).
  enum class ev : std::uint8_t { answer, busy, no_answer, abandon, disconnect };

private:
  enum class phase : std::uint8_t {
    setup,         // IDP sent, the call waits for the SCP
    alerting,      // the callee (leg 2, or the ICA leg) rings
    answer_wait,   // answer reported as EDP-R, waiting for the SCP
    talking,       // answered
    ending_wait,   // a call-ending event reported as EDP-R, waiting for the SCP
    released,      // ReleaseCall received, waiting for the SCP's TC-END
  };
  struct armed_event {
    codec::event_type_bcsm event;
    std::uint8_t leg;  // 0: any
    codec::monitor_mode mode;
    std::optional<std::uint16_t> application_timer;
  };
  struct call {
    dialogue_id id = 0;
    phase ph = phase::setup;
    std::chrono::steady_clock::time_point begun;
    cmr::timer_service::time_point deadline;  // timer service clock
    bool answered_once = false;
    std::int8_t next_invoke = 2;
    std::uint8_t n_armed = 0;
    std::array<armed_event, 10> armed{};
    // User interaction.
    bool to_resource = false;  // ConnectToResource in force
    bool temporary = false;    // EstablishTemporaryConnection in force
    bearer_id bearer = 0;
    bool bearer_requested = false;
    bearer_request pending_bearer;
    std::optional<std::int8_t> pa_invoke;  // PA waiting for its SRR
    std::optional<std::int8_t> bearer_invoke;  // CTR/ETC or PA invoke for a bearer error
    std::int32_t bearer_opcode = 0;
    // CPH.
    std::uint8_t callee_leg = 2;
    bool callee_leg_released = false;
    // Deferred to the end of the message being processed.
    bool proceed_pending = false;
    bool ended_by_peer = false;
    bool end_now = false;      // send TC-END at flush
    bool tx_pending = false;   // components queued: TC-CONTINUE at flush
    call_outcome outcome = call_outcome::continued;
    bool outcome_set = false;
    failure_kind failure = failure_kind::none;
    std::string detail;
    bool has_setup = false;
    std::chrono::microseconds setup{};
    cmr::timer_service::timer_id scenario_timer = 0;
    cmr::timer_service::timer_id abandon_timer = 0;
  };

  call* find(dialogue_id id);
  void touch(call& c);
  void process(call& c, const tcap::component_ind& comp);
  void process_invoke(call& c, const tcap::component_ind& comp);
  void after_message(call& c);
  void flush(call& c);
  void finish(call& c);
  void fail(call& c, failure_kind k, std::string detail);
  void set_outcome(call& c, call_outcome o);
  void trace(const call& c, const std::string& line);

  void arm(call& c, const codec::bcsm_event& e);
  const armed_event* find_armed(const call& c, ev what, std::uint8_t leg) const;
  void occur(call& c, ev what, std::uint8_t leg);
  void proceed(call& c);
  void start_alerting(call& c);
  void start_hold(call& c);
  void run_later(call& c, cmr::timer_service::timer_id& slot, milliseconds after,
                 void (ssf_engine::*fn)(call&));
  void scenario_fired(call& c);
  void hold_fired(call& c);
  void abandon_fired(call& c);
  void timer_entry(dialogue_id id, void (ssf_engine::*fn)(call&), bool abandon_slot);
  void cancel_timers(call& c);

  void open_bearer(call& c);
  void close_bearer(call& c, bool play_interrupted);
  void check_rtp(call& c, const rtp_report& r);
  void send_srr(call& c);

  bool queue_invoke(call& c, std::int32_t opcode, const codec::bytes& arg);
  bool queue_result(call& c, std::int8_t invoke_id, std::int32_t opcode,
                    std::optional<codec::bytes> param = std::nullopt);
  bool queue_error(call& c, std::int8_t invoke_id, std::int32_t error);
  const codec::bytes& report_bytes(codec::event_type_bcsm e, std::uint8_t leg, bool notify);
  bool check(call& c, const result<void, tcap::tc_error>& r, const char* what);

  void arm_sweep();
  void sweep();

  cmr::timer_service& timers_;
  ssf_settings s_;
  bearer_service* bearers_;
  call_observer& observer_;
  tcap::tcap_layer* layer_ = nullptr;
  std::unordered_map<dialogue_id, call> calls_;
  codec::bytes srr_;
  codec::bytes ica_result_;
  struct cached_report {
    codec::event_type_bcsm event;
    std::uint8_t leg;
    bool notify;
    codec::bytes bytes;
  };
  std::vector<cached_report> reports_;
  cmr::timer_service::timer_id sweep_timer_ = 0;
};

}  // namespace cmr::tools::ssf
