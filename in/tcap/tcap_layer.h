// The TCAP layer for one local SSN (Q.774 transaction and component
// sublayers): owns the dialogues of that SSN, sends through an SCCP service
// and is fed every N-UNITDATA indication for the SSN by its owner.
//
// Threading: single-threaded. The owner runs receive(), every request and
// the timer service's callbacks on one Asio strand (the sigtran bridge posts
// received messages there; asio_timer_service uses the same executor). The
// TC-user's callbacks run on that strand too and may issue requests from
// inside them, including ending the dialogue being indicated.
//
// Requests follow Q.771: component requests (invoke, result_last, ...) queue
// components in the dialogue; a dialogue request (begin, continue_, end)
// sends them. Every dialogue ends: by END, ABORT (either side), the inactivity
// timer, or a protocol error; dialogue_count() and the timer service's
// pending() return to zero when all have.
//
// Inactivity: a dialogue with no message either way for
// tcap_config::inactivity_timeout is closed: the peer (when its TID is known)
// gets a TC-ABORT whose ABRT names the dialogue-service-provider as source
// (or a P-Abort resourceLimitation for a dialogue without dialogue portion),
// and the local user a TC-P-ABORT indication with reason inactivity_timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "in/tcap/ac_table.h"
#include "in/tcap/component_sublayer.h"
#include "in/tcap/tc_user.h"
#include "in/tcap/tcap_counters.h"
#include "in/tcap/tid_allocator.h"
#include "sigtran/sccp_types.h"

namespace cmr::in::tcap {

struct tcap_config {
  std::chrono::milliseconds inactivity_timeout{std::chrono::seconds(90)};
  // How long an invoke ID stays reserved after its last result/error
  // (Q.774 wait-for-reject).
  std::chrono::milliseconds reject_timeout{std::chrono::seconds(1)};
  std::size_t max_dialogues = 200000;     // beyond: new Begins get P-Abort resourceLimitation
  std::optional<std::uint64_t> tid_seed;  // tests: reproducible TIDs
};

enum class u_abort_reason : std::uint8_t {
  user,              // ABRT, abort-source dialogue-service-user
  ac_not_supported,  // dialogue refusal: AARE rejected, application-context-name-not-supported
};

class tcap_layer final : private timer_sink {
public:
  tcap_layer(sigtran::sccp_service& sccp, timer_service& timers, tc_user& user, ac_table acs,
             operation_table ops, tcap_config cfg = {});
  ~tcap_layer() override;
  tcap_layer(const tcap_layer&) = delete;
  tcap_layer& operator=(const tcap_layer&) = delete;

  // An N-UNITDATA indication for this SSN.
  void receive(const sigtran::n_unitdata& msg);
  // An N-NOTICE indication for this SSN (sigtran::ss7_stack::attach with a
  // notice handler): the returned message's dialogue, if still open, gets a
  // TC-NOTICE.
  void notice(const sigtran::n_notice& n);

  // TC-UNI request: one Unidirectional message carrying `invokes` (class 4
  // operations: no invocation state is kept, no reply is possible) to
  // `called`, with an AUDT naming `ac` when given. Errors: encode_failed
  // (no invokes, or they do not encode), send_failed (the SCCP service
  // refused it; a TC-NOTICE with id 0 follows).
  result<void, tc_error> unidirectional(
      const sigtran::sccp_address& called, std::optional<codec::oid> ac,
      const std::vector<invoke_req>& invokes,
      std::optional<sigtran::sccp_address> calling = std::nullopt);

  // A new dialogue toward `called`: allocates its transaction ID. `ac`: the
  // application context to propose (AARQ), none for a dialogue without
  // dialogue portion. `calling` defaults to the SCCP service's own address.
  dialogue_id open(const sigtran::sccp_address& called, std::optional<codec::oid> ac,
                   std::optional<sigtran::sccp_address> calling = std::nullopt);

