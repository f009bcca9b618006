// The emulated intelligent peripheral of cmr-ssf's ANSI-41 mode
// (--emulate-ip, docs/cmr-ssf.md): the IP's WIN side (docs/cdma-delivery.md,
// "win-resource") without media, so that signalling-only load runs the
// whole resource ladder instead of stalling at the IP's tldn-timeout. The
// TC-user of its own ANSI TCAP layer on a second SCCP user (SSN 148 by
// default), in the MSC's process and strand:
//
//   SCP -> Query [INVOKE SeizeResource (PrivateSpecializedResource = id)]
//   IP  -> Conversation [RETURN RESULT (DestinationDigits = TLDN)]
//          ... the emulated MSC's ConnectResource(TLDN): attach() stands
//              for the bearer arriving at the TLDN ...
//   IP  -> Conversation [INVOKE InstructionRequest {}]
//   SCP -> Conversation [INVOKE SRFDirective (AnnouncementList)]
//   IP  -> Conversation [RETURN RESULT {}]   (the resource "played" at once)
//   SCP -> Response [RETURN RESULT instreq]: the seizure is over.
//
// One seizure per transaction, its TLDN (prefix + 6 digits, unique among
// the live ones) free again when the transaction ends in any way. Refusals
// as the real IP's (in/ip/win_role.h) where they do not need media: an
// undecodable SeizeResource is rejected (mistyped parameter), one without
// a 4-octet non-zero PrivateSpecializedResource gets a ReturnError. A
// seizure no ConnectResource reaches within the TLDN timeout, or whose
// transaction sees no progress within the call timeout, is aborted; the
// check is a sweep once a second (no timer per seizure: load mode).
//
// Single-threaded: the io thread that runs the MSC runs this too.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "common/timer_service.h"
#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/tcap/operation_table.h"
#include "in/tcap/tc_user.h"
#include "tools/cmr-ssf/ssf_types.h"

namespace cmr::tools::ssf {

struct win_ip_settings {
  std::string tldn_prefix = "49608";  // + 6 digits
  std::chrono::milliseconds tldn_timeout{std::chrono::seconds(10)};
  // No progress on an attached seizure for this long: aborted. Also
  // InstructionRequest's operation timer.
  std::chrono::milliseconds call_timeout{std::chrono::seconds(60)};
  std::optional<std::uint32_t> seed;  // tests: reproducible TLDNs
};

struct win_ip_counters {
  std::uint64_t seizures = 0;              // TLDNs given
  std::uint64_t refusals = 0;              // SeizeResource refused (ReturnError, Reject)
  std::uint64_t instruction_requests = 0;  // bearers "arrived": InstructionRequest sent
  std::uint64_t srf_directives = 0;        // answered with their RETURN RESULT
  std::uint64_t completed = 0;             // ended by the SCP's Response
  std::uint64_t aborted = 0;               // aborted either side, expired, or failed
};

class win_ip_emulator final : public tcap::tc_user {
public:
  win_ip_emulator(cmr::timer_service& timers, win_ip_settings s);
  ~win_ip_emulator() override;
  win_ip_emulator(const win_ip_emulator&) = delete;
  win_ip_emulator& operator=(const win_ip_emulator&) = delete;

  void set_layer(in::ansi_tcap::ansi_tcap_layer* layer) { layer_ = layer; }
  // The codec's WIN operation table with InstructionRequest's timer set to
  // the call timeout.
  static tcap::operation_table operations(std::chrono::milliseconds call_timeout);

  // --- for the emulated MSC (win_engine) ---
  // The MSC's bearer to `tldn` "arrives": a seizure waiting on it sends
  // InstructionRequest. Its transaction id (the handle for bearer_gone), 0
  // when no seizure waits on that TLDN or the package could not be sent.
  tcap::dialogue_id attach(const std::string& tldn);
  // The MSC dropped the bearer (DisconnectResource, the caller's abandon):
  // before the SRFDirective was answered the transaction is aborted, after
  // it the SCP's Response ends it. Unknown handles are ignored.
  void bearer_gone(tcap::dialogue_id d);
  [[nodiscard]] bool holds(const std::string& tldn) const { return by_tldn_.contains(tldn); }

  // Aborts every seizure (shutdown).
  void abort_all();

  [[nodiscard]] std::size_t seizure_count() const { return seizures_.size(); }
  [[nodiscard]] const win_ip_counters& counters() const { return counters_; }

  // tc_user
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

private:
  struct seizure {
    std::string tldn;
    bool attached = false;  // the MSC's ConnectResource reached it
    bool reported = false;  // the SRFDirective's RETURN RESULT went out
    cmr::timer_service::time_point deadline;
  };

  void on_query(const tcap::dialogue_ind& ind);
  // True when the TLDN was given (the transaction continues).
  bool on_seize(tcap::dialogue_id d, const tcap::component_ind& c);
  // True when an answer was queued.
  bool on_srf_directive(tcap::dialogue_id d, seizure& s, const tcap::component_ind& c);
  void refuse(tcap::dialogue_id d, const tcap::component_ind& c, std::int32_t error,
              const std::string& why);
  void reject_mistyped(tcap::dialogue_id d, const tcap::component_ind& c, const std::string& why);
  std::optional<std::string> allocate_tldn();
  seizure* find(tcap::dialogue_id d);
  void forget(tcap::dialogue_id d);
  // Our side ends the transaction: user Abort, seizure forgotten.
  void abort(tcap::dialogue_id d, const char* why);
  void arm_sweep();
  void sweep();

  cmr::timer_service& timers_;
  win_ip_settings s_;
  in::ansi_tcap::ansi_tcap_layer* layer_ = nullptr;
  std::unordered_map<tcap::dialogue_id, seizure> seizures_;
  std::unordered_map<std::string, tcap::dialogue_id> by_tldn_;
  std::mt19937 random_;
  cmr::timer_service::timer_id sweep_timer_ = 0;
  win_ip_counters counters_;
};

}  // namespace cmr::tools::ssf
