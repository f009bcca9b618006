// The service logic's words for what happens at a switch, whatever protocol
// carries them (DESIGN.md section 7, STYLE.md "Protocol-neutral core"): the
// trigger that opens a call, the events the switch reports, and the
// instructions the service gives it. A protocol mapping (in/cap for CAP and
// INAP over ITU TCAP; ANSI-41 WIN next) turns its messages into these and
// these into its messages; the service logic (in/scp) never sees an
// operation code, an invoke ID or a TCAP dialogue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cmr::in::scp {

// Opaque address octets the service passes back to the switch unchanged
// (the called party's routing number, the calling party number): the
// mapping that read them is the one that writes them.
using address_octets = std::vector<std::uint8_t>;

// A number read from the trigger: normalised digits (the store's form) and
// the octets to route to.
struct party {
  std::string digits;
  address_octets routing;
};

// The detection point that triggered: the called party's terminating
// attempt (TDP 12 / T_ATTEMPT_AUTHORIZED) or the calling party's
// originating collected/analysed information (TDP 2/3).
enum class trigger_point : std::uint8_t { terminating, originating, other };
const char* to_string(trigger_point p);

// The service and profile a mapping resolved itself (ANSI-41: by TriggerType,
// "scp / win-trigger"), instead of the service key's line.
struct resolved_service {
  bool cmrt = false;
  std::uint8_t profile = 0;  // scp_profile (scp_settings.h)
};

struct trigger {
  std::uint32_t service_key = 0;  // ANSI-41: the TriggerType (logs, records)
  std::optional<resolved_service> service;
  trigger_point point = trigger_point::other;
  std::string point_name;  // the protocol's name, for logs ("termAttemptAuthorized")
  std::optional<party> called;
  std::optional<party> calling;
  std::optional<address_octets> calling_number;  // as received, for InitiateCallAttempt
};

// What the switch reported about the call (armed events).
enum class call_event : std::uint8_t { answer, busy, no_answer, abandon, disconnect, other };
const char* to_string(call_event e);

struct event_report {
  call_event event = call_event::other;
  bool originating = false;  // o-event (caller side BCSM) or t-event
  std::uint8_t leg = 0;      // 0: not given
  bool request = false;      // EDP-R: the switch waits for an instruction
  std::string name;          // the protocol's name, for logs ("tAnswer")
};

// --- instructions --------------------------------------------------------------------
// Leg and call segment numbers follow CAP (1 the caller's side, 2 the
// callee's; new legs from 3); a mapping without segments ignores them.

