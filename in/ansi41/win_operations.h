// ANSI-41 WIN operations (3GPP2 X.S0004-540 operations, X.S0004-550
// parameters; IS-771 / IS-826 WIN) as plain structs, and their parameter SETs
// in BER. Only what the CMR flows use (docs/cdma-delivery.md): the trigger
// (AnalyzedInformation), resource attachment (SeizeResource, ConnectResource,
// InstructionRequest, SRFDirective, DisconnectResource), the terminating
// event triggers (TAnswer, TBusy, TNoAnswer, TDisconnect, ODisconnect) and
// CallControlDirective.
//
// Every encoder returns the complete parameter TLV the ANSI TCAP component
// carries: the SET [PRIVATE 18] (F2 len ...), an empty one (F2 00) for a
// parameterless operation or result (tshark hands a component to ANSI MAP
// only with it). Every decoder takes that TLV and is strict about framing
// (definite lengths, every length inside its parent, nothing after the SET),
// tolerant about content: unknown parameters inside the SET are skipped, as
// X.S0004-550 wants; a parameter it knows but cannot read, or a missing
// mandatory one, is an error naming it. Plain C++ on cmr_common: the fuzz
// target links nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace cmr::in::ansi41 {

using bytes = std::vector<std::uint8_t>;

// --- operation codes: private, family 9, the specifier of X.S0004-540 Table 1 --------
// As the shared TC-user primitives carry them: ansi_tcap::private_op(9, x).
namespace opcode {
std::int32_t analyzed_information();
std::int32_t connect_resource();
std::int32_t disconnect_resource();
std::int32_t instruction_request();
std::int32_t seize_resource();
std::int32_t srf_directive();
std::int32_t t_busy();
std::int32_t t_no_answer();
std::int32_t t_answer();
std::int32_t t_disconnect();
std::int32_t o_disconnect();
std::int32_t call_control_directive();
}  // namespace opcode
// "AnalyzedInformation" for logs, nullptr for an opcode not listed above.
const char* operation_name(std::int32_t opcode);

// --- error codes (X.S0004-540 Table 3, private), packed as private_error(x) -------------
namespace error_code {
std::int32_t unrecognized_min();
std::int32_t operation_sequence_problem();
std::int32_t resource_shortage();
std::int32_t operation_not_supported();
std::int32_t parameter_error();
std::int32_t system_failure();
std::int32_t unrecognized_parameter_value();
std::int32_t missing_parameter();
}  // namespace error_code

// --- parameter types ---------------------------------------------------------------------

// DigitsType (X.S0004-550 Digits, DestinationDigits, RoutingDigits,
// CallingPartyNumberDigits1, ...): type of digits, nature of number, numbering
// plan, encoding (BCD; IA5 read too), the digits.
struct digits {
  enum class kind : std::uint8_t {
    not_used = 0,
    dialed = 1,           // dialed number or called party number
    calling_party = 2,
    caller_interaction = 3,
    routing = 4,
    billing = 5,
    destination = 6,
  };
  kind type = kind::dialed;
  bool international = false;  // nature of number bit A
  std::uint8_t nature_other = 0;  // the rest of the nature octet (presentation, screening)
  std::uint8_t numbering_plan = 1;  // 1 telephony (E.164)
  std::string value;                // digits 0-9, '*', '#'
  bool operator==(const digits&) const = default;
};

// BillingID: the originating MSCID (3 octets), ID number (3), segment counter (1):
// what identifies a call across transactions (the T-triggers carry it).
struct billing_id {
  std::uint32_t mscid = 0;      // 24 bits
  std::uint32_t id_number = 0;  // 24 bits
  std::uint8_t segment = 0;
  bool operator==(const billing_id&) const = default;
};

// AnnouncementCode: tone, class, standard announcement, custom announcement
// (the custom octet's meaning is bilateral: docs/cdma-delivery.md says ours).
struct announcement_code {
  std::uint8_t tone = 0;
  std::uint8_t cls = 0;
  std::uint8_t standard = 0;
  std::optional<std::uint8_t> custom;
  bool operator==(const announcement_code&) const = default;
};

// ActionCode values used here (X.S0004-550 ActionCode).
namespace action {
inline constexpr std::uint8_t continue_processing = 1;
inline constexpr std::uint8_t disconnect_call = 2;
inline constexpr std::uint8_t release_leg_redirect = 23;  // not sent today
}  // namespace action

// --- operations (INVOKE parameters, RETURN RESULT parameters) ------------------------------

// AnalyzedInformation INVOKE (MSC -> SCP): the WIN trigger.
struct analyzed_information {
  billing_id billing;                   // M
  digits dialed;                        // M Digits (Dialed)
  std::uint32_t mscid = 0;              // M MSCID (24 bits)
  std::uint8_t trigger_type = 0;        // M TriggerType
  std::uint8_t transaction_capability_octet = 0;  // M TransactionCapability (first octet)
  std::uint8_t win_capability_octet = 0;  // M WINCapability's TriggerCapability first octet
  std::optional<digits> calling_party;  // CallingPartyNumberDigits1
  std::optional<std::string> msid;      // MobileIdentificationNumber digits (10)
  bool operator==(const analyzed_information&) const = default;
};
// ... its RETURN RESULT (SCP -> MSC): continue (empty), or route elsewhere.
struct analyzed_information_result {
  std::optional<std::uint8_t> action_code;
  std::optional<digits> routing_digits;  // RoutingDigits: route-via-platform
  std::optional<digits> digits_dialed;   // Digits (Dialed): modified called number
  std::optional<digits> termination;     // TerminationList / PSTNTermination DestinationDigits
  bool operator==(const analyzed_information_result&) const = default;
};

