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
// mandatory one, is an error naming it. Plain C++ on cmr_in_ansi_codec (the
// packed codes) and cmr_common: the fuzz target links nothing else.
// docs/ansi41.md lists the codes, tags and values and how they were checked.
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
// Specifiers (decimal, as Wireshark's ansi_map_opr_code_strings lists them):
// AnalyzedInformation 64, ConnectResource 66, DisconnectResource 67,
// InstructionRequest 69, SeizeResource 73, SRFDirective 74, TBusy 75,
// TNoAnswer 76, CallControlDirective 81, ODisconnect 83, TAnswer 85,
// TDisconnect 86.
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
// UnrecognizedMIN 0x81, UnrecognizedESN 0x82, MIN/HLRMismatch 0x83,
// OperationSequenceProblem 0x84, ResourceShortage 0x85, OperationNotSupported
// 0x86, TrunkUnavailable 0x87, ParameterError 0x88, SystemFailure 0x89,
// UnrecognizedParameterValue 0x8A, FeatureInactive 0x8B, MissingParameter 0x8C.
namespace error_code {
std::int32_t unrecognized_min();
std::int32_t unrecognized_esn();
std::int32_t min_hlr_mismatch();
std::int32_t operation_sequence_problem();
std::int32_t resource_shortage();
std::int32_t operation_not_supported();
std::int32_t trunk_unavailable();
std::int32_t parameter_error();
std::int32_t system_failure();
std::int32_t unrecognized_parameter_value();
std::int32_t feature_inactive();
std::int32_t missing_parameter();
}  // namespace error_code
// "MissingParameter" for logs, nullptr for a code not listed above.
const char* error_name(std::int32_t code);

// --- parameter types ---------------------------------------------------------------------

// DigitsType (X.S0004-550 Digits, DestinationDigits, RoutingDigits,
// CallingPartyNumberDigits1, ...): type of digits, nature of number, numbering
// plan, encoding (BCD; IA5 read too), number of digits, the digits (BCD: first
// digit in the low nibble, '*' = 0xD, '#' = 0xE as Wireshark's ANSI MAP
// dissector reads them; an odd count leaves a 0000 filler in the last high
// nibble, 0000 or 1111 accepted on receipt).
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
  // Octet 3 high nibble: 2 = telephony (E.164); 1 is ISDN numbering, "not
  // used" by X.S0004 (Wireshark flags it), 0 unknown, 7 private.
  std::uint8_t numbering_plan = 2;
  std::string value;  // digits 0-9, '*', '#' (the encoder writes nothing else: check with valid())
  bool operator==(const digits&) const = default;
  // True when value has at most 255 characters, all 0-9, '*' or '#'.
  [[nodiscard]] bool valid() const;
};

// BillingID: the originating MSCID (3 octets: MarketID 2, switch number 1), ID
// number (3), segment counter (1): what identifies a call across transactions
// (the T-triggers carry it).
struct billing_id {
  std::uint32_t mscid = 0;      // 24 bits
  std::uint32_t id_number = 0;  // 24 bits
  std::uint8_t segment = 0;
  bool operator==(const billing_id&) const = default;
};

// AnnouncementCode: tone, class, standard announcement, custom announcement
// (the custom octet's meaning is bilateral: docs/cdma-delivery.md says ours).
// Wireshark reads all four octets: send the custom one (0 when unused).
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
inline constexpr std::uint8_t release_leg_redirect = 20;  // not sent today
}  // namespace action

// WINCapability (a SET): TriggerCapability (3 octets in Wireshark: octet 1
// INIT/K-DIGIT/ALL/RvtC/OAA/OANS/ODISC/ONA bits A-H, octet 2 CT/Unrec/PA/AT/
// CgRAA/IT/CdRAA/OBSY, octet 3 TRA/TBusy/TNA/TANS/TDISC) and
// WINOperationsCapability (1 octet: CONN/CCDIR/POS), both optional inside.
struct win_capability {
  std::optional<bytes> trigger_capability;
  std::optional<bytes> operations_capability;
  bool operator==(const win_capability&) const = default;
};

// --- operations (INVOKE parameters, RETURN RESULT parameters) ------------------------------