// The events a call is followed by: busy, no answer, abandon and disconnect
// reported (notify), answer interrupted (request), on the trigger's side.
struct arm_call_events {
  bool originating = false;
};
// call-party-handling: the caller leg's abandon/disconnect (notify) ...
struct arm_caller_leg {
  bool originating = false;
};
// ... and the new callee leg's answer/busy/no answer (request), with the
// no-answer timer when configured.
struct arm_new_leg {
  std::uint8_t leg = 3;
  std::uint16_t no_answer_timer_s = 0;  // 0: the switch's own
};
// Connect the caller (or call segment) to the switch's resource.
struct connect_to_resource {
  std::optional<std::uint8_t> call_segment;
};
// Play announcement `id` on the resource the call is connected to.
struct play_announcement {
  std::uint32_t id = 0;
  std::optional<std::uint8_t> repetitions;
  std::optional<std::uint16_t> duration_s;
  bool disconnect_forbidden = true;
  bool report_complete = true;
  std::optional<std::uint8_t> call_segment;
};
// On-line copy (spec 5.7, docs/cs-delivery.md "On-line copy"): play
// announcement `id` on the resource interruptably and collect the caller's
// keys (CAP/INAP PromptAndCollectUserInformation): at most `max_digits`;
// `first_digit_timeout_s` after the announcement ended without a key the
// resource answers collected_digits with collect_error::no_digits.
struct prompt_and_collect {
  std::uint32_t id = 0;
  std::optional<std::uint8_t> repetitions;
  std::optional<std::uint16_t> duration_s;
  std::uint8_t max_digits = 1;
  bool interruptable = true;
  std::uint8_t first_digit_timeout_s = 1;
  std::uint8_t inter_digit_timeout_s = 1;
  bool disconnect_forbidden = true;
  std::optional<std::uint8_t> call_segment;
};
// Route the call to an assisting resource: routing digits (prefix +
// correlation), the correlation id, this SCF's id (may be empty).
// ANSI-41 (win-resource) seizes the resource at the IP first and names
// the announcement there: `announcement_id` (CAP/INAP do not send it).
struct establish_temporary_connection {
  std::string routing_digits;
  std::string correlation;
  std::string scf_id;
  std::uint32_t announcement_id = 0;
};
// Release the resource connection (of a call segment).
struct disconnect_resource {
  std::optional<std::uint8_t> call_segment;
};
// Let the call proceed (as it was going, or with arguments below).
struct continue_call {};
// CMRT: let the call proceed with an alerting pattern for the callee; the
// mapping uses ContinueWithArgument or Connect to `called` as its protocol
// can.
struct continue_with_alerting {
  std::uint8_t pattern = 0;
  address_octets called;
};
// route-via-platform: route the call to the ringback platform, the SIP
// application server behind the switch's trunk: `routing_digits` is the
// platform prefix followed by the called number in international digits.
// CAP/INAP: Connect (destinationRoutingAddress); ANSI-41: the
// AnalyzedInformation result's RoutingDigits.
struct route_to_platform {
  std::string routing_digits;
};
// call-party-handling: alert the callee on a new leg in a new segment ...
struct initiate_call_attempt {
  address_octets destination;
  std::optional<address_octets> calling_number;
  std::uint8_t leg = 3;
  std::uint8_t call_segment = 2;
};
// ... and join it to the caller's segment, or drop it.
struct move_leg {
  std::uint8_t leg = 3;
};
struct disconnect_leg {
  std::uint8_t leg = 3;
  std::uint8_t q850_cause = 16;
};
struct continue_segment {
  std::uint8_t call_segment = 1;
};
struct release_call {
  std::uint8_t q850_cause = 16;
};
// Is the switch still there? (answered by switch_event::activity_result
// within `timeout_s`, else that result says it is gone)
struct activity_test {
  std::uint32_t timeout_s = 10;
};

using instruction =
    std::variant<arm_call_events, arm_caller_leg, arm_new_leg, connect_to_resource,
                 play_announcement, prompt_and_collect, establish_temporary_connection,
                 disconnect_resource,
                 continue_call, continue_with_alerting, route_to_platform, initiate_call_attempt,
                 move_leg, disconnect_leg, continue_segment, release_call, activity_test>;
// The instruction's name for logs ("PlayAnnouncement").
const char* name_of(const instruction& i);

// What a switch can do beyond the basic instructions.
enum class capability : std::uint8_t {
  call_party_handling,  // initiate_call_attempt, move_leg, disconnect_leg, continue_segment
  activity_test,        // activity_test (ANSI-41 has none: its mapping guards calls itself)
  connect_to_resource,  // connect_to_resource + play_announcement on the switch's own resource
};

// --- what comes back -----------------------------------------------------------------
// The resource finished playing (the announcement's completion report).
struct resource_report {};
// The switch refused an instruction (an error or a reject of it).
struct refusal {
  std::string instruction;  // which, by name
  std::string why;          // "ReturnError 13", "Reject ..."
};
// An instruction the switch never answered (an operation timer of a class 1
// or 2 instruction, e.g. PlayAnnouncement's).
struct no_answer_to {
  std::string instruction;
  bool play = false;  // it was the play_announcement
};
// What a prompt_and_collect came to: the keys ("*"), or why none.
enum class collect_error : std::uint8_t {
  none,
  no_digits,  // ImproperCallerResponse: nothing (valid) within the timeouts
  canceled,   // Canceled
  refused,    // any other error or a reject (the resource could not do it)
};
const char* to_string(collect_error e);
struct collected_digits {
  std::string digits;  // empty unless error == none
  collect_error error = collect_error::none;
  std::string why;     // the protocol's words for an error ("ReturnError 4"), for logs
};
// The switch answered the activity test / did not within its time.
struct activity_result {
  bool alive = true;
};

using switch_event = std::variant<event_report, resource_report, refusal, no_answer_to, activity_result,
                                  collected_digits>;

}  // namespace cmr::in::scp
