// Operation codes, error codes and application-context names of CAP
// (3GPP TS 29.078) and ETSI Core INAP CS-1 (ETS 300 374-1).
//
// Verified against: Wireshark's CAP ASN.1 (epan/dissectors/asn1/camel, 29.078
// v11 CAP-operationcodes/errorcodes and its AC registrations), its INAP
// dissector registrations, and the CAP-object-identifiers module of 29.078
// (id-CAP3 0.4.0.0.1.20, id-CAP3OE ..21, id-CAP ..22, id-CAPOE ..23; contexts
// under <root>.ac(3)). INAP CS-1 uses the same codes for the operations
// listed here. Note: CAP has no MergeCallSegments (an INAP CS-2 operation);
// CAP v4 call party handling merges legs with MoveLeg.
#pragma once

#include <cstdint>
#include <optional>

#include "in/codec/codec_types.h"

namespace cmr::in::codec {

namespace opcode {
inline constexpr std::int32_t initial_dp = 0;
inline constexpr std::int32_t assist_request_instructions = 16;
inline constexpr std::int32_t establish_temporary_connection = 17;
inline constexpr std::int32_t disconnect_forward_connection = 18;
inline constexpr std::int32_t connect_to_resource = 19;
inline constexpr std::int32_t connect = 20;
inline constexpr std::int32_t release_call = 22;
inline constexpr std::int32_t request_report_bcsm_event = 23;
inline constexpr std::int32_t event_report_bcsm = 24;
inline constexpr std::int32_t continue_ = 31;
inline constexpr std::int32_t initiate_call_attempt = 32;
inline constexpr std::int32_t reset_timer = 33;
inline constexpr std::int32_t play_announcement = 47;
inline constexpr std::int32_t prompt_and_collect_user_information = 48;
inline constexpr std::int32_t specialized_resource_report = 49;
inline constexpr std::int32_t cancel = 53;
inline constexpr std::int32_t activity_test = 55;
inline constexpr std::int32_t dfc_with_argument = 86;        // CAP v4
inline constexpr std::int32_t continue_with_argument = 88;   // CAP v3, v4
inline constexpr std::int32_t disconnect_leg = 90;           // CAP v4
inline constexpr std::int32_t move_leg = 93;                 // CAP v4
inline constexpr std::int32_t split_leg = 95;                // CAP v4
}  // namespace opcode

namespace error_code {
inline constexpr std::int32_t canceled = 0;
inline constexpr std::int32_t cancel_failed = 1;
inline constexpr std::int32_t etc_failed = 3;
inline constexpr std::int32_t improper_caller_response = 4;
inline constexpr std::int32_t missing_customer_record = 6;
inline constexpr std::int32_t missing_parameter = 7;
inline constexpr std::int32_t parameter_out_of_range = 8;
inline constexpr std::int32_t requested_info_error = 10;
inline constexpr std::int32_t system_failure = 11;
inline constexpr std::int32_t task_refused = 12;
inline constexpr std::int32_t unavailable_resource = 13;
inline constexpr std::int32_t unexpected_component_sequence = 14;
inline constexpr std::int32_t unexpected_data_value = 15;
inline constexpr std::int32_t unexpected_parameter = 16;
inline constexpr std::int32_t unknown_leg_id = 17;
inline constexpr std::int32_t unknown_resource = 18;  // INAP CS-1
inline constexpr std::int32_t unknown_csid = 51;      // CAP v4
}  // namespace error_code

namespace ac {
// CAP phase 2 (GSM 09.78): {gsm-Network(1) ac(0) <context> version2(1)}.
inline const oid cap_v2_gsmssf_to_gsmscf{0, 4, 0, 0, 1, 0, 50, 1};
inline const oid cap_v2_assist_gsmssf_to_gsmscf{0, 4, 0, 0, 1, 0, 51, 1};
inline const oid cap_v2_gsmsrf_to_gsmscf{0, 4, 0, 0, 1, 0, 52, 1};
// CAP phase 3: capssf-scfGenericAC {id-acE 4}, assist {id-acE 6}, gsmSRF {id-ac 14}.
inline const oid cap_v3_gsmssf_scf_generic{0, 4, 0, 0, 1, 21, 3, 4};
inline const oid cap_v3_gsmssf_scf_assist_handoff{0, 4, 0, 0, 1, 21, 3, 6};
inline const oid cap_v3_gsmsrf_gsmscf{0, 4, 0, 0, 1, 20, 3, 14};
// CAP phase 4: same context numbers under the phase 4 roots, plus the
// gsmSCF-initiated context used for InitiateCallAttempt.
inline const oid cap_v4_gsmssf_scf_generic{0, 4, 0, 0, 1, 23, 3, 4};
inline const oid cap_v4_gsmssf_scf_assist_handoff{0, 4, 0, 0, 1, 23, 3, 6};
inline const oid cap_v4_scf_gsmssf_generic{0, 4, 0, 0, 1, 23, 3, 8};
inline const oid cap_v4_gsmsrf_gsmscf{0, 4, 0, 0, 1, 22, 3, 14};
// ETSI Core INAP CS-1: {etsi inDomain(1) in-network(1) ac(1) <context> version1(0)}.
inline const oid inap_cs1_ssp_to_scp{0, 4, 0, 1, 1, 1, 0, 0};
inline const oid inap_cs1_assist_handoff_ssp_to_scp{0, 4, 0, 1, 1, 1, 1, 0};
inline const oid inap_cs1_ip_to_scp{0, 4, 0, 1, 1, 1, 2, 0};
}  // namespace ac

// What an application context is, for the dialogue layer's accept/refuse.
enum class ac_role : std::uint8_t { ssf_to_scf, assist_handoff, srf_to_scf, scf_to_ssf };
struct ac_info {
  protocol_variant variant;
  ac_role role;
};
// nullopt when the context is not one this node supports.
std::optional<ac_info> classify_ac(const oid& name);

}  // namespace cmr::in::codec