// AnalyzedInformation INVOKE (MSC -> SCP): the WIN trigger.
struct analyzed_information {
  billing_id billing;                   // M
  digits dialed;                        // M Digits (Dialed)
  std::uint32_t mscid = 0;              // M MSCID (24 bits)
  std::uint8_t trigger_type = 0;        // M TriggerType
  // M TransactionCapability: 2 octets (Wireshark reads both; octet 2 holds
  // the multiple-termination count and the TL / WADDR bits).
  bytes transaction_capability{0x00, 0x00};
  win_capability win;                   // M WINCapability
  std::optional<digits> calling_party;  // CallingPartyNumberDigits1
  std::optional<std::string> msid;      // MSID as MobileIdentificationNumber: 10 digits
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
// AnnouncementList is optional in SRFDirective (absent: an empty vector);
// Wireshark's ASN.1 models two AnnouncementCodes, X.S0004 allows more: this
// codec reads up to 10.
// DigitCollectionControl (TIA-41 6.5.2.57; on-line copy, spec 5.7): how
// the IP collects the caller's keys while it plays. Octets 1-5 are read
// into fields; octets 6 on (clear/enter/allowed digit masks, the special
// interdigit time and its digit bits) are kept as received so a relayed
// value re-encodes unchanged. Wireshark shows the octets undecoded.
struct digit_collection_control {
  bool break_in = true;     // BRK: a key interrupts the announcement
  bool type_ahead = false;  // TA
  std::uint8_t maximum_collect = 1;  // 1-31 keys
  std::uint8_t minimum_collect = 1;
  std::uint8_t maximum_interaction_time_s = 30;  // 0: no limit
  std::uint8_t initial_interdigit_time_s = 10;
  std::uint8_t normal_interdigit_time_s = 5;
  bytes rest;
  bool operator==(const digit_collection_control&) const = default;
};

struct srf_directive {
  std::vector<announcement_code> announcements;  // AnnouncementList (0-10)
  std::optional<digit_collection_control> collect;  // DigitCollectionControl
  bool operator==(const srf_directive&) const = default;
};
struct srf_directive_result {
  std::optional<digits> digits_collected;  // Digits (caller interaction)
  bool operator==(const srf_directive_result&) const = default;
};

// TAnswer / TBusy / TNoAnswer / TDisconnect / ODisconnect INVOKE (MSC -> SCP):
// the event triggers; their RETURN RESULTs are empty or carry an ActionCode
// (TBusy/TNoAnswer). One struct for the five: what is mandatory differs
// (X.S0004-540 / Wireshark's ansi_map.asn):
//   TBusy, TNoAnswer: BillingID, MSCID, TransactionCapability, TriggerType, WINCapability
//   TAnswer, ODisconnect: the same + TimeOfDay
//   TDisconnect: BillingID, MSCID, TimeOfDay, TriggerType
// decode_event_trigger(opcode, set) checks them per operation; the encoder
// writes what is set.
struct event_trigger {
  billing_id billing;             // M
  std::uint32_t mscid = 0;        // M
  std::uint8_t trigger_type = 0;  // M (trigger::t_busy ...; as received)
  std::optional<bytes> transaction_capability;  // M except TDisconnect
  std::optional<win_capability> win;            // M except TDisconnect
  std::optional<std::int32_t> time_of_day;      // M TAnswer/TDisconnect/ODisconnect
  // TimeDateOffset (minutes from UTC) and ElectronicSerialNumber: "M" in
  // X.S0004 for TAnswer/TDisconnect/ODisconnect but OPTIONAL in the ASN.1
  // (Wireshark's too): written when set, never required.
  std::optional<std::int16_t> time_date_offset;
  std::optional<std::uint32_t> esn;
  std::optional<std::string> msid;              // MobileIdentificationNumber: 10 digits
  std::optional<std::uint8_t> release_cause;    // TDisconnect/ODisconnect ReleaseCause
  bool operator==(const event_trigger&) const = default;
};
struct event_trigger_result {
  std::optional<std::uint8_t> action_code;
  bool operator==(const event_trigger_result&) const = default;
};

// CallControlDirective INVOKE (SCP -> MSC): an action on a call in progress.
struct call_control_directive {
  billing_id billing;       // M
  std::uint32_t mscid = 0;  // M
  std::optional<std::string> msid;  // MobileIdentificationNumber (MSID is OPTIONAL in the ASN.1)
  std::optional<std::uint8_t> action_code;
  std::optional<std::vector<announcement_code>> announcements;
  bool operator==(const call_control_directive&) const = default;
};
// ... its RETURN RESULT: CallStatus (optional; ENUMERATED, 2 = called party).
struct call_control_directive_result {
  std::optional<std::uint8_t> call_status;
  bool operator==(const call_control_directive_result&) const = default;
};

// TriggerType values (X.S0004-550 TriggerType, an ENUMERATED; checked
// against Wireshark's ansi_map.asn) this node names in logs and the
// configuration; others are carried as numbers.
namespace trigger {
inline constexpr std::uint8_t all_calls = 1;
inline constexpr std::uint8_t local_call = 24;
inline constexpr std::uint8_t intra_lata_toll_call = 25;
inline constexpr std::uint8_t inter_lata_toll_call = 26;
inline constexpr std::uint8_t world_zone_call = 27;
inline constexpr std::uint8_t international_call = 28;
inline constexpr std::uint8_t unrecognized_number = 29;
inline constexpr std::uint8_t prior_agreement = 30;
inline constexpr std::uint8_t specific_called_party_digit_string = 31;
inline constexpr std::uint8_t mobile_termination = 32;
inline constexpr std::uint8_t advanced_termination = 33;
inline constexpr std::uint8_t origination_attempt_authorized = 36;
inline constexpr std::uint8_t calling_routing_address_available = 37;
inline constexpr std::uint8_t initial_termination = 38;
inline constexpr std::uint8_t called_routing_address_available = 39;
inline constexpr std::uint8_t o_answer = 40;
inline constexpr std::uint8_t o_disconnect = 41;
inline constexpr std::uint8_t o_called_party_busy = 42;
inline constexpr std::uint8_t o_no_answer = 43;
inline constexpr std::uint8_t terminating_resource_available = 64;
inline constexpr std::uint8_t t_busy = 65;
inline constexpr std::uint8_t t_no_answer = 66;
inline constexpr std::uint8_t t_no_page_response = 67;
inline constexpr std::uint8_t t_routable = 68;
inline constexpr std::uint8_t t_answer = 69;
inline constexpr std::uint8_t t_disconnect = 70;
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
bytes encode(const call_control_directive_result& v);
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
// Only what all five share is required (BillingID, MSCID, TriggerType) ...
decoded<event_trigger> decode_event_trigger(std::span<const std::uint8_t> set);
// ... or what `opcode` (TAnswer, TBusy, TNoAnswer, TDisconnect, ODisconnect)
// makes mandatory; another opcode: the three shared ones.
decoded<event_trigger> decode_event_trigger(std::int32_t opcode, std::span<const std::uint8_t> set);
decoded<event_trigger_result> decode_event_trigger_result(std::span<const std::uint8_t> set);
decoded<call_control_directive> decode_call_control_directive(std::span<const std::uint8_t> set);
decoded<call_control_directive_result> decode_call_control_directive_result(
    std::span<const std::uint8_t> set);
// An empty SET (or a SET of parameters this node ignores): InstructionRequest,
// DisconnectResource, empty results.
decoded<bool> decode_empty(std::span<const std::uint8_t> set);

// --- the CMR contract's seizure (docs/cdma-delivery.md) ----------------------------------

// A SeizeResource as an IP of this contract reads it: the announcement id in
// PrivateSpecializedResource, 4 octets big-endian (X.S0004 leaves the octets
// to bilateral agreement and makes every SeizeResource parameter optional;
// the contract names the resource at seizure, so the IP requires it).
// Refused: `reject` (the SET does not decode: Reject, mistyped parameter) or
// the ReturnError `error` (MissingParameter, ParameterError,
// UnrecognizedParameterValue for id 0), `why` for the log.
struct seizure_refusal {
  bool reject = false;
  std::int32_t error = 0;
  std::string why;
};
result<std::uint32_t, seizure_refusal> read_seizure(std::span<const std::uint8_t> set);
// "Digits (Dialed): detail": a decode error for logs.
std::string describe(const decode_error& e);

}  // namespace cmr::in::ansi41
