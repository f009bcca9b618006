// Operation codes, error codes and TriggerType names (values checked against
// Wireshark's ANSI MAP dissector: ansi_map_opr_code_strings, ansi_map.asn).
#include <string>

#include "in/ansi41/win_operations.h"
#include "in/ansi_tcap/ansi_tcap_message.h"

namespace cmr::in::ansi41 {

namespace {
constexpr std::uint8_t family = 9;  // ANSI-41 operation family (private)
constexpr std::int32_t op(std::uint8_t specifier) {
  return ansi_tcap::private_op(family, specifier);
}
constexpr std::int32_t err(std::uint8_t code) { return ansi_tcap::private_error(code); }

struct named {
  std::int32_t code;
  const char* name;
};
// clang-format off
constexpr named k_operations[] = {
    {op(64), "AnalyzedInformation"},
    {op(66), "ConnectResource"},
    {op(67), "DisconnectResource"},
    {op(69), "InstructionRequest"},
    {op(73), "SeizeResource"},
    {op(74), "SRFDirective"},
    {op(75), "TBusy"},
    {op(76), "TNoAnswer"},
    {op(81), "CallControlDirective"},
    {op(83), "ODisconnect"},
    {op(85), "TAnswer"},
    {op(86), "TDisconnect"},
};
constexpr named k_errors[] = {
    {err(0x81), "UnrecognizedMIN"},
    {err(0x82), "UnrecognizedESN"},
    {err(0x83), "MIN/HLRMismatch"},
    {err(0x84), "OperationSequenceProblem"},
    {err(0x85), "ResourceShortage"},
    {err(0x86), "OperationNotSupported"},
    {err(0x87), "TrunkUnavailable"},
    {err(0x88), "ParameterError"},
    {err(0x89), "SystemFailure"},
    {err(0x8a), "UnrecognizedParameterValue"},
    {err(0x8b), "FeatureInactive"},
    {err(0x8c), "MissingParameter"},
};
// clang-format on
}  // namespace

namespace opcode {
std::int32_t analyzed_information() { return op(64); }
std::int32_t connect_resource() { return op(66); }
std::int32_t disconnect_resource() { return op(67); }
std::int32_t instruction_request() { return op(69); }
std::int32_t seize_resource() { return op(73); }
std::int32_t srf_directive() { return op(74); }
std::int32_t t_busy() { return op(75); }
std::int32_t t_no_answer() { return op(76); }
std::int32_t call_control_directive() { return op(81); }
std::int32_t o_disconnect() { return op(83); }
std::int32_t t_answer() { return op(85); }
std::int32_t t_disconnect() { return op(86); }
}  // namespace opcode

const char* operation_name(std::int32_t code) {
  for (const auto& o : k_operations)
    if (o.code == code) return o.name;
  return nullptr;
}

namespace error_code {
std::int32_t unrecognized_min() { return err(0x81); }
std::int32_t unrecognized_esn() { return err(0x82); }
std::int32_t min_hlr_mismatch() { return err(0x83); }
std::int32_t operation_sequence_problem() { return err(0x84); }
std::int32_t resource_shortage() { return err(0x85); }
std::int32_t operation_not_supported() { return err(0x86); }
std::int32_t trunk_unavailable() { return err(0x87); }
std::int32_t parameter_error() { return err(0x88); }
std::int32_t system_failure() { return err(0x89); }
std::int32_t unrecognized_parameter_value() { return err(0x8a); }
std::int32_t feature_inactive() { return err(0x8b); }
std::int32_t missing_parameter() { return err(0x8c); }
}  // namespace error_code

const char* error_name(std::int32_t code) {
  for (const auto& e : k_errors)
    if (e.code == code) return e.name;
  return nullptr;
}

std::string trigger_name(std::uint8_t t) {
  switch (t) {
    case trigger::all_calls: return "All_Calls";
    case trigger::local_call: return "Local_Call";
    case trigger::intra_lata_toll_call: return "Intra-LATA_Toll_Call";
    case trigger::inter_lata_toll_call: return "Inter-LATA_Toll_Call";
    case trigger::world_zone_call: return "World_Zone_Call";
    case trigger::international_call: return "International_Call";
    case trigger::unrecognized_number: return "Unrecognized_Number";
    case trigger::prior_agreement: return "Prior_Agreement";
    case trigger::specific_called_party_digit_string: return "Specific_Called_Party_Digit_String";
    case trigger::mobile_termination: return "MobileTermination";
    case trigger::advanced_termination: return "AdvancedTermination";
    case trigger::origination_attempt_authorized: return "OriginationAttemptAuthorized";
    case trigger::calling_routing_address_available: return "CallingRoutingAddressAvailable";
    case trigger::initial_termination: return "InitialTermination";
    case trigger::called_routing_address_available: return "CalledRoutingAddressAvailable";
    case trigger::o_answer: return "OAnswer";
    case trigger::o_disconnect: return "ODisconnect";
    case trigger::o_called_party_busy: return "OCalledPartyBusy";
    case trigger::o_no_answer: return "ONoAnswer";
    case trigger::terminating_resource_available: return "TerminatingResourceAvailable";
    case trigger::t_busy: return "TBusy";
    case trigger::t_no_answer: return "TNoAnswer";
    case trigger::t_no_page_response: return "TNoPageResponse";
    case trigger::t_routable: return "TRoutable";
    case trigger::t_answer: return "TAnswer";
    case trigger::t_disconnect: return "TDisconnect";
    default: return std::to_string(t);
  }
}

}  // namespace cmr::in::ansi41
