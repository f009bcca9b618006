// Per-operation argument codecs. `in` / the result is the component's
// parameter: the complete TLV that tc_component::parameter holds.
//
// decode_* never crash or loop on any input and return decode_error for
// anything that is not a valid argument of that operation in that variant
// (not_supported when the variant has no such operation, e.g.
// ContinueWithArgument in CAP v2). encode_* return an empty vector for a
// struct the variant cannot carry. Fields a variant does not define are
// skipped when encoding for it.
#pragma once

#include <span>

#include "in/codec/operations.h"

namespace cmr::in::codec {

using in_bytes = std::span<const std::uint8_t>;

decode_result<initial_dp> decode_initial_dp(protocol_variant v, in_bytes in);
bytes encode_initial_dp(protocol_variant v, const initial_dp& a);

decode_result<request_report_bcsm_event> decode_request_report_bcsm_event(protocol_variant v,
                                                                          in_bytes in);
bytes encode_request_report_bcsm_event(protocol_variant v, const request_report_bcsm_event& a);

decode_result<event_report_bcsm> decode_event_report_bcsm(protocol_variant v, in_bytes in);
bytes encode_event_report_bcsm(protocol_variant v, const event_report_bcsm& a);

decode_result<connect_arg> decode_connect(protocol_variant v, in_bytes in);
bytes encode_connect(protocol_variant v, const connect_arg& a);

decode_result<continue_with_argument> decode_continue_with_argument(protocol_variant v,
                                                                    in_bytes in);
bytes encode_continue_with_argument(protocol_variant v, const continue_with_argument& a);

decode_result<release_call> decode_release_call(protocol_variant v, in_bytes in);
bytes encode_release_call(protocol_variant v, const release_call& a);

decode_result<connect_to_resource> decode_connect_to_resource(protocol_variant v, in_bytes in);
bytes encode_connect_to_resource(protocol_variant v, const connect_to_resource& a);

decode_result<establish_temporary_connection> decode_establish_temporary_connection(
    protocol_variant v, in_bytes in);
bytes encode_establish_temporary_connection(protocol_variant v,
                                            const establish_temporary_connection& a);

decode_result<assist_request_instructions> decode_assist_request_instructions(protocol_variant v,
                                                                              in_bytes in);
bytes encode_assist_request_instructions(protocol_variant v, const assist_request_instructions& a);

decode_result<play_announcement> decode_play_announcement(protocol_variant v, in_bytes in);
bytes encode_play_announcement(protocol_variant v, const play_announcement& a);

decode_result<prompt_and_collect> decode_prompt_and_collect(protocol_variant v, in_bytes in);
bytes encode_prompt_and_collect(protocol_variant v, const prompt_and_collect& a);

// The ReturnResult parameter of PromptAndCollectUserInformation.
decode_result<received_information> decode_received_information(protocol_variant v, in_bytes in);
bytes encode_received_information(protocol_variant v, const received_information& a);

decode_result<specialized_resource_report> decode_specialized_resource_report(protocol_variant v,
                                                                              in_bytes in);
bytes encode_specialized_resource_report(protocol_variant v, const specialized_resource_report& a);

decode_result<dfc_with_argument> decode_dfc_with_argument(protocol_variant v, in_bytes in);
bytes encode_dfc_with_argument(protocol_variant v, const dfc_with_argument& a);

decode_result<initiate_call_attempt> decode_initiate_call_attempt(protocol_variant v, in_bytes in);
bytes encode_initiate_call_attempt(protocol_variant v, const initiate_call_attempt& a);

decode_result<initiate_call_attempt_result> decode_initiate_call_attempt_result(protocol_variant v,
                                                                                in_bytes in);
bytes encode_initiate_call_attempt_result(protocol_variant v,
                                          const initiate_call_attempt_result& a);

decode_result<move_leg> decode_move_leg(protocol_variant v, in_bytes in);
bytes encode_move_leg(protocol_variant v, const move_leg& a);

decode_result<disconnect_leg> decode_disconnect_leg(protocol_variant v, in_bytes in);
bytes encode_disconnect_leg(protocol_variant v, const disconnect_leg& a);

decode_result<reset_timer> decode_reset_timer(protocol_variant v, in_bytes in);
bytes encode_reset_timer(protocol_variant v, const reset_timer& a);

decode_result<cancel_arg> decode_cancel(protocol_variant v, in_bytes in);
bytes encode_cancel(protocol_variant v, const cancel_arg& a);

// Error parameters (ReturnError components).
decode_result<cancel_failed> decode_cancel_failed(protocol_variant v, in_bytes in);
bytes encode_cancel_failed(protocol_variant v, const cancel_failed& a);
// requestedInfoError, systemFailure, taskRefused: ENUMERATED parameters.
decode_result<enumerated_error> decode_error_parameter(protocol_variant v, std::int32_t error,
                                                       in_bytes in);
bytes encode_error_parameter(protocol_variant v, std::int32_t error, const enumerated_error& a);

}  // namespace cmr::in::codec
