// One CMR call as the service logic sees it: the switch's dialogue, the
// trigger and the parties, what the decision chose, the procedure
// (delivery profile) serving it, and its state machine:
//
//   TRIGGERED --decide--> DECIDING --decided--> SERVING --proceed--> MONITORING
//       |                    |                     |                     |
//       +--refuse--+         +--nothing------------+---ended / lost / failed---> CLOSED
//                  +--> CLOSED
//
//   TRIGGERED   the switch's trigger is being looked at;
//   DECIDING    the owner's settings are being read (the dialogue waits);
//   SERVING     a procedure gives the switch instructions (the call waits
//               for the service: playing, waiting for an assisting IP);
//   MONITORING  the call proceeds on its own (Continue or equivalent sent);
//               the armed events are followed to its end;
//   CLOSED      over: the charging record is written once the current
//               callback returns (never while a procedure is on the stack).
// Every transition is logged at debug: "scp(call=7){SERVING}: proceed -> MONITORING".
// Owned by scp_service; single-threaded (the service's strand).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/fsm.h"
#include "common/ringback_control.h"
#include "common/timer_service.h"
#include "in/scp/charging_record.h"
#include "in/scp/log.h"
#include "in/scp/scp_settings.h"
#include "in/scp/switch_dialogue.h"

namespace cmr::in::scp {

class procedure;

enum class call_state : std::uint8_t { triggered, deciding, serving, monitoring, closed };
enum class call_input : std::uint8_t {
  refuse,   // answered at once: unknown key, unsupported trigger, missing owner
  decide,   // the decision was asked for
  decided,  // a resource to present: a procedure starts
  nothing,  // nothing to present: Continue
  proceed,  // the call runs on its own now
  report,   // the switch reported an event
  ended,    // a final event, or the switch ended the dialogue
  lost,     // the dialogue was aborted, or the switch vanished
  failed,   // something went wrong inside: Continue, end
};
const char* to_string(call_state s);
const char* to_string(call_input i);

using call_row = fsm_row<call_state, call_input>;
namespace call_table_detail {
using enum call_state;
using enum call_input;
inline constexpr std::array call_table{
    call_row{triggered, refuse, closed},       call_row{triggered, decide, deciding},
    call_row{triggered, failed, closed},       call_row{deciding, decided, serving},
    call_row{deciding, nothing, closed},       call_row{deciding, ended, closed},
    call_row{deciding, lost, closed},          call_row{deciding, failed, closed},
    call_row{serving, proceed, monitoring},    call_row{serving, report, serving},
    call_row{serving, ended, closed},          call_row{serving, lost, closed},
    call_row{serving, failed, closed},         call_row{monitoring, proceed, monitoring},
    call_row{monitoring, report, monitoring},  call_row{monitoring, ended, closed},
    call_row{monitoring, lost, closed},        call_row{monitoring, failed, closed},
};
}  // namespace call_table_detail
using call_table_detail::call_table;

struct call {
  explicit call(std::uint64_t call_id);
  ~call();
  call(const call&) = delete;
  call& operator=(const call&) = delete;

  std::uint64_t id = 0;
  switch_dialogue* sw = nullptr;  // nullptr once the dialogue ended
  fsm<call_state, call_input> state;
  std::string prefix;  // "scp(call=7)"

  // Trigger and parties.
  std::uint32_t service_key = 0;
  std::optional<scp_profile> profile;  // nullopt: answered at once (no profile ran)
  bool cmrt = false;
  bool originating = false;  // the caller's own settings (TDP 2/3)
  std::string owner;
  std::string other;
  address_octets called_routing;
  std::optional<address_octets> calling_number;
  std::string protocol;  // of the switch dialogue, kept for the record

  // The decision.
  std::string resource_id;
  std::uint32_t announcement_id = 0;
  std::optional<std::uint8_t> alerting_pattern;
  bool from_box = false;  // drawn from a box: a skip key asks for the next one
  // The presentation's keys (the owner's CMR-6 PresentationControl, else
  // the system's), read from the decision when on-line copy is on.
  std::optional<ringback::controls> controls;

  // Progress, for the charging record.
  std::chrono::system_clock::time_point wall_start;
  timer_service::time_point t_start{};
  std::optional<timer_service::time_point> t_alerting;
  std::optional<timer_service::time_point> t_answer;
  // The first message back to the switch went (the idp-to-answer histogram
  // counts the trigger to it, once).
  bool answer_sent = false;
  call_outcome outcome = call_outcome::continued;

  // route-via-platform: routed, its returning leg is recognised.
  bool routed = false;

  // Assisting resource (temporary-connection).
  std::string correlation;
  resource_dialogue* assist = nullptr;

  // ActivityTest (scp / activity-test-interval).
  timer_service::timer_id activity_timer = 0;
  timer_service::time_point last_switch_rx{};
  bool activity_test_out = false;

  std::unique_ptr<procedure> proc;

  [[nodiscard]] bool closed() const { return state.in(call_state::closed); }
  [[nodiscard]] bool proceeded() const { return state.in(call_state::monitoring); }
  // The switch can still be instructed.
  [[nodiscard]] bool switch_open() const { return sw != nullptr && sw->open(); }
  bool step(call_input i, const char* detail = nullptr) { return state.dispatch(i, prefix, detail); }
};

}  // namespace cmr::in::scp