  // Component requests.
  result<void, tc_error> invoke(dialogue_id d, const invoke_req& req);
  result<void, tc_error> result_last(dialogue_id d, std::int8_t invoke_id, std::int32_t opcode,
                                     std::optional<bytes> param = std::nullopt);
  result<void, tc_error> result_not_last(dialogue_id d, std::int8_t invoke_id, std::int32_t opcode,
                                         std::optional<bytes> param);
  result<void, tc_error> u_error(dialogue_id d, std::int8_t invoke_id, std::int32_t error,
                                 std::optional<bytes> param = std::nullopt);
  result<void, tc_error> u_reject(dialogue_id d, std::int8_t invoke_id, reject_problem problem);
  result<void, tc_error> u_cancel(dialogue_id d, std::int8_t invoke_id);

  // Dialogue requests.
  result<void, tc_error> begin(dialogue_id d);
  result<void, tc_error> continue_(dialogue_id d);
  // prearranged: local end, nothing is sent (queued components are dropped).
  result<void, tc_error> end(dialogue_id d, bool prearranged = false);
  result<void, tc_error> u_abort(dialogue_id d, u_abort_reason why = u_abort_reason::user);

  [[nodiscard]] std::size_t dialogue_count() const { return dialogues_.size(); }
  [[nodiscard]] const tcap_counters& counters() const { return counters_; }
  [[nodiscard]] const ac_table& contexts() const { return acs_; }
  // The context a dialogue runs (proposed or accepted), for the TC-user.
  [[nodiscard]] std::optional<codec::oid> context_of(dialogue_id d) const;
  // Components queued for the dialogue's next message: a Reject the
  // component sublayer queued for a faulty component, or one the user
  // queued with u_reject(). Q.774 3.2.2.3 leaves sending them to the
  // TC-user: one that has nothing else to say flushes them with continue_()
  // (or end()) before its indication returns, so the peer is not kept
  // waiting for them.
  [[nodiscard]] bool has_pending(dialogue_id d) const;

private:
  // timer_sink
  void invocation_timer(dialogue_id d, std::int8_t invoke_id) override;
  void remote_invocation_timer(dialogue_id d, std::int8_t invoke_id) override;

  dialogue* find(dialogue_id d);
  dialogue& create(dialogue_id id);
  void close(dialogue& d);  // frees it: no access to d afterwards
  void touch(dialogue& d);
  void arm_inactivity(dialogue& d, std::chrono::milliseconds after);
  void inactivity_expired(dialogue_id id);

  // Builds and sends a message of the dialogue carrying its pending components.
  bool send_dialogue(dialogue& d, codec::tc_type type);
  bool send(const sigtran::sccp_address& to, const sigtran::sccp_address& from,
            const codec::tc_message& m, dialogue_id for_notice);
  void send_p_abort(const sigtran::n_unitdata& rx, const codec::bytes& dtid,
                    codec::p_abort_cause cause);
  void send_refusal(const sigtran::n_unitdata& rx, const codec::bytes& dtid, const codec::oid& ac);
  void local_p_abort(dialogue& d, tsm_event e, p_abort_reason why);

  // Received messages (tcap_layer_rx.cpp).
  void rx_begin(const sigtran::n_unitdata& rx, codec::tc_message& m,
                std::vector<salvaged_component>* salvaged);
  void rx_continue(const sigtran::n_unitdata& rx, codec::tc_message& m,
                   std::vector<salvaged_component>* salvaged);
  void rx_end(const sigtran::n_unitdata& rx, codec::tc_message& m,
              std::vector<salvaged_component>* salvaged);
  void rx_abort(const sigtran::n_unitdata& rx, codec::tc_message& m);
  void rx_unidirectional(const sigtran::n_unitdata& rx, codec::tc_message& m);
  // TC-NOTICE delivery: from a timer callback, never inside a request.
  void queue_notice(notice_ind n);
  void deliver_notices();
  void rx_undecodable(const sigtran::n_unitdata& rx);
  // AARE check on the peer's first reply; false when the dialogue was aborted.
  bool check_aare(dialogue& d, const codec::tc_message& m, const sigtran::n_unitdata& rx);

  sigtran::sccp_service& sccp_;
  timer_service& timers_;
  tc_user& user_;
  ac_table acs_;
  operation_table ops_;
  tcap_config cfg_;
  component_sublayer components_;
  tid_allocator tids_;
  std::unordered_map<dialogue_id, std::unique_ptr<dialogue>> dialogues_;
  tcap_counters counters_;
  std::vector<notice_ind> pending_notices_;
  timer_service::timer_id notice_timer_ = 0;
};

}  // namespace cmr::in::tcap
