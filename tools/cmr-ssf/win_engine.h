// The CDMA MSC call model (--protocol ansi41): the TC-user of one ANSI TCAP
// layer (in/ansi_tcap) speaking ANSI-41 WIN to the SCP as
// docs/cdma-delivery.md has it:
//
//   Query w/ perm [AnalyzedInformation]   opens a call (BillingID = MSCID,
//                                         a per-call ID number, segment 0)
//   ConnectResource (Conversation)        opens the bearer to sip:TLDN@IP
//   DisconnectResource (+ anlyzd result)  BYE to the IP; the call proceeds
//   anlyzd RETURN RESULT, RoutingDigits   with the platform prefix: the call
//                                         goes over the SIP trunk (trunk.h)
//   anlyzd RETURN RESULT, nothing before  the call proceeds untouched
//                                         (outcome continued, no triggers)
//   anlyzd RETURN RESULT, ActionCode      DisconnectCall: the call is released
//                                         (outcome released, no triggers)
// Once the call proceeds the scenario runs as in the CAP mode (answer, busy,
// no answer, abandon) and each event goes to the SCP as a new transaction,
// Query w/ perm [TAnswer | TBusy | TNoAnswer | ODisconnect] with the call's
// BillingID, answered by a Response [RETURN RESULT]. A call ends when its
// last event was answered and its AnalyzedInformation transaction is closed.
// ReturnError, Reject, Abort, undecodable results and timeouts fail the call
// with a failure_kind (ssf_types.h), nothing more: no retry.
//
// One class, files by job:
//   win_engine.cpp     TC-user: transactions, packages, the end of a call, the sweep
//   win_flow.cpp       the SCP's answers, the scenario and the event triggers
//   win_media.cpp      the bearer to the TLDN and the trunk to the platform
//   win_messages.h     the WIN operation table and the messages built
// With --emulate-ip (win_ip.h) a ConnectResource to a TLDN the emulated IP
// holds opens no SIP bearer: the emulated IP is told the bearer arrived
// (attach) and, when the MSC drops it, that it is gone (bearer_gone).
// Threading: single-threaded, as ssf_engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/timer_service.h"
#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/tcap/tc_user.h"
#include "tools/cmr-ssf/bearer.h"
#include "tools/cmr-ssf/call_model.h"
#include "tools/cmr-ssf/ssf_engine.h"
#include "tools/cmr-ssf/ssf_types.h"
#include "tools/cmr-ssf/trunk.h"
#include "tools/cmr-ssf/win_ip.h"

