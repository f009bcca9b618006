// The intelligent peripheral's ANSI-41 WIN role (IS-771 resource attachment,
// docs/cdma-delivery.md "win-resource"): the TC-user of an ANSI TCAP layer on
// the IP's WIN SSN.
//
//   SCP -> Query [INVOKE SeizeResource (PrivateSpecializedResource = id)]
//   IP  -> Conversation [RETURN RESULT (DestinationDigits = TLDN)]
//          ... the MSC's bearer INVITE to sip:<TLDN>@ip (bearer_call) ...
//   IP  -> Conversation [INVOKE InstructionRequest]
//   SCP -> Conversation [INVOKE SRFDirective (AnnouncementList)]
//          ... the bound announcement plays once on the bearer ...
//   IP  -> Conversation [RETURN RESULT srfdir]
//   SCP -> Response [RETURN RESULT instreq]; the bearer waits for the MSC's BYE.
//
// One seizure per transaction: its TLDN (tldn-prefix + 6 digits, unique
// among the live ones), the announcement bound at seizure and, once the
// bearer came, the bearer. The TLDN is free again when the transaction ends
// in any way. No bearer within tldn-timeout, or the caller's BYE before the
// play was reported: the IP aborts (TC-U-ABORT). An abort or a vanishing
// transaction on the SCP's side releases the bearer at once (BYE), as the
// CAP routing-number form does.
//
// Single-threaded: the IP's io_context runs the layer, its timers and every
// callback (intelligent_peripheral.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/tcap/tc_user.h"

namespace cmr::in::ip {

class bearer_call;
class intelligent_peripheral;

class win_role final : private tcap::tc_user {
public:
  win_role(intelligent_peripheral& owner, sigtran::sccp_service& sccp,
           ansi_tcap::ansi_tcap_config cfg);
  ~win_role() override;
  win_role(const win_role&) = delete;
  win_role& operator=(const win_role&) = delete;

  // An N-UNITDATA indication for the WIN SSN (on the io thread).
  void receive(const sigtran::n_unitdata& msg) { layer_.receive(msg); }

  // --- for bearer_call ---
  enum class tldn_state : std::uint8_t { unknown, taken, waiting };
  [[nodiscard]] tldn_state find(const std::string& tldn) const;
  // The announcement bound to a live TLDN.
  [[nodiscard]] std::optional<std::uint32_t> announcement_of(const std::string& tldn) const;
  // Binds the bearer to the seizure waiting on `tldn` and sends
  // InstructionRequest; the seizure's transaction id, 0 when that failed.
  tcap::dialogue_id attach(const std::string& tldn, const std::shared_ptr<bearer_call>& c);
  // The SRFDirective's announcement has played: its RETURN RESULT.
  void play_completed(tcap::dialogue_id d);
  // The bearer ended (BYE, max-call-duration, a failure): before the play was
  // reported the transaction is aborted, after it the SCP's Response is due.
  void bearer_gone(tcap::dialogue_id d, const char* why);

  // Aborts every transaction (shutdown).
  void stop_all();

  [[nodiscard]] std::size_t transaction_count() const { return layer_.transaction_count(); }
  [[nodiscard]] std::size_t seizure_count() const { return seizures_.size(); }

private:
  struct seizure {
    tcap::dialogue_id id = 0;
    std::string tldn;
    std::uint32_t announcement = 0;  // bound by PrivateSpecializedResource
    std::weak_ptr<bearer_call> bearer;
    bool attached = false;                  // the bearer came
    std::optional<std::int8_t> srf_invoke;  // the SRFDirective being played
    bool reported = false;                  // its RETURN RESULT went out
    std::uint64_t tldn_timer = 0;
    std::int8_t next_invoke_id = 1;
  };

  // tc_user
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

  void on_query(const tcap::dialogue_ind& ind);
  // True when a TLDN was given (the transaction continues).
  bool on_seize(tcap::dialogue_id d, const tcap::component_ind& c);
  // True when a reply was queued.
  bool on_srf_directive(tcap::dialogue_id d, const tcap::component_ind& c);
  // ReturnError for invoke `c`, counted and logged.
  void refuse(tcap::dialogue_id d, const tcap::component_ind& c, std::int32_t error,
              const std::string& why);
  void reject_mistyped(tcap::dialogue_id d, const tcap::component_ind& c, const std::string& why);
  // Answers a Query that gave no TLDN: Response (or abort without permission).
  void close_refused(tcap::dialogue_id d);

  std::optional<std::string> allocate_tldn();
  seizure* find_seizure(tcap::dialogue_id d);
  // Forgets the seizure (frees its TLDN, stops its timer); the bearer, if
  // any, is returned for the caller to tell.
  std::shared_ptr<bearer_call> forget(tcap::dialogue_id d);
  // The transaction is gone or unusable on the SCP's side: the bearer ends.
  void scp_gone(tcap::dialogue_id d, const char* why);
  void tldn_expired(tcap::dialogue_id d);

  intelligent_peripheral& owner_;
  std::unique_ptr<cmr::timer_service> timers_;
  ansi_tcap::ansi_tcap_layer layer_;
  std::unordered_map<tcap::dialogue_id, seizure> seizures_;
  std::unordered_map<std::string, tcap::dialogue_id> by_tldn_;
  std::mt19937 random_;
};

}  // namespace cmr::in::ip
