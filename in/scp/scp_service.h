// The CMR SCP service logic (gsmSCF / INAP SCF, DESIGN.md section 7,
// docs/cs-delivery.md): the TC-user of one TCAP layer per SCCP SSN (146 CAP,
// 241 INAP). It detects the trigger in the InitialDP, asks the decision
// engine, and runs the service key's delivery profile (one procedure class
// per file), following the armed events to the end of the call, then writes
// the charging record. Assisting-IP dialogues (AssistRequestInstructions)
// are correlated across all layers of the service.
//
// Threading: single-threaded. Every layer of one service, the timer service
// and the service itself run on one Asio strand (so an ARI on SSN 241 may
// find a call of SSN 146). counters() and status_text() are safe anywhere.
//
// The service never blocks a call: an unknown key, an unknown subscriber,
// nothing to present, or any internal failure answers Continue.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "in/scp/assist_registry.h"
#include "in/scp/call.h"
#include "in/scp/charging_record.h"
#include "in/scp/scp_counters.h"
#include "in/scp/scp_settings.h"
#include "in/tcap/tcap_layer.h"

namespace cmr::in::scp {

// What the decision engine chose for a call (store::decision reduced to what
// CS delivery needs).
struct resource_choice {
  std::string id;
  std::uint32_t announcement_id = 0;
  std::optional<std::uint8_t> alerting_pattern;  // 29.078 AlertingPattern octet 3
};
// owner, cmrt?, other party (may be empty) -> the resource, nullopt: nothing.
using decide_fn = std::function<std::optional<resource_choice>(std::string_view owner, bool cmrt,
                                                               std::string_view other)>;

class scp_service;

// The TC-user of one TCAP layer. Created by scp_service::add_endpoint();
// bind() it to its layer before the layer receives anything.
class scp_endpoint final : public tcap::tc_user {
public:
  scp_endpoint(scp_service& svc, std::uint8_t index, codec::protocol_variant default_variant)
      : svc_(svc), index_(index), default_variant_(default_variant) {}
  void bind(tcap::tcap_layer& layer) { layer_ = &layer; }
  [[nodiscard]] tcap::tcap_layer& layer() const { return *layer_; }
  [[nodiscard]] bool bound() const { return layer_ != nullptr; }
  [[nodiscard]] std::uint8_t index() const { return index_; }
  // The variant of a dialogue without dialogue portion (INAP CS-1 peers may
  // omit it): INAP on the INAP SSN.
  [[nodiscard]] codec::protocol_variant default_variant() const { return default_variant_; }

  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;

private:
  scp_service& svc_;
  std::uint8_t index_;
  codec::protocol_variant default_variant_;
  tcap::tcap_layer* layer_ = nullptr;
};

class scp_service {
public:
  // `timers` must be the timer service of the layers (same strand).
  // `records` may be null (no charging records at all: tests).
  scp_service(scp_settings cfg, decide_fn decide, cmr::timer_service& timers,
              charging_writer* records, std::optional<std::uint64_t> seed = std::nullopt);
  ~scp_service();
  scp_service(const scp_service&) = delete;
  scp_service& operator=(const scp_service&) = delete;

  // The application contexts a layer on `ssn` accepts: the SSF-side contexts
  // of its family (146 CAP v2/v3/v4, 241 INAP CS-1) and every gsmSRF/IP
  // context (an assisting IP's ARI may come to either SSN).
  static tcap::ac_table contexts_for_ssn(std::uint8_t ssn);
  // The TCAP configuration for the service's layers (inactivity timer).
  [[nodiscard]] tcap::tcap_config tcap_settings() const;

  scp_endpoint& add_endpoint(std::uint8_t ssn);

  [[nodiscard]] std::size_t live_calls() const { return calls_.size(); }
  [[nodiscard]] const scp_counters& counters() const { return counters_; }
  // "show cmr scp": live calls, open TCAP dialogues of the service's layers
  // (as of the last indication or timer) and the counters (thread-safe).
  [[nodiscard]] std::string status_text() const;

