// The ANSI TCAP layer (T1.114.4 transaction and component sublayers) for one
// local SSN: owns that SSN's transactions, sends through an SCCP service and
// is fed every N-UNITDATA indication for the SSN by its owner. Same
// threading contract as tcap::tcap_layer: one strand for receive(), the
// requests and the timer callbacks; the TC-user may call back in from its
// indications.
//
// The TC-user interface is the ITU one (in/tcap/tc_user.h and
// tc_primitives.h): a Query arrives as a TC-BEGIN indication, a
// Conversation as TC-CONTINUE, a Response as TC-END, an Abort as TC-P-ABORT
// (P-Abort cause) or TC-U-ABORT (user abort information), a Unidirectional
// as TC-UNI. The requests keep the ITU names with ANSI's one addition, the
// permission to release: begin() sends a Query, continue_() a Conversation
// (each with or without permission), end() a Response, which T1.114 allows
// only when the peer's last package granted permission. Operation and error
// codes are packed national/private codes (ansi_tcap_message.h).
//
// Every transaction ends: by Response, Abort (either side), prearranged end,
// the inactivity timer or a protocol error; transaction_count() and the timer
// service's pending() return to zero when all have.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/fsm.h"
#include "in/ansi_tcap/ansi_tcap_counters.h"
#include "in/ansi_tcap/ansi_tcap_message.h"
#include "in/ansi_tcap/ansi_transaction_fsm.h"
#include "in/tcap/component_sublayer.h"
#include "in/tcap/tc_user.h"
#include "in/tcap/tid_allocator.h"
#include "sigtran/sccp_types.h"

namespace cmr::in::ansi_tcap {

using tcap::dialogue_id;
using tcap::invoke_req;
using tcap::reject_problem;
using tcap::tc_error;

struct ansi_tcap_config {
  std::chrono::milliseconds inactivity_timeout{std::chrono::seconds(90)};
  std::chrono::milliseconds reject_timeout{std::chrono::seconds(1)};
  std::size_t max_transactions = 200000;  // beyond: Queries get Abort resourceUnavailable
  // An Invoke whose operation code is not in the operation table is
  // rejected here (invoke-unrecognisedOperation, TC-L-REJECT to the user)
  // rather than delivered; off: delivered, the user decides (the ITU way).
  bool reject_unknown_operations = true;
  std::optional<std::uint64_t> tid_seed;  // tests: reproducible TIDs
};

// One transaction: the shared dialogue record (components, invocations,
// addresses, inactivity bookkeeping) plus the ANSI transaction machine.
struct ansi_transaction {
  explicit ansi_transaction(dialogue_id id);
  tcap::dialogue core;  // core.state mirrors tsm for the component sublayer's log lines
  fsm<tsm_state, ansi_tsm_event> tsm;
  std::optional<std::uint32_t> peer_tid;
  bool release_permitted = false;  // the peer's last Query/Conversation was "with permission"
  bool apply(ansi_tsm_event e, const char* detail = nullptr);
};

// "ansi_tcap(tid=0x1a2b3c4d)": the log prefix of a transaction.
std::string prefix_of(dialogue_id id);

class ansi_tcap_layer final : private tcap::timer_sink {
public:
  ansi_tcap_layer(sigtran::sccp_service& sccp, timer_service& timers, tcap::tc_user& user,
                  tcap::operation_table ops, ansi_tcap_config cfg = {});
  ~ansi_tcap_layer() override;
  ansi_tcap_layer(const ansi_tcap_layer&) = delete;
  ansi_tcap_layer& operator=(const ansi_tcap_layer&) = delete;

  void receive(const sigtran::n_unitdata& msg);
  void notice(const sigtran::n_notice& n);

  // TC-UNI: one Unidirectional package (no transaction ID) with `invokes`.
  result<void, tc_error> unidirectional(
      const sigtran::sccp_address& called, const std::vector<invoke_req>& invokes,
      std::optional<sigtran::sccp_address> calling = std::nullopt);

