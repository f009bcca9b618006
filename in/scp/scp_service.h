// The CMR SCP service logic, protocol-neutral (DESIGN.md section 7,
// docs/cs-delivery.md): it takes the trigger a protocol mapping hands it
// (switch_listener), asks the decision port for the owner's resource
// without ever waiting for the store on its strand, and runs the service
// key's delivery profile (one procedure class per file), following the
// armed events to the end of the call; then it writes the charging record.
// Assisting resources are correlated across every mapping of the service.
//
// Threading: single-threaded. The mappings, the timer service and the
// service run on one strand; a decision deferred by the store arrives
// through `post` on that strand. counters() and status_text() are safe
// anywhere.
//
// The service never blocks a call: an unknown key, an unknown subscriber,
// nothing to present, or any internal failure answers Continue.
#pragma once

#include <atomic>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/histogram.h"
#include "common/ringback_control.h"
#include "common/timer_service.h"
#include "in/scp/assist_registry.h"
#include "in/scp/call.h"
#include "in/scp/charging_record.h"
#include "in/scp/scp_counters.h"
#include "in/scp/scp_settings.h"
#include "in/scp/switch_dialogue.h"
#include "store/decision_port.h"

namespace cmr::in::scp {

// The call context of a call's decisions (the trigger's, a skip's, a stop's):
// its views point into `c`.
store::decision_request decision_request_of(const call& c);

class scp_service final : public switch_listener {
public:
  // Runs a task on the service's strand (used for decisions the store
  // completes on its own threads). The composition root stops it from
  // posting before the strand goes.
  using post_fn = std::function<void(std::function<void()>)>;

  // `timers` runs on the service's strand. `decisions` may be null (every
  // call is continued: tests). `records` may be null (no charging records).
  scp_service(scp_settings cfg, store::decision_port* decisions, timer_service& timers,
              post_fn post, charging_writer* records,
              std::optional<std::uint64_t> seed = std::nullopt);
  ~scp_service() override;
  scp_service(const scp_service&) = delete;
  scp_service& operator=(const scp_service&) = delete;

  // switch_listener (a mapping calls these on the strand)
  void triggered(switch_dialogue& d, const trigger& t) override;
  void reported(switch_dialogue& d, const switch_event& e, bool ending) override;
  void dialogue_ended(switch_dialogue& d, bool aborted, const std::string& why) override;
  bool assist_requested(resource_dialogue& r, const std::string& correlation) override;
  void resource_reported(resource_dialogue& r, const switch_event& e) override;
  void resource_ended(resource_dialogue& r, bool aborted, const std::string& why) override;

  [[nodiscard]] std::size_t live_calls() const { return calls_.size(); }
  [[nodiscard]] const scp_counters& counters() const { return counters_; }
  // A mapping's lines for "show cmr scp" ("tcap-dialogues N"), thread-safe,
  // and what it does after every callback and timer of the service (its
  // counts). Set up before the first message.
  void add_status_lines(std::function<std::string()> lines);
  void add_after_sweep(std::function<void()> hook);
  // "show cmr scp": live calls, the mappings' lines and the counters.
  [[nodiscard]] std::string status_text() const;

  // --- for the procedures ------------------------------------------------------------
  [[nodiscard]] const scp_settings& settings() const { return cfg_; }
  timer_service& timers() { return timers_; }
  scp_counters& counters_mut() { return counters_; }
  assist_registry& assists() { return assists_; }
  // A live call was answered ("live-answered" of "show cmr scp").
  void note_answered(call& c);
  // A message went to the switch for the call: the first one ends the
  // trigger-to-answer time (scp-idp-to-answer histogram).
  void note_sent(call& c);
  [[nodiscard]] const histogram& idp_to_answer() const { return idp_to_answer_; }
  // route-via-platform routed the call: its returning leg must not trigger.
  void note_routed(call& c);
  // Marks the call closed: its record is written and it is freed once the
  // current callback returns.
  void close(call& c);
  void attach_assist(call& c, resource_dialogue& r);
  void detach_assist(call& c);
  // Runs fn from a timer: guarded, and the sweep follows, like after any
  // callback of a mapping.
  std::function<void()> guarded(std::function<void()> fn);

