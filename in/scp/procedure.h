// The base of the delivery procedures (one class per file, each with its own
// declared state machine: connect-to-resource, temporary-connection,
// call-party-handling, alerting-pattern). It holds what every profile
// shares: sending instructions to the switch, the fall back to Continue,
// and the armed events followed to the end of the call (event_reports.cpp).
// Procedures speak the service's words (switch_ops.h), never a protocol's.
#pragma once

#include <initializer_list>

#include "in/scp/call.h"

namespace cmr::in::scp {

class scp_service;

class procedure {
public:
  procedure(scp_service& svc, call& c) : svc_(svc), c_(c) {}
  virtual ~procedure();
  procedure(const procedure&) = delete;
  procedure& operator=(const procedure&) = delete;

  [[nodiscard]] virtual const char* name() const = 0;
  // Answers the trigger (the switch waits for the first instructions).
  virtual void start() = 0;

  // --- the switch, in order of its messages --------------------------------------
  virtual void on_report(const event_report& e);
  virtual void on_resource_report() {}
  // An instruction was refused: Continue (ssf-refusals).
  virtual void on_refusal(const refusal& r);
  virtual void on_no_answer(const no_answer_to& /*n*/) {}
  // The switch ended the dialogue (after its last reports) / it was lost.
  virtual void on_switch_end();
  virtual void on_switch_lost();

  // Something went wrong inside (an exception reached the service).
  void internal_failure(const char* why) { fallback(why); }

  // --- an assisting resource (temporary-connection; others refuse) -------------
  virtual bool on_assist(resource_dialogue& /*r*/) { return false; }
  virtual void on_assist_report(const switch_event& /*e*/) {}
  virtual void on_assist_end(bool /*aborted*/) {}

protected:
  // Sends `ops` in one message (ending the dialogue with `last`). On failure
  // falls back to Continue and returns false: the caller stops.
  bool send(std::initializer_list<instruction> ops, bool last = false);
  // Internal failure: Continue (unless the call proceeded), end, count.
  void fallback(const char* why);
  // Continue (unless the call proceeded), end the dialogues; the outcome is
  // answered after an answer, else `unanswered`.
  void proceed_now(call_outcome unanswered);
  // Ends the call with this outcome (closing what is still open).
  void finish(call_outcome o);
  void close_assist();
  // The call runs on its own from here (Continue or equivalent was sent).
  void proceeded();

  // PlayAnnouncement of the call's resource (repetitions or duration from
  // the configuration).
  [[nodiscard]] play_announcement announcement(bool disconnect_forbidden, bool report_complete) const;
  // Release the resource and let the call proceed towards the callee.
  void disconnect_and_continue();

  // event_reports.cpp: an EDP-R answer gets Continue (call-party-handling
  // overrides); busy, no answer, abandon and disconnect end the call.
  virtual void on_answer(const event_report& e);
  void final_event(call_outcome o);
  // The procedure's own machine logs under this prefix: "scp(call=7)/ctr".
  [[nodiscard]] std::string sub_prefix(const char* short_name) const;

  scp_service& svc_;
  call& c_;
};

}  // namespace cmr::in::scp