  // A new transaction toward `called`; its 4-octet originating TID is the id.
  dialogue_id open(const sigtran::sccp_address& called,
                   std::optional<sigtran::sccp_address> calling = std::nullopt);

  // Component requests (queued until the next package). Results carry no
  // operation code on the wire.
  result<void, tc_error> invoke(dialogue_id d, const invoke_req& req);
  result<void, tc_error> result_last(dialogue_id d, std::int8_t invoke_id,
                                     std::optional<bytes> param = std::nullopt);
  result<void, tc_error> result_not_last(dialogue_id d, std::int8_t invoke_id,
                                         std::optional<bytes> param);
  result<void, tc_error> u_error(dialogue_id d, std::int8_t invoke_id, std::int32_t error,
                                 std::optional<bytes> param = std::nullopt);
  result<void, tc_error> u_reject(dialogue_id d, std::int8_t invoke_id, reject_problem problem);
  result<void, tc_error> u_cancel(dialogue_id d, std::int8_t invoke_id);

  // Package requests: Query / Conversation (with or without permission to
  // release), Response (basic) or local end, user Abort.
  result<void, tc_error> begin(dialogue_id d, bool permission = true);
  result<void, tc_error> continue_(dialogue_id d, bool permission = true);
  result<void, tc_error> end(dialogue_id d, bool prearranged = false);
  // `user_info`: the UserAbortInformation TLV (F8 ...) to send, if any.
  result<void, tc_error> u_abort(dialogue_id d, std::optional<bytes> user_info = std::nullopt);

  [[nodiscard]] bool release_permitted(dialogue_id d) const;
  [[nodiscard]] bool has_pending(dialogue_id d) const;
  [[nodiscard]] std::size_t transaction_count() const { return transactions_.size(); }
  [[nodiscard]] const ansi_tcap_counters& counters() const { return counters_; }

private:
  void invocation_timer(dialogue_id d, std::int8_t invoke_id) override;
  void remote_invocation_timer(dialogue_id d, std::int8_t invoke_id) override;

  ansi_transaction* find(dialogue_id d);
  ansi_transaction& create(dialogue_id id);
  void close(ansi_transaction& t);
  void touch(ansi_transaction& t);
  void inactivity_expired(dialogue_id id);
  void local_p_abort(ansi_transaction& t, ansi_tsm_event e, tcap::p_abort_reason why);

  bool send_package(ansi_transaction& t, package type);
  bool send(const sigtran::sccp_address& to, const sigtran::sccp_address& from, const message& m,
            dialogue_id for_notice);
  void send_p_abort(const sigtran::n_unitdata& rx, std::uint32_t to_tid, p_abort_cause cause);
  void queue_notice(tcap::notice_ind n);
  void deliver_notices();

  // Received packages (ansi_tcap_layer_rx.cpp).
  void rx_unusable(const sigtran::n_unitdata& rx, const package_error& e);
  void rx_query(const sigtran::n_unitdata& rx, parsed_package& p);
  void rx_conversation(const sigtran::n_unitdata& rx, parsed_package& p);
  void rx_response(const sigtran::n_unitdata& rx, parsed_package& p);
  void rx_abort(const sigtran::n_unitdata& rx, parsed_package& p);
  void rx_unidirectional(const sigtran::n_unitdata& rx, parsed_package& p);
  void rx_components(ansi_transaction& t, std::vector<salvaged_component>& comps,
                     std::vector<tcap::component_ind>& out, bool can_reply);

  sigtran::sccp_service& sccp_;
  timer_service& timers_;
  tcap::tc_user& user_;
  tcap::operation_table ops_;
  ansi_tcap_config cfg_;
  tcap::component_sublayer components_;
  tcap::tid_allocator tids_;
  std::unordered_map<dialogue_id, std::unique_ptr<ansi_transaction>> transactions_;
  ansi_tcap_counters counters_;
  std::vector<tcap::notice_ind> pending_notices_;
  timer_service::timer_id notice_timer_ = 0;
};

}  // namespace cmr::in::ansi_tcap
