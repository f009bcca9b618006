// The base of the delivery procedures (one class per file: connect-to-
// resource, temporary-connection, call-party-handling, alerting-pattern).
// It holds what every profile shares: sending a batch of operations to the
// SSF, the fallback to Continue, the armed-event set and the event reports
// followed to the end of the call (event_reports.cpp).
#pragma once

#include <optional>
#include <vector>

#include "in/codec/operations.h"
#include "in/scp/call.h"
#include "in/tcap/tc_primitives.h"

namespace cmr::in::scp {

class scp_service;
class scp_endpoint;

class call_procedure {
public:
  call_procedure(scp_service& svc, call& c) : svc_(svc), c_(c) {}
  virtual ~call_procedure();
  call_procedure(const call_procedure&) = delete;
  call_procedure& operator=(const call_procedure&) = delete;

  [[nodiscard]] virtual const char* name() const = 0;
  // Answers the InitialDP (the SSF dialogue is waiting for the first reply).
  virtual void start() = 0;

  // A component of the SSF's Continue / End, in order.
  virtual void on_invoke(const tcap::component_ind& comp);
  virtual void on_result(const tcap::component_ind& /*comp*/) {}
  // ReturnError or Reject of one of our invocations.
  virtual void on_failure(const tcap::component_ind& comp);
  // An operation timer of ours expired (class 1/2 operations unanswered).
  virtual void on_l_cancel(std::int32_t /*opcode*/) {}
  // The SSF ended the dialogue (TC-END processed) / it was aborted.
  virtual void on_ssf_end();
  virtual void on_ssf_lost();

  // The assisting IP (temporary-connection only; others answer it with
  // ReturnError unexpectedDataValue through the default).
  virtual bool on_assist_request(scp_endpoint& ep, tcap::dialogue_id d, codec::protocol_variant v,
                                 std::int8_t invoke_id);
  virtual void on_assist_component(const tcap::component_ind& /*comp*/) {}
  virtual void on_assist_end() {}
  virtual void on_assist_lost() {}

protected:
  struct op {
    std::int32_t opcode = 0;
    std::optional<codec::bytes> arg;  // nullopt: no parameter; empty: encoding failed
    std::optional<std::int8_t> linked;
  };
  // Sends ops to the SSF in one TC-CONTINUE (or TC-END when `end`). On any
  // failure (an argument did not encode, a request refused) falls back to
  // Continue and returns false: the caller stops.
  bool send(const std::vector<op>& ops, bool end = false);
  // Answers the SSF's invoke with a Reject (counted by the caller).
  void reject_invoke(const tcap::component_ind& comp, tcap::invoke_problem p);
  // Internal failure: Continue (unless the call already proceeded), end the
  // dialogues, count it, outcome error.
  void fallback(const char* why);
  // Continue (unless the call already proceeded), end the dialogues; the
  // outcome is answered after an answer, else `unanswered`.
  void proceed(call_outcome unanswered);
  // Ends the call with this outcome (closing what is still open).
  void finish(call_outcome o);
  void close_assist();

  // The standard user-interaction event set: busy, noAnswer, abandon,
  // disconnect EDP-N, answer EDP-R (t- or o- by trigger).
  [[nodiscard]] codec::request_report_bcsm_event ui_events() const;
  // The PlayAnnouncement of the resource (repetitions / duration from the
  // configuration), disconnectFromIPForbidden and completion report as given.
  [[nodiscard]] codec::play_announcement announcement(bool disconnect_forbidden,
                                                      bool report_complete) const;
  // The two above encoded, through the service's shared_arg() cache (the
  // asn1c encoders were 7-8 % of the server's CPU at 7,000 calls/s).
  [[nodiscard]] codec::bytes ui_events_arg() const;
  [[nodiscard]] codec::bytes announcement_arg(bool disconnect_forbidden,
                                              bool report_complete) const;
  [[nodiscard]] codec::bytes connect_to_resource_arg() const;
  // DFC (no argument) + Continue: the call proceeds towards the callee.
  void disconnect_and_continue();

  // event_reports.cpp: an EventReportBCSM from the SSF.
  virtual void on_event_report(const codec::event_report_bcsm& e);
  // An EDP-R answer: Continue (call-party-handling overrides).
  virtual void on_answer(const codec::event_report_bcsm& e);
  // A final event (busy, no answer, abandon, disconnect): end of the call.
  void final_event(call_outcome o);

  scp_service& svc_;
  call& c_;
};

}  // namespace cmr::in::scp
