// ANSI-41 WIN over ANSI TCAP: the SCP service logic's second protocol
// mapping (DESIGN.md 9a, docs/cdma-delivery.md), beside in/cap. One
// win_mapping is the TC-user of the SCP's ANSI TCAP layer (scp / win-ssn);
// it turns transactions into the service's switch and resource dialogues:
//
//   Query [AnalyzedInformation]        -> a switch dialogue (msc_call),
//                                         switch_listener::triggered; the
//                                         TriggerType's win-trigger line
//                                         names service and profile
//   establish_temporary_connection     -> Query [SeizeResource] to the IP;
//                                         its result's TLDN -> Conversation
//                                         [ConnectResource] to the MSC
//   Conversation [InstructionRequest]  -> a resource dialogue (the seizure),
//     from the IP in that transaction     switch_listener::assist_requested
//   play_announcement                  -> SRFDirective; its result ->
//                                         resource_reported
//   resource close                     -> Response [instreq RETURN RESULT]
//   disconnect_resource + continue_call-> Response [DisconnectResource,
//                                         anlyzd RETURN RESULT]
//   route_to_platform                  -> Response [anlyzd RETURN RESULT
//                                         with RoutingDigits]
//   Query [TAnswer|TBusy|TNoAnswer|    -> switch_listener::reported on the
//          ODisconnect|TDisconnect]       call of that BillingID, answered
//                                         with its RETURN RESULT (Response)
//
// A call outlives its AnalyzedInformation transaction: once the trigger is
// answered, the event triggers arrive in transactions of their own, matched
// by BillingID; a call that sees none within `scp / inactivity-timer` ends.
// What the service never sees is answered here: an undecodable argument
// (Reject incorrect parameter), a missing mandatory parameter (ReturnError
// MissingParameter), a trigger type with no win-trigger line (an empty
// RETURN RESULT: the call proceeds untouched).
//
// Threading: single-threaded, the service's strand (the layer, the timers,
// the service and the mapping share it).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/timer_service.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/scp/scp_counters.h"
#include "in/scp/scp_settings.h"
#include "in/scp/switch_dialogue.h"
#include "in/tcap/tc_user.h"
#include "sigtran/sccp_types.h"

namespace cmr::in::win {

class msc_call;
class seizure;

class win_mapping final : public tcap::tc_user {
public:
  // `counters`: the service's ("show cmr scp"). `cfg`: numbering plan,
  // win-trigger lines, inactivity timer. `timers`: on the service's strand.
  win_mapping(scp::switch_listener& listener, scp::scp_counters& counters,
              const scp::scp_settings& cfg, timer_service& timers);
  ~win_mapping() override;
  win_mapping(const win_mapping&) = delete;
  win_mapping& operator=(const win_mapping&) = delete;

  // The layer this mapping is the TC-user of, and the IP SeizeResource goes
  // to (bind before the layer receives).
  void bind(ansi_tcap::ansi_tcap_layer& layer, const sigtran::sccp_address& ip);
  // The ANSI TCAP configuration for the layer (inactivity timer).
  [[nodiscard]] ansi_tcap::ansi_tcap_config tcap_settings() const;
  // "win-calls N" for "show cmr scp" (thread-safe).
  [[nodiscard]] std::string status_lines() const;
  // After every callback: the open transactions of the layer.
  void recount();

  // tc_user
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

  // --- for the calls and seizures (win_calls.cpp) --------------------------------
  ansi_tcap::ansi_tcap_layer& layer() { return *layer_; }
  const sigtran::sccp_address& ip_address() const { return ip_; }
  scp::switch_listener& listener() { return listener_; }
  scp::scp_counters& counters() { return counters_; }
  const scp::scp_settings& settings() const { return cfg_; }
  timer_service& timers() { return timers_; }
  // An invoke no flow expects: Reject unrecognised operation (when a
  // package can still carry it), counted.
  void unexpected(tcap::dialogue_id tid, const tcap::component_ind& comp, bool can_reply);
  // A transaction now belongs to `c` (its trigger) or `s` (a seizure).
  void own(tcap::dialogue_id tid, msc_call* c, seizure* s);
  void disown(tcap::dialogue_id tid);
  void forget_billing(std::uint64_t key, const msc_call* c);
  // The call may be done on both sides: freed by the next sweep.
  void dead(msc_call* c);
  // After a timer of a call: frees what is done, recounts.
  void settle() { sweep(); }

private:
  void begin(const tcap::dialogue_ind& ind);
  void analyzed_information(const tcap::dialogue_ind& ind, const tcap::component_ind& comp);
  void event_trigger(const tcap::dialogue_ind& ind, const tcap::component_ind& comp);
  // Answers an invoke the service never sees and ends the transaction.
  void refuse(tcap::dialogue_id tid, const tcap::component_ind& comp, bool missing,
              const std::string& why);
  void sweep();

  struct owner {
    msc_call* call = nullptr;
    seizure* seize = nullptr;
  };

  scp::switch_listener& listener_;
  scp::scp_counters& counters_;
  const scp::scp_settings& cfg_;
  timer_service& timers_;
  ansi_tcap::ansi_tcap_layer* layer_ = nullptr;
  sigtran::sccp_address ip_;
  std::uint64_t next_call_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<msc_call>> calls_;
  std::unordered_map<tcap::dialogue_id, owner> by_tid_;
  std::unordered_map<std::uint64_t, msc_call*> by_billing_;
  std::vector<std::uint64_t> dead_;
  gauge_ref& transactions_ = counters_.win_transactions;
  std::atomic<std::int64_t> live_calls_{0};
};

}  // namespace cmr::in::win