  // --- on-line copy (spec 5.7, online_copy.h) ----------------------------------------
  // The port copies go through and the system's presentation settings; the
  // composition root sets both before the first message (null: no on-line
  // copy, the profiles play as before). Both outlive the service.
  void set_online_copy(ringback::copy_port* port, const ringback::presentation_settings* ps) {
    copy_port_ = port;
    presentation_ = ps;
  }
  // The announcement ids of the prompt resources the presentation-control
  // node names (resolved at start); 0: the built-in prompt's reserved id.
  void set_prompt_announcements(std::array<std::uint32_t, 3> ids) { prompt_announcements_ = ids; }
  [[nodiscard]] std::uint32_t prompt_announcement(ringback::prompt_kind k) const {
    return prompt_announcements_[static_cast<std::size_t>(k)];
  }
  [[nodiscard]] ringback::copy_port* copy_port() const { return copy_port_; }
  [[nodiscard]] const ringback::presentation_settings* presentation() const { return presentation_; }
  // A function any thread may call, even after the service is gone: its
  // argument runs on the strand (guarded, sweep after) while the service is.
  [[nodiscard]] post_fn strand_poster();
  // Asks the decision port again for the call's owner (skip: a box gives
  // its next resource); `done` runs on the strand with the resource id and
  // its announcement id (0: nothing usable), unless the call is gone.
  // default1_only: after a stop key, DefaultCMRResourceId1 (spec 5.7) or nothing.
  void redecide(const call& c, std::function<void(std::string, std::uint32_t)> done,
                bool default1_only = false);

private:
  call* find(switch_dialogue& d);
  call& new_call(switch_dialogue& d);
  // The trigger's checks; false when the call was answered at once.
  bool accept(call& c, const trigger& t);
  void decide(call& c);
  void decided(std::uint64_t call_id, const store::decision& d);
  void start_profile(call& c);
  // Why the trigger belongs to a call already routed via the platform, or
  // nullptr.
  [[nodiscard]] const char* platform_loop(const call& c, const trigger& t) const;
  static std::string routed_key(const call& c);
  void answer_at_once(call& c, const char* why);
  // An exception escaped while handling the call: Continue, close, count.
  void fail_call(call& c, const char* why);
  void on_event(call& c, const switch_event& e, bool ending);
  void watch_activity(call& c, timer_service::duration after);
  void activity_due(std::uint64_t call_id);
  void activity_failed(call& c);
  void write_record(const call& c);
  void sweep();
  void count_outcome(call_outcome o);
  template <typename F>
  void guard(const char* what, F&& fn);

  scp_settings cfg_;
  store::decision_port* decisions_;
  timer_service& timers_;
  post_fn post_;
  charging_writer* records_;
  assist_registry assists_;
  scp_counters counters_;
  histogram idp_to_answer_;
  std::uint64_t next_call_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<call>> calls_;
  std::unordered_map<const switch_dialogue*, std::uint64_t> by_switch_;
  std::unordered_map<const resource_dialogue*, std::uint64_t> by_assist_;
  std::unordered_multiset<std::string> routed_;  // owner|other of live routed calls
  std::vector<std::uint64_t> closed_;  // swept after the current callback
  gauge_ref& live_ = counters_.live_calls;
  gauge_ref& answered_live_ = counters_.live_answered;  // live calls past their answer
  std::vector<std::function<std::string()>> status_lines_;
  std::vector<std::function<void()>> after_sweep_;
  ringback::copy_port* copy_port_ = nullptr;
  const ringback::presentation_settings* presentation_ = nullptr;
  std::array<std::uint32_t, 3> prompt_announcements_{};
  // Decisions the store completes later find the service gone through this.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cmr::in::scp
