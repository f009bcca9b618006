// CAP v2/v3/v4 and INAP CS-1 operation arguments as protocol-neutral structs.
//
// One struct per operation serves every variant; fields a variant does not
// have are ignored when encoding for it (and never filled when decoding it).
// Number fields hold the ISUP/MAP octets (see address.h for the helpers), so
// values pass through the SCP unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "in/codec/operation_types.h"

namespace cmr::in::codec {

// --- InitialDP (0), SSF -> SCF ------------------------------------------------
struct location_information {
  std::optional<std::int32_t> age;
  std::optional<bytes> geographical_information;
  std::optional<isdn_address> vlr_number;
  std::optional<isup_number> location_number;
  std::optional<bytes> cell_global_id;  // 7 octets, fixed length
  std::optional<bytes> lai;             // 5 octets, fixed length
  bool operator==(const location_information&) const = default;
};

struct initial_dp {
  std::uint32_t service_key = 0;
  std::optional<isup_number> dialled_digits;           // INAP
  std::optional<isup_number> called_party_number;
  std::optional<isup_number> calling_party_number;
  std::optional<std::uint8_t> calling_partys_category;
  std::optional<std::uint8_t> cg_encountered;
  std::optional<bytes> ip_ssp_capabilities;
  std::optional<bytes> ip_available;                   // INAP
  std::optional<isup_number> location_number;
  std::optional<misc_call_info> misc_call_info_;       // INAP
  std::optional<isup_number> original_called_party_id;
  std::optional<bytes> service_profile_identifier;     // INAP
  std::optional<std::uint8_t> terminal_type;           // INAP
  extensions ext;
  std::optional<std::uint8_t> trigger_type;            // INAP
  std::optional<bytes> cause;
  std::optional<bytes> high_layer_compatibility;
  std::optional<bytes> service_interaction_indicators; // INAP
  std::optional<bytes> additional_calling_party_number;
  std::optional<bytes> forward_call_indicators;        // INAP
  std::optional<bytes> bearer_capability;              // bearerCap
  std::optional<std::uint8_t> bearer_tmr;              // INAP alternative
  std::optional<event_type_bcsm> event_type;
  std::optional<isup_number> redirecting_party_id;
  std::optional<bytes> redirection_information;
  // CAP only
  std::optional<bytes> imsi;                           // TBCD
  std::optional<location_information> location;
  std::optional<bytes> call_reference_number;
  std::optional<isdn_address> msc_address;
  std::optional<bytes> called_party_bcd_number;        // 24.008 format
  std::optional<bytes> time_and_timezone;              // 8 octets BCD
  bool call_forwarding_ss_pending = false;
  bool operator==(const initial_dp&) const = default;
};

// --- RequestReportBCSMEvent (23), SCF -> SSF ------------------------------------
struct bcsm_event {
  event_type_bcsm event = event_type_bcsm::o_answer;
  monitor_mode mode = monitor_mode::notify_and_continue;
  std::optional<leg_id> leg;
  std::optional<std::uint16_t> application_timer;  // CAP: no-answer timer, seconds
  std::optional<std::uint8_t> number_of_digits;    // INAP
  bool automatic_rearm = false;                    // CAP v4
  bool operator==(const bcsm_event&) const = default;
};

struct request_report_bcsm_event {
  std::vector<bcsm_event> events;
  std::optional<bytes> correlation_id;  // INAP bcsmEventCorrelationID
  extensions ext;
  bool operator==(const request_report_bcsm_event&) const = default;
};

// --- EventReportBCSM (24), SSF -> SCF --------------------------------------------
struct event_specific_info {
  // Context tag of the EventSpecificInformationBCSM alternative: 2 routeSelectFailure,
  // 3 oCalledPartyBusy, 4 oNoAnswer, 5 oAnswer, 6 oMidCall, 7 oDisconnect, 8 tBusy,
  // 9 tNoAnswer, 10 tAnswer, 11 tMidCall, 12 tDisconnect, 13 oTermSeized,
  // 20 callAccepted, 21 oAbandon (0/1 collected/analyzed: INAP).
  std::uint8_t alternative = 0;
  std::optional<bytes> cause;  // failure, busy or release cause (Q.850 octets)
  std::optional<isup_number> destination_address;  // o/tAnswer
  bool or_call = false;
  bool forwarded_call = false;
  bool call_forwarded = false;                      // tBusy, tNoAnswer
  bool route_not_permitted = false;                 // tBusy, oAbandon
  std::optional<isup_number> forwarding_destination;  // tBusy, tNoAnswer
  bool operator==(const event_specific_info&) const = default;
};

struct event_report_bcsm {
  event_type_bcsm event = event_type_bcsm::o_answer;
  std::optional<bytes> correlation_id;  // INAP
  std::optional<event_specific_info> info;
  std::optional<leg_id> leg;            // CAP: receivingSideID
  std::optional<misc_call_info> misc;   // absent = request
  extensions ext;
  bool operator==(const event_report_bcsm&) const = default;
};

// --- Connect (20), SCF -> SSF ------------------------------------------------------
struct connect_arg {
  std::vector<isup_number> destination_routing_address;  // CAP: exactly one
  std::optional<bytes> alerting_pattern;                 // 3 octets; last = 29.002 pattern
  std::optional<bytes> correlation_id;                   // INAP
  std::optional<isup_number> original_called_party_id;
  std::optional<bytes> scf_id;                           // INAP
  extensions ext;
  std::optional<bytes> carrier;
  std::vector<bytes> generic_numbers;                    // CAP
  std::optional<std::uint8_t> bothway_through_connection; // CAP SII-Two
  std::optional<leg_id> leg_to_be_connected;             // CAP v4
  std::optional<bytes> service_interaction_indicators;   // INAP
  std::optional<isup_number> calling_party_number;       // INAP
  std::optional<std::uint8_t> calling_partys_category;
  std::optional<isup_number> redirecting_party_id;
  std::optional<bytes> redirection_information;
  std::optional<bytes> cug_interlock;                    // CAP
  bool cug_outgoing_access = false;                      // CAP
  bool suppression_of_announcement = false;              // CAP
  bool o_csi_applicable = false;                         // CAP
  bool operator==(const connect_arg&) const = default;
};

// --- ContinueWithArgument (88), CAP v3/v4 -------------------------------------------
struct continue_with_argument {
  std::optional<bytes> alerting_pattern;
  extensions ext;
  std::optional<std::uint8_t> calling_partys_category;
  bool suppression_of_announcement = false;
  bool suppress_o_csi = false;
  std::optional<leg_id> leg;                 // v4 continueWithArgumentArgExtension.legOrCallSegment
  std::optional<std::uint8_t> call_segment;  // v4, ditto
  bool operator==(const continue_with_argument&) const = default;
};

// --- ReleaseCall (22) ------------------------------------------------------------------
struct release_call {
  bytes cause{0x80, 0x90};  // Q.850: location user, cause 16 normal clearing
  bool with_extension = false;  // CAP v4 allCallSegmentsWithExtension form
  extensions ext;
  bool operator==(const release_call&) const = default;
};

// --- ConnectToResource (19) ---------------------------------------------------------------
struct connect_to_resource {
  std::optional<isup_number> ip_routing_address;  // absent + no leg = none
  std::optional<leg_id> leg;                      // INAP legID / both
  extensions ext;
  std::optional<std::uint8_t> bothway_through_connection;  // CAP SII-Two
  std::optional<bytes> service_interaction_indicators;     // INAP
  std::optional<std::uint8_t> call_segment;                // CAP v4
  bool operator==(const connect_to_resource&) const = default;
};

// --- EstablishTemporaryConnection (17) ------------------------------------------------------
struct establish_temporary_connection {
  bytes assisting_ssp_ip_routing_address;  // Generic Number octets
  std::optional<bytes> correlation_id;     // Generic Digits octets
  std::optional<leg_id> party_to_connect;  // INAP
  std::optional<bytes> scf_id;
  extensions ext;
  std::optional<bytes> carrier;            // CAP v3/v4, INAP
  std::optional<std::uint8_t> bothway_through_connection;
  std::optional<std::uint8_t> call_segment;  // CAP v4
  std::optional<bytes> service_interaction_indicators;  // INAP
  bool operator==(const establish_temporary_connection&) const = default;
};

// --- AssistRequestInstructions (16) -------------------------------------------------------
struct assist_request_instructions {
  bytes correlation_id;                     // Generic Number octets
  std::optional<bytes> ip_available;        // INAP
  std::optional<bytes> ip_ssp_capabilities; // mandatory in CAP
  extensions ext;
  bool operator==(const assist_request_instructions&) const = default;
};

// --- PlayAnnouncement (47) -----------------------------------------------------------------
struct variable_part {
  enum class kind : std::uint8_t { integer = 0, number = 1, time = 2, date = 3, price = 4 };
  kind type = kind::integer;
  std::uint32_t integer = 0;
  bytes octets;  // number, time, date, price
  bool operator==(const variable_part&) const = default;
};

struct play_announcement {
  enum class what : std::uint8_t { elementary, text, elementary_list, variable, tone, display };
  what info = what::elementary;
  std::uint32_t message_id = 0;            // elementary, variable; tone: toneID
  std::vector<std::uint32_t> message_ids;  // elementary_list
  std::string text;                        // text, display (INAP)
  std::optional<bytes> text_attributes;
  std::vector<variable_part> variable_parts;
  std::optional<std::uint8_t> number_of_repetitions;
  std::optional<std::uint16_t> duration;   // seconds; tone: duration
  std::optional<std::uint16_t> interval;
  std::optional<bool> disconnect_from_ip_forbidden;    // absent = TRUE
  std::optional<bool> request_announcement_complete;   // absent = TRUE
  extensions ext;
  std::optional<std::uint8_t> call_segment;            // CAP v4
  std::optional<bool> request_announcement_started;    // CAP v4, absent = FALSE
  bool operator==(const play_announcement&) const = default;
};

// --- PromptAndCollectUserInformation (48) and ReceivedInformation -------------------------
// collectedDigits (CAP and INAP) or, INAP only, iA5Information. DEFAULTs are
// kept as optionals (absent = the default), so a value re-encodes as received.
struct collected_digits {
  std::optional<std::uint8_t> minimum_digits;  // absent = 1
  std::uint8_t maximum_digits = 1;
  std::optional<bytes> end_of_reply_digit;     // 1..2 octets
  std::optional<bytes> cancel_digit;
  std::optional<bytes> start_digit;
  std::optional<std::uint8_t> first_digit_timeout_s;
  std::optional<std::uint8_t> inter_digit_timeout_s;
  std::optional<std::uint8_t> error_treatment;  // 0 stdErrorAndInfo (default), 1 help, 2 repeatPrompt
  std::optional<bool> interruptable_ann_ind;    // absent = TRUE
  std::optional<bool> voice_information;        // absent = FALSE
  std::optional<bool> voice_back;               // absent = FALSE
  bool operator==(const collected_digits&) const = default;
};

struct prompt_and_collect {
  bool ia5_information = false;  // INAP iA5Information alternative (then `digits` is unused)
  bool ia5_value = false;
  collected_digits digits;
  std::optional<bool> disconnect_from_ip_forbidden;  // absent = TRUE
  // informationToSend: only its information fields are used (info, message
  // ids, text, variable parts, repetitions, duration, interval).
  std::optional<play_announcement> information;
  extensions ext;
  std::optional<std::uint8_t> call_segment;           // CAP v4
  std::optional<bool> request_announcement_started;   // CAP v4, absent = FALSE
  bool operator==(const prompt_and_collect&) const = default;
};

// ReceivedInformationArg: digitsResponse (Q.763 Generic Digits octets), or
// INAP's iA5Response.
struct received_information {
  bool ia5 = false;
  bytes digits;      // digitsResponse: the Generic Digits octets as sent
  std::string text;  // iA5Response
  bool operator==(const received_information&) const = default;
};

// Generic Digits (Q.763 3.24) of collected digits: octet 1 = encoding
// scheme (bits 8-6: 0 BCD even, 1 BCD odd, 2 IA5) | type of digits (bits
// 5-1), then the digits. BCD digits 0-9, '*' = 0xB, '#' = 0xC (Q.763
// 3.24 table: 1011 '*', 1100 '#'), low nibble first.
bytes encode_collected_digits(const std::string& digits, bool ia5, std::uint8_t type_of_digits = 0);
// The digits ("*", "12#"), nullopt when the octets are no Generic Digits
// this codec reads (empty, unknown encoding scheme, a filler in the middle).
std::optional<std::string> decode_collected_digits(std::span<const std::uint8_t> octets);

// --- SpecializedResourceReport (49) ----------------------------------------------------------
struct specialized_resource_report {
  // CAP v2/v3 and INAP carry NULL (= all announcements complete).
  bool first_announcement_started = false;  // CAP v4 only
  bool operator==(const specialized_resource_report&) const = default;
};

// --- DisconnectForwardConnectionWithArgument (86), CAP v4 -----------------------------------
struct dfc_with_argument {
  std::optional<std::uint8_t> call_segment;
  extensions ext;
  bool operator==(const dfc_with_argument&) const = default;
};

// --- InitiateCallAttempt (32), CAP v4 ---------------------------------------------------------
struct initiate_call_attempt {
  isup_number destination_routing_address;
  extensions ext;
  std::optional<leg_id> leg_to_be_created;
  std::optional<std::uint8_t> new_call_segment;
  std::optional<isup_number> calling_party_number;
  std::optional<bytes> call_reference_number;
  std::optional<isdn_address> gsm_scf_address;
  bool suppress_t_csi = false;
  bool operator==(const initiate_call_attempt&) const = default;
};

struct initiate_call_attempt_result {
  std::optional<bytes> supported_camel_phases;          // BIT STRING content incl. unused-bits octet
  std::optional<bytes> offered_camel4_functionalities;  // ditto
  extensions ext;
  bool release_call_arg_extension_allowed = false;
  bool operator==(const initiate_call_attempt_result&) const = default;
};

// --- MoveLeg (93), DisconnectLeg (90), CAP v4 ----------------------------------------------------
struct move_leg {
  leg_id leg{true, 2};
  extensions ext;
  bool operator==(const move_leg&) const = default;
};

struct disconnect_leg {
  leg_id leg{true, 2};
  std::optional<bytes> release_cause;
  extensions ext;
  bool operator==(const disconnect_leg&) const = default;
};

// --- ResetTimer (33), Cancel (53) ----------------------------------------------------------------
struct reset_timer {
  std::uint32_t timer_value = 0;  // seconds
  bool timer_id_present = false;  // tssf, the default
  extensions ext;
  std::optional<std::uint8_t> call_segment;  // CAP v4
  bool operator==(const reset_timer&) const = default;
};

struct cancel_arg {
  enum class what : std::uint8_t { invoke_id, all_requests, call_segment };
  what kind = what::all_requests;
  std::int8_t invoke_id = 0;                         // invoke_id; call_segment if present
  bool segment_has_invoke_id = false;
  std::optional<std::uint8_t> call_segment;          // call_segment (CAP v4)
  bool operator==(const cancel_arg&) const = default;
};

// --- Error parameters -----------------------------------------------------------------------------
struct cancel_failed {
  std::uint8_t problem = 0;  // 0 unknownOperation, 1 tooLate, 2 operationNotCancellable
  std::int8_t operation = 0;
  bool operator==(const cancel_failed&) const = default;
};
// requestedInfoError: 1 unknownRequestedInfo, 2 requestedInfoNotAvailable
// systemFailure: 0 unavailableResources .. 4 endUserFailure
// taskRefused: 0 generic, 1 unobtainable, 2 congestion
struct enumerated_error {
  std::uint8_t value = 0;
  bool operator==(const enumerated_error&) const = default;
};

}  // namespace cmr::in::codec
