// Private to in/win: a call as the service sees it (msc_call: the MSC's
// AnalyzedInformation transaction, then its event triggers by BillingID)
// and the resource seized for it at the IP (seizure: SeizeResource, then
// InstructionRequest / SRFDirective in the same transaction). Owned by the
// win_mapping; a call owns its seizure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "in/ansi41/win_operations.h"
#include "in/win/win_mapping.h"

namespace cmr::in::win {

// A RETURN RESULT's parameter: none when the result says nothing. T1.114
// makes it optional, and Wireshark 4.0's ANSI MAP warns about an empty SET
// for results it has no definition of (TAnswer, the anlyzd result after a
// DisconnectResource in one package); invokes always carry their SET.
std::optional<ansi41::bytes> result_parameter(ansi41::bytes set);

// BillingID as one number: MSCID (24 bits), ID number (24), segment (8).
std::uint64_t billing_key(const ansi41::billing_id& b);

class seizure final : public scp::resource_dialogue {
public:
  seizure(win_mapping& m, msc_call& call, std::string correlation)
      : m_(m), call_(call), correlation_(std::move(correlation)) {}
  ~seizure() override;
  seizure(const seizure&) = delete;
  seizure& operator=(const seizure&) = delete;

  // Query [SeizeResource] to the IP; false when it could not be sent.
  bool start(std::uint32_t announcement_id);

  // resource_dialogue
  [[nodiscard]] std::string name() const override;
  [[nodiscard]] bool play(const scp::play_announcement& p) override;
  void close() override;

  // The IP's packages and the layer's indications for its transaction.
  void components(const tcap::dialogue_ind& ind);
  void lost(const std::string& why);
  void l_cancel(const tcap::l_cancel_ind& ind);
  // The call is over before the service took the resource: abort it.
  void drop();

  [[nodiscard]] bool assisted() const { return assisted_; }
  [[nodiscard]] bool over() const { return over_; }

private:
  void seized(const tcap::component_ind& comp);
  void failed(const std::string& why);
  void instruction_request(const tcap::component_ind& comp);
  void finish();

  win_mapping& m_;
  msc_call& call_;
  std::string correlation_;
  tcap::dialogue_id tid_ = 0;
  bool open_ = false;      // the transaction is open both ways
  bool assisted_ = false;  // the service took it (InstructionRequest)
  bool over_ = false;      // the service is done with it, or was told of its end
  std::int8_t seize_invoke_ = 1;
  std::optional<std::int8_t> instreq_invoke_;
  std::optional<std::int8_t> srf_invoke_;
  std::int8_t next_invoke_ = 2;
  std::uint32_t announcement_ = 0;
};

class msc_call final : public scp::switch_dialogue {
public:
  msc_call(win_mapping& m, std::uint64_t serial, tcap::dialogue_id tid, std::int8_t invoke,
           const ansi41::analyzed_information& a);
  ~msc_call() override;
  msc_call(const msc_call&) = delete;
  msc_call& operator=(const msc_call&) = delete;

  // switch_dialogue
  [[nodiscard]] const char* protocol() const override { return "ansi-41"; }
  [[nodiscard]] std::string name() const override;
  [[nodiscard]] bool can(scp::capability c) const override;
  [[nodiscard]] bool open() const override { return !peer_gone_ && !service_done_; }
  [[nodiscard]] bool send(std::span<const scp::instruction> ops, bool last) override;
  void refuse_missing_parameter() override;
  void close() override;
  void abort() override;

  // The MSC's packages and the layer's indications for the trigger transaction.
  void components(const tcap::dialogue_ind& ind);
  void lost(const std::string& why);
  void l_cancel(const tcap::l_cancel_ind& ind);
  // An event trigger of this call (its transaction already answered).
  void triggered(const scp::event_report& e, bool ending);

  // From the seizure: the TLDN to connect the caller to, or why not.
  void seized(const ansi41::digits& tldn);
  void seize_failed(const std::string& why);
  void seizure_over();

  [[nodiscard]] std::uint64_t serial() const { return serial_; }
  [[nodiscard]] std::uint64_t billing() const { return billing_; }
  [[nodiscard]] bool answered() const { return answered_; }
  // Both sides are done: the mapping may free it.
  [[nodiscard]] bool done() const {
    return service_done_ && !trigger_open_ && (!seize_ || seize_->over());
  }

private:
  std::int8_t take_invoke_id();
  // The trigger transaction's end (Response) with whatever is queued.
  void end_trigger();
  // The service's last word, or the mapping told it the end.
  void service_over();
  void guard();
  void guard_expired();

  win_mapping& m_;
  std::uint64_t serial_;
  tcap::dialogue_id tid_;
  std::int8_t anlyzd_invoke_;
  std::uint64_t billing_;
  bool trigger_open_ = true;  // the AnalyzedInformation transaction
  bool answered_trigger_ = false;  // its RETURN RESULT was sent
  bool peer_gone_ = false;     // the MSC ended, aborted or reported the last event
  bool service_done_ = false;  // the service gave its last word or was told the end
  bool answered_ = false;
  std::int8_t next_invoke_ = 1;
  std::unique_ptr<seizure> seize_;
  std::optional<std::int8_t> connect_invoke_;
  timer_service::timer_id guard_ = 0;
};

}  // namespace cmr::in::win
