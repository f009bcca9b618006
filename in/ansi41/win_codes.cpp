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
constexpr std::int32_t err(std::uint8_t code) {
  return ansi_tcap::private_error(code);
}

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
// clang-format off
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
// clang-format on
}  // namespace opcode

const char* operation_name(std::int32_t code) {
  for (const auto& o : k_operations)
    if (o.code == code) return o.name;
  return nullptr;
}

namespace error_code {
// clang-format off
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
// clang-format on
}  // namespace error_code

const char* error_name(std::int32_t code) {
  for (const auto& e : k_errors)
    if (e.code == code) return e.name;
  return nullptr;
}

namespace {
struct trigger_named {
  std::uint8_t value;
  const char* name;
};
// clang-format off
constexpr trigger_named k_triggers[] = {
    {trigger::all_calls, "All_Calls"},
    {trigger::local_call, "Local_Call"},
    {trigger::intra_lata_toll_call, "Intra-LATA_Toll_Call"},
    {trigger::inter_lata_toll_call, "Inter-LATA_Toll_Call"},
    {trigger::world_zone_call, "World_Zone_Call"},
    {trigger::international_call, "International_Call"},
    {trigger::unrecognized_number, "Unrecognized_Number"},
    {trigger::prior_agreement, "Prior_Agreement"},
    {trigger::specific_called_party_digit_string, "Specific_Called_Party_Digit_String"},
    {trigger::mobile_termination, "MobileTermination"},
    {trigger::advanced_termination, "AdvancedTermination"},
    {trigger::origination_attempt_authorized, "OriginationAttemptAuthorized"},
    {trigger::calling_routing_address_available, "CallingRoutingAddressAvailable"},
    {trigger::initial_termination, "InitialTermination"},
    {trigger::called_routing_address_available, "CalledRoutingAddressAvailable"},
    {trigger::o_answer, "OAnswer"},
    {trigger::o_disconnect, "ODisconnect"},
    {trigger::o_called_party_busy, "OCalledPartyBusy"},
    {trigger::o_no_answer, "ONoAnswer"},
    {trigger::terminating_resource_available, "TerminatingResourceAvailable"},
    {trigger::t_busy, "TBusy"},
    {trigger::t_no_answer, "TNoAnswer"},
    {trigger::t_no_page_response, "TNoPageResponse"},
    {trigger::t_routable, "TRoutable"},
    {trigger::t_answer, "TAnswer"},
    {trigger::t_disconnect, "TDisconnect"},
};
// clang-format on
}  // namespace

std::string trigger_name(std::uint8_t t) {
  for (const auto& n : k_triggers)
    if (n.value == t) return n.name;
  return std::to_string(t);
}

}  // namespace cmr::in::ansi41