// SeizeResource INVOKE (SCP -> IP) and its RETURN RESULT (the TLDN).
struct seize_resource {
  std::optional<std::uint8_t> preferred_language;
  std::optional<bytes> private_specialized_resource;  // CMR: the announcement id, 4 octets
  std::optional<bytes> specialized_resource;
  bool operator==(const seize_resource&) const = default;
};
struct seize_resource_result {
  digits destination;  // M DestinationDigits (type destination)
  bool operator==(const seize_resource_result&) const = default;
};

// ConnectResource INVOKE (SCP -> MSC): route the caller to the TLDN.
struct connect_resource {
  digits destination;  // M DestinationDigits
  bool operator==(const connect_resource&) const = default;
};

// InstructionRequest INVOKE (IP -> SCP), DisconnectResource INVOKE (SCP ->
// MSC): no parameters (empty SET). Their results are empty SETs too.

// SRFDirective INVOKE (SCP -> IP) and its RETURN RESULT.
struct srf_directive {
  std::vector<announcement_code> announcements;  // AnnouncementList (1-10)
  bool operator==(const srf_directive&) const = default;
};
struct srf_directive_result {
  std::optional<digits> digits_collected;  // Digits (caller interaction)
  bool operator==(const srf_directive_result&) const = default;
};

// TAnswer / TBusy / TNoAnswer / TDisconnect / ODisconnect INVOKE (MSC -> SCP):
// the event triggers; their RETURN RESULTs are empty or carry an ActionCode
// (TBusy/TNoAnswer).
struct event_trigger {
  billing_id billing;             // M
  std::uint32_t mscid = 0;        // M
  std::uint8_t trigger_type = 0;  // M (t-busy 0x?? ...; as received)
  std::optional<std::string> msid;
  std::optional<std::uint8_t> release_cause;  // TDisconnect/ODisconnect ReleaseCause
  bool operator==(const event_trigger&) const = default;
};
struct event_trigger_result {
  std::optional<std::uint8_t> action_code;
  bool operator==(const event_trigger_result&) const = default;
};

// CallControlDirective INVOKE (SCP -> MSC): an action on a call in progress.
struct call_control_directive {
  billing_id billing;  // M
  std::uint32_t mscid = 0;
  std::optional<std::uint8_t> action_code;
  std::optional<std::vector<announcement_code>> announcements;
  bool operator==(const call_control_directive&) const = default;
};

// TriggerType values (X.S0004-550 TriggerType) this node names in logs and
// the configuration; others are carried as numbers.
namespace trigger {
inline constexpr std::uint8_t all_calls = 1;
inline constexpr std::uint8_t local_call = 34;
inline constexpr std::uint8_t intra_lata_toll_call = 35;
inline constexpr std::uint8_t inter_lata_toll_call = 36;
inline constexpr std::uint8_t world_zone_call = 37;
inline constexpr std::uint8_t international_call = 38;
inline constexpr std::uint8_t specific_called_party_digit_string = 64;
inline constexpr std::uint8_t initial_termination = 70;
inline constexpr std::uint8_t advanced_termination = 72;
inline constexpr std::uint8_t t_busy = 71;  // verify against X.S0004-550
inline constexpr std::uint8_t t_no_answer = 73;
inline constexpr std::uint8_t t_answer = 74;  // verify
inline constexpr std::uint8_t t_disconnect = 75;  // verify
inline constexpr std::uint8_t o_disconnect = 76;  // verify
}  // namespace trigger
// "InitialTermination", or the number.
std::string trigger_name(std::uint8_t t);

// --- encode / decode -----------------------------------------------------------------------

// Why a parameter SET could not be read: the framing (answer with a Reject,
// mistyped parameter) or a missing / unreadable parameter (ReturnError
// MissingParameter / ParameterError, `parameter` naming it).
struct decode_error {
  enum class kind : std::uint8_t { malformed, missing, bad_value } what = kind::malformed;
  std::string parameter;  // "Digits (Dialed)"
  std::string detail;
};
template <typename T>
using decoded = result<T, decode_error>;

bytes encode(const analyzed_information& v);
bytes encode(const analyzed_information_result& v);
bytes encode(const seize_resource& v);
bytes encode(const seize_resource_result& v);
bytes encode(const connect_resource& v);
bytes encode(const srf_directive& v);
bytes encode(const srf_directive_result& v);
bytes encode(const event_trigger& v);
bytes encode(const event_trigger_result& v);
bytes encode(const call_control_directive& v);
// F2 00: InstructionRequest, DisconnectResource and every empty result.
bytes encode_empty();

decoded<analyzed_information> decode_analyzed_information(std::span<const std::uint8_t> set);
decoded<analyzed_information_result> decode_analyzed_information_result(
    std::span<const std::uint8_t> set);
decoded<seize_resource> decode_seize_resource(std::span<const std::uint8_t> set);
decoded<seize_resource_result> decode_seize_resource_result(std::span<const std::uint8_t> set);
decoded<connect_resource> decode_connect_resource(std::span<const std::uint8_t> set);
decoded<srf_directive> decode_srf_directive(std::span<const std::uint8_t> set);
decoded<srf_directive_result> decode_srf_directive_result(std::span<const std::uint8_t> set);
decoded<event_trigger> decode_event_trigger(std::span<const std::uint8_t> set);
decoded<event_trigger_result> decode_event_trigger_result(std::span<const std::uint8_t> set);
decoded<call_control_directive> decode_call_control_directive(std::span<const std::uint8_t> set);
// An empty SET (or a SET of parameters this node ignores): InstructionRequest,
// DisconnectResource, empty results.
decoded<bool> decode_empty(std::span<const std::uint8_t> set);

}  // namespace cmr::in::ansi41