  // --- for the procedures (in/scp/*.cpp) -----------------------------------
  [[nodiscard]] const scp_settings& settings() const { return cfg_; }
  cmr::timer_service& timers() { return timers_; }
  scp_counters& counters_mut() { return counters_; }
  assist_registry& assists() { return assists_; }
  // A live call was answered ("live-answered" of "show cmr scp").
  void note_answered() { ++answered_live_; }
  // Marks the call finished: its record is written and it is freed once the
  // current callback returns (never while a procedure is on the stack).
  void finish(call& c);
  // Ties an assisting IP's dialogue to a call.
  void attach_assist(call& c, scp_endpoint& ep, tcap::dialogue_id d);
  void detach_assist(call& c);
  // Runs fn from a timer: the sweep follows, like after any indication.
  std::function<void()> guarded(std::function<void()> fn);
  // An operation argument that many calls share (the UI event set of a
  // variant and trigger side, ConnectToResource, the PlayAnnouncement of an
  // announcement id): `make` encodes it the first time `arg_key` is asked for,
  // later calls get a copy of those bytes (the settings never change while
  // the service lives). A failed (empty) encoding is not kept. At most
  // k_arg_cache_size keys; beyond, the cache starts over.
  template <typename F>
  codec::bytes shared_arg(std::uint64_t arg_key, F&& make) {
    if (auto it = arg_cache_.find(arg_key); it != arg_cache_.end()) return it->second;
    codec::bytes b = make();
    if (b.empty()) return b;
    if (arg_cache_.size() >= k_arg_cache_size) arg_cache_.clear();
    arg_cache_.emplace(arg_key, b);
    return b;
  }
  static constexpr std::size_t k_arg_cache_size = 4096;

private:
  friend class scp_endpoint;
  using key = std::uint64_t;  // endpoint index << 32 | dialogue id
  static key key_of(const scp_endpoint& ep, tcap::dialogue_id d) {
    return (static_cast<key>(ep.index()) << 32U) | d;
  }

  void on_dialogue(scp_endpoint& ep, const tcap::dialogue_ind& ind);
  void on_dialogue_lost(scp_endpoint& ep, tcap::dialogue_id d, const char* why);
  void on_l_cancel(scp_endpoint& ep, const tcap::l_cancel_ind& ind);
  void begin(scp_endpoint& ep, const tcap::dialogue_ind& ind);
  void ssf_components(call& c, const tcap::dialogue_ind& ind);
  void assist_components(call& c, const tcap::dialogue_ind& ind);
  void flush_rejects(scp_endpoint& ep, tcap::dialogue_id d);

  // idp_trigger.cpp. The call it created (perhaps already finished), or
  // nullptr when the InitialDP was refused before one existed.
  call* initial_dp(scp_endpoint& ep, const tcap::dialogue_ind& ind, codec::protocol_variant v,
                   const tcap::component_ind& comp);
  // assist_request.cpp
  void assist_request(scp_endpoint& ep, const tcap::dialogue_ind& ind, codec::protocol_variant v,
                      const tcap::component_ind& comp);

  call& new_call(scp_endpoint& ep, tcap::dialogue_id d, codec::protocol_variant v);
  // ActivityTest: one timer per call, due `interval` after the SSF's last
  // message (re-armed lazily: a message only notes its time).
  void watch_activity(call& c, cmr::timer_service::duration after);
  void activity_due(std::uint64_t call_id);
  bool activity_result(call& c, const tcap::component_ind& comp);
  void activity_failed(call& c);
  void write_record(const call& c);
  void sweep();
  void count_outcome(call_outcome o);

  scp_settings cfg_;
  decide_fn decide_;
  cmr::timer_service& timers_;
  charging_writer* records_;
  assist_registry assists_;
  scp_counters counters_;
  std::vector<std::unique_ptr<scp_endpoint>> endpoints_;
  std::uint64_t next_call_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<call>> calls_;
  std::unordered_map<key, std::uint64_t> by_ssf_;     // SSF dialogue -> call
  std::unordered_map<key, std::uint64_t> by_assist_;  // IP dialogue -> call
  std::atomic<std::size_t> live_{0};
  std::atomic<std::size_t> answered_live_{0};  // live calls past their answer
  std::atomic<std::size_t> dialogues_{0};  // open TCAP dialogues of all layers, at the last sweep
  std::vector<std::uint64_t> finished_;    // swept after the current callback
  std::unordered_map<std::uint64_t, codec::bytes> arg_cache_;  // shared_arg()
};

}  // namespace cmr::in::scp
