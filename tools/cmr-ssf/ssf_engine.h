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
// One class, one file per job (docs/cmr-ssf.md, "Code"):
//   ssf_engine.cpp          TC-user: dialogue indications, components, sending,
//                           the end of a call, the call-timeout sweep
//   engine_operations.cpp   the SCP's operations: a table of per-operation handlers
//   engine_events.cpp       an event happens: reported as armed, or not
//   engine_scenario.cpp     what the parties do: scenario and hold timers
//   engine_bearers.cpp      the bearer to the IP as the call sees it, SRR
// with the call's state in ssf_call.h, the armed events in armed_events.h
// and the messages built in ssf_messages.h.
//
// Threading: single-threaded; everything (the layer, the timer service, the
// bearer service's events) runs on one strand. Lean on the load path: the
// IDP comes pre-encoded, reports are encoded once per (event, leg, mode),
// calls live in one hash map and nothing else is allocated per call unless
// a scenario timer runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/timer_service.h"
#include "in/codec/operations.h"
#include "in/tcap/tc_user.h"
#include "in/tcap/tcap_layer.h"
#include "tools/cmr-ssf/bearer.h"
#include "tools/cmr-ssf/call_model.h"
#include "tools/cmr-ssf/ssf_call.h"
#include "tools/cmr-ssf/ssf_messages.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf {

struct call_record {
  dialogue_id id = 0;
  call_outcome outcome = call_outcome::failed;
  failure_kind failure = failure_kind::none;
  bool has_setup = false;             // the SCP answered the IDP
  std::chrono::microseconds setup{};  // TC-BEGIN sent -> first TC-CONTINUE/END received
  std::string detail;                 // first failure, for traces
};

class call_observer {
public:
  virtual ~call_observer() = default;
  virtual void call_finished(const call_record& r) = 0;
  // Per-call trace lines (only when ssf_settings::trace).
  virtual void trace(dialogue_id, const std::string&) {}
};

struct received_invoke;  // engine_operations.cpp

class ssf_engine final : public tcap::tc_user,
                         public bearer_events,
                         public trunk_events,
                         public call_model {
public:
  // `bearers` may be null (signalling only: ssf_settings::no_bearer).
  ssf_engine(cmr::timer_service& timers, ssf_settings settings, bearer_service* bearers,
             call_observer& observer);
  ~ssf_engine() override;
  ssf_engine(const ssf_engine&) = delete;
  ssf_engine& operator=(const ssf_engine&) = delete;

  void set_layer(tcap::tcap_layer* layer) { layer_ = layer; }
  // The SIP trunk to the platform (route-via-platform); null: Connects to
  // the platform prefix proceed like any other.
  void set_trunks(trunk_service* trunks) { trunks_ = trunks; }

  // Places a call: TC-BEGIN [InitialDP] (encode_idp, ssf_messages.h). 0 when
  // it could not be sent (the call is recorded as failed send_failed).
  // `calling`: the caller's number, for the SIP trunk (route-via-platform).
  dialogue_id start_call(const codec::bytes& idp, const std::string& calling = {});

  // call_model: start_call() with the pair's InitialDP, encoded once per
  // pair for the first 65,536 pairs (else per call).
  dialogue_id place_call(std::uint64_t pair, const std::string& called,
                         const std::string& calling) override;
  [[nodiscard]] std::size_t live_calls() const override { return calls_.size(); }
  [[nodiscard]] const ssf_settings& settings() const { return s_; }
  // Aborts every live call (TC-U-ABORT) as failed timeout; stops the sweep.
  void abort_all() override;

  // tc_user (ssf_engine.cpp)
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

  // bearer_events (engine_bearers.cpp)
  void bearer_up(std::uint32_t call, bearer_id id) override;
  void bearer_ended(std::uint32_t call, bearer_id id, const bearer_end& end) override;

  // trunk_events (engine_trunk.cpp)
  void trunk_alerting(std::uint32_t call, trunk_id id) override;
  void trunk_answered(std::uint32_t call, trunk_id id, const rtp_report& ringback) override;
  void trunk_ended(std::uint32_t call, trunk_id id, const trunk_end& end) override;

private:
  friend struct operation_handlers;  // engine_operations.cpp
  using call = ssf_call;
  using call_step = void (ssf_engine::*)(call&);

  // TC-user side (ssf_engine.cpp).
  call* find(dialogue_id id);
  void touch(call& c);
  void trace(const call& c, const std::string& line);
  void process(call& c, const tcap::component_ind& comp);
  void after_message(call& c);
  void flush(call& c);
  void finish(call& c);
  void fail(call& c, failure_kind k, std::string detail);
  void set_outcome(call& c, call_outcome o);
  bool queue_invoke(call& c, std::int32_t opcode, const codec::bytes& arg);
  bool queue_result(call& c, std::int8_t invoke_id, std::int32_t opcode,
                    std::optional<codec::bytes> param = std::nullopt);
  bool queue_error(call& c, std::int8_t invoke_id, std::int32_t error);
  bool check(call& c, const result<void, tcap::tc_error>& r, const char* what);
  void arm_sweep();
  void sweep();

  // Operations (engine_operations.cpp).
  void process_invoke(call& c, const tcap::component_ind& comp);
  void reject_argument(call& c, const received_invoke& in, const char* what);
  void reject_unknown(call& c, const received_invoke& in);
  void out_of_sequence(call& c, const received_invoke& in, const std::string& why);

  // Events (engine_events.cpp).
  void occur(call& c, event_class what, std::uint8_t leg);

  // Scenario timers (engine_scenario.cpp).
  void proceed(call& c);
  void start_alerting(call& c);
  void start_hold(call& c);
  void run_later(call& c, cmr::timer_service::timer_id& slot, milliseconds after, call_step fn);
  void timer_entry(dialogue_id id, call_step fn, bool abandon_slot);
  void scenario_fired(call& c);
  void hold_fired(call& c);
  void abandon_fired(call& c);
  void cancel_timers(call& c);

  // The bearer (engine_bearers.cpp).
  void open_bearer(call& c);
  void close_bearer(call& c);
  void refuse_bearer_invoke(call& c);
  void check_rtp(call& c, const rtp_report& r);
  void send_srr(call& c);

  // The trunk to the platform (engine_trunk.cpp).
  void open_trunk(call& c);
  void close_trunk(call& c);
  // The scenario's callee acts on the platform's leg; false: not a trunk call.
  bool trunk_callee(call& c);

  cmr::timer_service& timers_;
  ssf_settings s_;
  bearer_service* bearers_;
  trunk_service* trunks_ = nullptr;
  call_observer& observer_;
  tcap::tcap_layer* layer_ = nullptr;
  std::unordered_map<dialogue_id, call> calls_;
  std::vector<codec::bytes> idps_;  // place_call()'s InitialDPs by pair
  codec::bytes srr_;
  codec::bytes ica_result_;
  report_cache reports_;
  cmr::timer_service::timer_id sweep_timer_ = 0;
};

}  // namespace cmr::tools::ssf