namespace cmr::tools::ssf {

namespace ansi41 = in::ansi41;

enum class win_phase : std::uint8_t {
  query,     // AnalyzedInformation sent, no answer yet
  resource,  // ConnectResource: the caller hears the resource
  alerting,  // the anlyzd result let the call proceed: the callee rings
  talking,   // answered
  over,      // the call ended here; waiting for open transactions to close
};

// The event triggers this MSC sends (their own transactions).
enum class win_event : std::uint8_t { t_answer, t_busy, t_no_answer, o_disconnect };
const char* to_string(win_event e);  // "TAnswer" ...

struct win_call {
  dialogue_id id = 0;  // the AnalyzedInformation transaction: the call's id
  ansi41::billing_id billing;
  win_phase ph = win_phase::query;
  std::chrono::steady_clock::time_point begun;
  cmr::timer_service::time_point deadline;
  bool trigger_open = true;              // the AnalyzedInformation transaction
  bool result_seen = false;              // its RETURN RESULT arrived
  bool disconnect_ordered = false;       // ... with ActionCode DisconnectCall
  bool resource_connected = false;       // ConnectResource arrived (win-resource)
  std::vector<dialogue_id> events_open;  // event-trigger transactions awaiting their result
  bool answered_once = false;
  bearer_id bearer = 0;
  tcap::dialogue_id ip_seizure = 0;  // --emulate-ip: the emulated bearer (win_ip.h)
  trunk_id trunk = 0;
  std::string tldn;
  std::string platform_digits;  // non-empty: route-via-platform
  std::string calling;
  std::optional<std::string> msid;
  call_outcome outcome = call_outcome::continued;
  bool outcome_set = false;
  failure_kind failure = failure_kind::none;
  std::string detail;
  bool has_setup = false;
  std::chrono::microseconds setup{};
  cmr::timer_service::timer_id scenario_timer = 0;
  cmr::timer_service::timer_id abandon_timer = 0;
};

class win_engine final : public tcap::tc_user,
                         public bearer_events,
                         public trunk_events,
                         public call_model {
public:
  // `bearers` may be null (signalling only), `trunks` null (no platform).
  win_engine(cmr::timer_service& timers, ssf_settings settings, bearer_service* bearers,
             call_observer& observer);
  ~win_engine() override;
  win_engine(const win_engine&) = delete;
  win_engine& operator=(const win_engine&) = delete;

  void set_layer(in::ansi_tcap::ansi_tcap_layer* layer) { layer_ = layer; }
  void set_trunks(trunk_service* trunks) { trunks_ = trunks; }
  // --emulate-ip: TLDNs this IP holds get the emulated bearer.
  void set_emulated_ip(win_ip_emulator* ip) { ip_ = ip; }

  // Places a call: Query w/ perm [AnalyzedInformation]. 0 when it could not
  // be sent (recorded as failed send_failed).
  dialogue_id start_call(const std::string& called, const std::string& calling);

  // call_model
  dialogue_id place_call(std::uint64_t pair, const std::string& called,
                         const std::string& calling) override;
  [[nodiscard]] std::size_t live_calls() const override { return calls_.size(); }
  void abort_all() override;
  [[nodiscard]] const ssf_settings& settings() const { return s_; }

  // tc_user (win_engine.cpp)
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

  // bearer_events, trunk_events (win_media.cpp)
  void bearer_up(std::uint32_t call, bearer_id id) override;
  void bearer_ended(std::uint32_t call, bearer_id id, const bearer_end& end) override;
  void trunk_alerting(std::uint32_t call, trunk_id id) override;
  void trunk_answered(std::uint32_t call, trunk_id id, const rtp_report& ringback) override;
  void trunk_ended(std::uint32_t call, trunk_id id, const trunk_end& end) override;

private:
  using call = win_call;
  using call_step = void (win_engine::*)(call&);

  // win_engine.cpp
  call* find(dialogue_id id);
  call* owner_of_event(dialogue_id tx);
  void touch(call& c);
  void trace(const call& c, const std::string& line);
  void fail(call& c, failure_kind k, std::string detail);
  void set_outcome(call& c, call_outcome o);
  // The call is over here: timers, bearer and trunk go; it finishes once
  // its transactions are closed.
  void end_call(call& c);
  // A failure: every open transaction of the call is aborted, it finishes now.
  void abort_call(call& c, failure_kind k, std::string detail);
  void maybe_finish(call& c);
  void finish(call& c);
  void forget_event(call& c, dialogue_id tx);
  // "TAnswer" for an event transaction of the call's, else "event trigger".
  const char* event_name(dialogue_id tx) const;
  void arm_sweep();
  void sweep();

  // win_flow.cpp
  void trigger_package(call& c, const tcap::dialogue_ind& ind);
  void event_package(call& c, const tcap::dialogue_ind& ind);
  bool connect_resource(call& c, const tcap::component_ind& comp);
  bool anlyzd_result(call& c, const tcap::component_ind& comp);
  void proceed(call& c);
  // Query w/ perm [the event's INVOKE] on a new transaction; false (the
  // call failed send_failed) when it could not be sent.
  bool send_event(call& c, win_event e);
  void occur(call& c, event_class what);
  void run_later(call& c, cmr::timer_service::timer_id& slot, milliseconds after, call_step fn);
  void timer_entry(dialogue_id id, call_step fn, bool abandon_slot);
  void scenario_fired(call& c);
  void hold_fired(call& c);
  void abandon_fired(call& c);
  void cancel_timers(call& c);

  // win_media.cpp
  void open_bearer(call& c);
  void close_bearer(call& c);
  [[nodiscard]] static bool has_bearer(const call& c) { return c.bearer != 0 || c.ip_seizure != 0; }
  void open_trunk(call& c);
  void close_trunk(call& c);
  bool trunk_callee(call& c);
  void check_rtp(call& c, const rtp_report& r);

  cmr::timer_service& timers_;
  ssf_settings s_;
  bearer_service* bearers_;
  trunk_service* trunks_ = nullptr;
  win_ip_emulator* ip_ = nullptr;
  call_observer& observer_;
  in::ansi_tcap::ansi_tcap_layer* layer_ = nullptr;
  std::unordered_map<dialogue_id, call> calls_;
  struct event_tx {
    dialogue_id call;
    win_event what;
  };
  std::unordered_map<dialogue_id, event_tx> event_owner_;  // event transaction -> call
  std::uint32_t next_billing_ = 0;                         // BillingID ID numbers, 24 bits
  cmr::timer_service::timer_id sweep_timer_ = 0;
};

}  // namespace cmr::tools::ssf
